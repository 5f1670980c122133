from datetime import date

from ninja import Schema


class RiskIn(Schema):
    engagement_id: int
    description: str
    likelihood: str = "medium"
    impact: str = "medium"
    mitigation: str = ""
    announced_on: date | None = None


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
    announced_on: date | None = None


class OccurIn(Schema):
    options: str
    occurred_on: date | None = None
