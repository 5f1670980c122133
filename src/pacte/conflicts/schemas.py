import datetime as dt

from ninja import Schema
from pydantic import Field

from pacte.engagements.models import TerminatedBy
from pacte.engagements.schemas import move_names, request_actor
from pacte.kernel.api_schema import Day, FilledText, Int, Line, Text, choice, integer

from .models import ConflictCause, ConflictStatus
from .selectors import available_moves, is_past_follow_up


class ConflictIn(Schema):
    client_id: Int
    engagement_ids: list[Int] = Field(default_factory=list, max_length=200)
    summary: Line[200]
    opened_on: Day | None = None
    notes: Text = ""


class ConflictMoveIn(Schema):
    # The state to reach: a move of the playbook is named after its target.
    to: choice(ConflictStatus)
    on: Day | None = None
    notes: FilledText
    follow_up_on: Day | None = None
    cause: choice(ConflictCause, blank=True) = ""
    proposed: Text = ""
    # For `awaiting_decision`: why, and the risk if the solution is not followed (the
    # recommendation's), and the engagement to record it on (the case's first by default).
    why: Text = ""
    risk_if_not_followed: Text = ""
    engagement_id: Int | None = None
    # For `exit`: the engagements to terminate (by default the case's still open), who ends
    # it, why (the notes by default) and the notice in days.
    terminate_engagement_ids: list[Int] | None = Field(default=None, max_length=200)
    terminated_by: choice(TerminatedBy, blank=True) = ""
    reason: Text = ""
    notice_days: integer(minimum=0, maximum=365) | None = None


class ConflictStepOut(Schema):
    id: int
    from_status: str
    to_status: str
    on: dt.date
    notes: str
    proposed: str
    follow_up_on: dt.date | None
    cause: str
    recorded_at: dt.datetime


class ConflictOut(Schema):
    id: int
    client_id: int
    engagement_ids: list[int]
    summary: str
    opened_on: dt.date
    status: str
    cause: str
    follow_up_on: dt.date | None
    past_follow_up: bool
    # The latest solution put to the client, a recommendation (GET /recommendations/{id}).
    solution_id: int | None
    solution_status: str | None
    closed_on: dt.date | None
    # What this actor may do now: the states it may move the case to.
    moves: list[str]

    @staticmethod
    def resolve_engagement_ids(case) -> list[int]:
        return sorted(e.pk for e in case.engagements.all())

    @staticmethod
    def resolve_past_follow_up(case) -> bool:
        return is_past_follow_up(case)

    @staticmethod
    def resolve_solution_status(case) -> str | None:
        return case.solution.status if case.solution_id else None

    @staticmethod
    def resolve_moves(case, context) -> list[str]:
        actor = request_actor(context)
        if actor is None:
            return []
        return move_names(available_moves(actor=actor, obj=case))


class ConflictDetailOut(ConflictOut):
    steps: list[ConflictStepOut]
    advice: str

    @staticmethod
    def resolve_steps(case) -> list:
        return case.steps_out

    @staticmethod
    def resolve_advice(case) -> str:
        return case.advice_out
