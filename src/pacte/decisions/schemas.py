from datetime import date

from ninja import Schema

from pacte.engagements.schemas import move_names, request_actor
from pacte.kernel.api_schema import Bool, Day, FilledText, Int, Line, OptionalLine, Text, choice

from .models import DecisionChoice
from .selectors import available_moves


class RecommendationIn(Schema):
    engagement_id: Int
    title: Line[200]
    rationale: Text = ""
    risk_if_not_followed: Text = ""
    made_on: Day | None = None


class DecisionIn(Schema):
    decision: choice(DecisionChoice)
    # Who decided at the client: required from members (400 otherwise); a portal user's own
    # decision names them, whatever is given.
    decided_by: OptionalLine[150] = ""
    note: Text = ""
    decided_on: Day | None = None


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
    # What this actor may do now (RECOMMENDATION_TRANSITIONS): "accepted", "refused",
    # "deferred" (the values `decision` takes) and "implement". A viewer gets []; the client
    # in the portal gets the decisions.
    moves: list[str]

    @staticmethod
    def resolve_decisions(recommendation) -> list:
        return list(recommendation.decisions.all())

    @staticmethod
    def resolve_moves(recommendation, context) -> list[str]:
        actor = request_actor(context)
        if actor is None:
            return []
        return move_names(available_moves(actor=actor, obj=recommendation))


class ImplementIn(Schema):
    implemented_on: Day | None = None


class OutcomeIn(Schema):
    outcome: FilledText
    risk_materialised: Bool | None = None


class RefusalOut(Schema):
    decision_id: int
    recommendation_id: int
    recommendation: str
    engagement_id: int
    decided_by: str
    decided_on: str
    words: str
    still_refused: bool
