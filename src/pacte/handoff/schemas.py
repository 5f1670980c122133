from datetime import date

from ninja import Schema

from pacte.clients.schemas import internal
from pacte.engagements.schemas import move_names, request_actor

from .selectors import available_moves


class StepOut(Schema):
    id: int
    asset_id: int | None
    asset: str
    kind: str
    label: str
    owner: str
    due_on: date
    status: str
    done_on: date | None
    notes: str
    # The statuses this actor may move the step to now (HANDOFF_STEP_TRANSITIONS), as
    # `status` takes them: a viewer or the client gets [].
    moves: list[str]

    @staticmethod
    def resolve_moves(step, context) -> list[str]:
        actor = request_actor(context)
        if actor is None:
            return []
        return move_names(available_moves(actor=actor, obj=step))

    @staticmethod
    def resolve_asset(step) -> str:
        return str(step.asset) if step.asset else ""

    @staticmethod
    def resolve_notes(step, context) -> str:
        return internal(context, step.notes)

    @staticmethod
    def resolve_label(step) -> str:
        return step.get_kind_display()


class HandoffOut(Schema):
    plan_id: int | None
    engagement_id: int
    requested_on: date | None
    call_due_on: date | None
    call_held_on: date | None
    call_late: bool
    steps_open: int
    steps_done: int
    steps: list[StepOut]


class StepIn(Schema):
    status: str
    notes: str | None = None
    owner: str | None = None
    due_on: date | None = None


class CallIn(Schema):
    held_on: date | None = None


class TakeoverIn(Schema):
    client_id: int
    kind: str
    what: str
    previous_provider: str = ""
    asked_on: date | None = None


class TakeoverEventIn(Schema):
    event: str
    on: date | None = None
    note: str = ""


class TakeoverEventOut(Schema):
    on: date
    event: str
    note: str


class TakeoverOut(Schema):
    id: int
    client_id: int
    kind: str
    what: str
    previous_provider: str
    asked_on: date | None
    last_chased_on: date | None
    chase_count: int
    received_on: date | None
    events: list[TakeoverEventOut]

    @staticmethod
    def resolve_events(item) -> list:
        return list(item.events.all())
