from datetime import date

from ninja import Schema

from pacte.kernel.api_schema import Day, FilledText, Int, Line, Text, choice

from .models import Level


class RiskIn(Schema):
    engagement_id: Int
    description: Line[300]
    likelihood: choice(Level) = "medium"
    impact: choice(Level) = "medium"
    mitigation: Text = ""
    announced_on: Day | None = None


class RiskOut(Schema):
    id: int
    engagement_id: int
    description: str
    likelihood: str
    impact: str
    mitigation: str
    announced_on: date | None
    status: str
    occurred_on: date | None
    situation_id: int | None


class AnnounceIn(Schema):
    announced_on: Day | None = None


class OccurIn(Schema):
    options: FilledText
    occurred_on: Day | None = None
