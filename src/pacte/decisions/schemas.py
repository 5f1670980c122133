from datetime import date

from ninja import Schema


class RecommendationIn(Schema):
    engagement_id: int
    title: str
    rationale: str = ""
    risk_if_not_followed: str = ""
    made_on: date | None = None


class DecisionIn(Schema):
    decision: str
    decided_by: str = ""
    note: str = ""
    decided_on: date | None = None


class DecisionOut(Schema):
    id: int
    recommendation_id: int
    decision: str
    decided_by: str
    decided_on: date
    words: str
    via_portal: bool


class RecommendationOut(Schema):
    id: int
    engagement_id: int
    title: str
    rationale: str
    risk_if_not_followed: str
    made_on: date
    status: str
    implemented_on: date | None
    decisions: list[DecisionOut]

    @staticmethod
    def resolve_decisions(recommendation) -> list:
        return list(recommendation.decisions.all())


class ImplementIn(Schema):
    implemented_on: date | None = None


class OutcomeIn(Schema):
    outcome: str
    risk_materialised: bool | None = None
