from ninja import Router, Status

from pacte.clients.selectors import client_get
from pacte.engagements.schemas import CloseIn, EngagementOut, TerminateIn
from pacte.engagements.selectors import engagement_get
from pacte.kernel.pagination import paginated

from . import selectors, services
from .schemas import (
    CallIn,
    HandoffOut,
    StepIn,
    StepOut,
    TakeoverEventIn,
    TakeoverIn,
    TakeoverOut,
)

router = Router(tags=["handoff"])


@router.get(
    "/engagements/{engagement_id}/handoff",
    response=HandoffOut,
    summary="The handoff plan: steps per asset, and the handover call's SLA",
    description="Each step carries `moves`: the statuses the caller may move it to now "
    "(`done`, `blocked`, `open`), from the step's lifecycle table. A viewer or the client "
    "gets [].",
)
def handoff_get(request, engagement_id: int):
    engagement = engagement_get(actor=request.actor, engagement_id=engagement_id)
    view = selectors.handoff_for(actor=request.actor, engagement=engagement)
    plan = view.plan
    return {
        "plan_id": plan.pk if plan else None,
        "engagement_id": engagement.pk,
        "requested_on": plan.requested_on if plan else None,
        "call_due_on": plan.call_due_on if plan else None,
        "call_held_on": plan.call_held_on if plan else None,
        "call_late": view.call_late,
        "steps_open": view.open,
        "steps_done": view.done,
        "steps": view.steps,
    }


@router.post(
    "/handoff-steps/{step_id}",
    response=StepOut,
    summary="Mark a handoff step done or blocked (a blocked step needs a note)",
    description="`status` is one of the step's `moves` (409 `invalid_transition` otherwise), "
    "or its current status to edit the note, owner or due date.",
)
def handoff_step_update(request, step_id: int, payload: StepIn):
    return services.handoff_step_update(actor=request.actor, step_id=step_id, **payload.dict())


@router.post(
    "/handoff/{plan_id}/call", response={200: dict}, summary="Record the technical handover call"
)
def handoff_call(request, plan_id: int, payload: CallIn):
    plan = services.handoff_call_held(actor=request.actor, plan_id=plan_id, held_on=payload.held_on)
    return {
        "plan_id": plan.pk,
        "call_due_on": plan.call_due_on,
        "call_held_on": plan.call_held_on,
        "late": plan.call_held_on > plan.call_due_on,
    }


@router.get(
    "/clients/{client_id}/takeover",
    response=list[TakeoverOut],
    tags=["takeover"],
    summary="What to recover from the previous provider",
)
@paginated
def takeover_list(request, client_id: int):
    client = client_get(actor=request.actor, client_id=client_id)
    return [row.item for row in selectors.takeover_list(actor=request.actor, client=client)]


@router.post(
    "/takeover-items",
    response={201: TakeoverOut},
    tags=["takeover"],
    summary="Add something to recover",
)
def takeover_create(request, payload: TakeoverIn):
    return Status(201, services.takeover_item_create(actor=request.actor, **payload.dict()))


@router.post(
    "/takeover-items/{item_id}/events",
    response=TakeoverOut,
    tags=["takeover"],
    summary="Record asking, chasing or receiving it (the dated record of delays)",
)
def takeover_event(request, item_id: int, payload: TakeoverEventIn):
    return services.takeover_record(actor=request.actor, item_id=item_id, **payload.dict())


# The end of an engagement's lifecycle: closing and termination build the handoff plan.


@router.post(
    "/engagements/{engagement_id}/start-closing",
    response=EngagementOut,
    tags=["engagements"],
    summary="active or on_hold → closing",
)
def engagement_start_closing(request, engagement_id: int):
    return services.engagement_start_closing(actor=request.actor, engagement_id=engagement_id)


@router.post(
    "/engagements/{engagement_id}/close",
    response=EngagementOut,
    tags=["engagements"],
    summary="closing → closed (409 handoff_open while handoff steps remain, unless an owner "
    "gives an override_reason)",
)
def engagement_close(request, engagement_id: int, payload: CloseIn | None = None):
    return services.engagement_close(
        actor=request.actor,
        engagement_id=engagement_id,
        override_reason=payload.override_reason if payload else "",
    )


@router.post(
    "/engagements/{engagement_id}/terminate",
    response=EngagementOut,
    tags=["engagements"],
    summary="End the engagement early: who, when, why, notice given",
)
def engagement_terminate(request, engagement_id: int, payload: TerminateIn):
    return services.engagement_terminate(
        actor=request.actor, engagement_id=engagement_id, **payload.dict()
    )
