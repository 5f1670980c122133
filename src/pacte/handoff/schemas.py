from datetime import date

from ninja import Schema

from pacte.assets.models import AssetKind
from pacte.clients.schemas import internal
from pacte.engagements.schemas import move_names, request_actor
from pacte.kernel.api_schema import Day, Int, Line, OptionalLine, Text, choice

from .models import StepStatus
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
    status: choice(StepStatus)
    # A blocked step needs a note (400 otherwise); null keeps the step's note.
    notes: Text | None = None
    # Null or "" keeps the step's owner.
    owner: OptionalLine[150] | None = None
    due_on: Day | None = None


class CallIn(Schema):
    held_on: Day | None = None


class TakeoverIn(Schema):
    client_id: Int
    kind: choice(AssetKind)
    what: Line[300]
    previous_provider: OptionalLine[150] = ""
    asked_on: Day | None = None


class TakeoverEventIn(Schema):
    event: choice(["asked", "chased", "received"])
    on: Day | None = None
    note: Text = ""


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
