from datetime import date

from ninja import Schema
from pydantic import Field

from pacte.decisions.models import DecisionChoice
from pacte.kernel.api_schema import Bool, Day, Int, Line, OptionalLine, Text, choice

from .models import ProcessLevel, ReviewKind
from .registries import LifecycleStage


class SuggestionOut(Schema):
    stage: str
    rule: str
    reason: str


class StageConfirmationOut(Schema):
    stage: str
    confirmed_on: date
    note: str
    confirmed_by: str | None
    suggested_rule: str


class RelationshipOut(Schema):
    started_on: date
    months: int
    # The reference median length of a technology partnership, in months: about 4.5 years
    # today, 7 in the 1990s (the article on the five stages of a partnership).
    median_months_today: int
    median_months_1990s: int


class StageOut(Schema):
    stage: str | None
    confirmed_on: date | None
    note: str
    suggested: SuggestionOut | None
    history: list[StageConfirmationOut]
    relationship: RelationshipOut


class StageIn(Schema):
    stage: choice(LifecycleStage)
    note: Text = ""
    confirmed_on: Day | None = None


class CadenceIn(Schema):
    operational: Bool = False
    tactical: Bool = False
    strategic: Bool = False
    starts_on: Day | None = None


class DueOut(Schema):
    kind: str
    due_on: date


class OverdueOut(Schema):
    kind: str
    period_start: date
    period_end: date
    due_on: date
    days_late: int


class CadenceOut(Schema):
    engagement_id: int
    configured: bool
    operational: bool
    tactical: bool
    strategic: bool
    starts_on: date | None
    next_due: list[DueOut]
    overdue: list[OverdueOut]


class DecisionTakenIn(Schema):
    title: Line[200]
    # The client's answer at the review; "" while they have not answered.
    decision: choice(DecisionChoice, blank=True) = ""
    decided_by: OptionalLine[150] = ""
    note: Text = ""


class ReviewIn(Schema):
    kind: choice(ReviewKind)
    held_on: Day | None = None
    provider_attendee_ids: list[Int] = Field(default_factory=list, max_length=200)
    client_attendee_ids: list[Int] = Field(default_factory=list, max_length=200)
    others: OptionalLine[300] = ""
    minutes: Text = ""
    decisions: list[DecisionTakenIn] = Field(default_factory=list, max_length=20)


class DecisionTakenOut(Schema):
    recommendation_id: int
    title: str
    status: str


class ReviewOut(Schema):
    id: int
    engagement_id: int
    kind: str
    held_on: date
    provider_attendee_ids: list[int]
    client_attendee_ids: list[int]
    others: str
    minutes: str
    decisions: list[DecisionTakenOut]

    @staticmethod
    def resolve_provider_attendee_ids(review) -> list[int]:
        return [u.pk for u in review.provider_attendees.all()]

    @staticmethod
    def resolve_client_attendee_ids(review) -> list[int]:
        return [c.pk for c in review.client_attendees.all()]

    @staticmethod
    def resolve_decisions(review) -> list[dict]:
        return [
            {"recommendation_id": r.pk, "title": r.title, "status": r.status}
            for r in review.decisions.all()
        ]


class MinutesIn(Schema):
    minutes: Text


class LineOut(Schema):
    key: str
    label: str
    value: str
    verdict: str
    evidence: str


class ScorecardOut(Schema):
    client: list[LineOut]
    provider: list[LineOut]


class ProcessAssessmentIn(Schema):
    level: choice(ProcessLevel)
    note: Text = ""
    assessed_on: Day | None = None


class ProcessAssessmentOut(Schema):
    id: int
    client_id: int
    level: str
    note: str
    assessed_on: date
