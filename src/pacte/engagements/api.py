from ninja import Router, Status

from pacte.clients.selectors import client_get
from pacte.kernel.api_schema import choice
from pacte.kernel.pagination import paginated

from . import selectors, services
from .models import EngagementStatus
from .schemas import (
    ChangeRequestIn,
    ChangeRequestMoveIn,
    ChangeRequestOut,
    EngagementIn,
    EngagementOut,
    OverrideIn,
    ReasonIn,
    TimeEntryIn,
    TimeEntryOut,
)

router = Router(tags=["engagements"])


ENGAGEMENT_MOVES = (
    "Each engagement carries `moves`: the moves of its lifecycle the caller may make now "
    "(`request_deposit`, `activate`, `override_deposit`, `hold`, `resume`, `start_closing`, "
    "`close`, `terminate`), each the endpoint of the same name. A viewer gets []."
)


@router.get(
    "/engagements",
    response=list[EngagementOut],
    summary="List engagements",
    description=ENGAGEMENT_MOVES,
)
@paginated
def engagement_list(
    request, client_id: int | None = None, status: choice(EngagementStatus, blank=True) = ""
):
    client = client_get(actor=request.actor, client_id=client_id) if client_id else None
    return selectors.engagement_list(actor=request.actor, client=client, status=status)


@router.post("/engagements", response={201: EngagementOut}, summary="Create an engagement")
def engagement_create(request, payload: EngagementIn):
    return Status(201, services.engagement_create(actor=request.actor, **payload.dict()))


@router.get(
    "/engagements/{engagement_id}",
    response=EngagementOut,
    summary="One engagement, with its moves",
    description=ENGAGEMENT_MOVES,
)
def engagement_get(request, engagement_id: int):
    return selectors.engagement_get(actor=request.actor, engagement_id=engagement_id)


@router.post(
    "/engagements/{engagement_id}/request-deposit",
    response=EngagementOut,
    summary="draft → awaiting_deposit",
)
def engagement_request_deposit(request, engagement_id: int):
    return services.engagement_request_deposit(actor=request.actor, engagement_id=engagement_id)


@router.post(
    "/engagements/{engagement_id}/activate",
    response=EngagementOut,
    summary="Start the work (R-DEPOSIT: 409 deposit_missing until the deposit is paid)",
)
def engagement_activate(request, engagement_id: int):
    return services.engagement_activate(actor=request.actor, engagement_id=engagement_id)


@router.post(
    "/engagements/{engagement_id}/override-deposit",
    response=EngagementOut,
    summary="Owner: start without the deposit, with a written reason",
)
def engagement_override_deposit(request, engagement_id: int, payload: OverrideIn):
    return services.engagement_override_deposit(
        actor=request.actor, engagement_id=engagement_id, reason=payload.reason
    )


@router.post(
    "/engagements/{engagement_id}/hold", response=EngagementOut, summary="active → on_hold"
)
def engagement_hold(request, engagement_id: int, payload: ReasonIn):
    return services.engagement_hold(
        actor=request.actor, engagement_id=engagement_id, reason=payload.reason
    )


@router.post(
    "/engagements/{engagement_id}/resume", response=EngagementOut, summary="on_hold → active"
)
def engagement_resume(request, engagement_id: int):
    return services.engagement_resume(actor=request.actor, engagement_id=engagement_id)


@router.post(
    "/engagements/{engagement_id}/time-entries",
    response={201: TimeEntryOut},
    summary="Log work (409 engagement_not_active, 409 client_refused)",
)
def time_entry_log(request, engagement_id: int, payload: TimeEntryIn):
    return Status(
        201,
        services.time_entry_log(actor=request.actor, engagement_id=engagement_id, **payload.dict()),
    )


@router.get(
    "/change-requests",
    response=list[ChangeRequestOut],
    tags=["change requests"],
    summary="Change requests of an engagement",
    description="Each change request carries `moves`: the statuses the caller may move it "
    "to now, as `to` takes them. A viewer gets [].",
)
@paginated
def change_request_list(request, engagement_id: int):
    engagement = selectors.engagement_get(actor=request.actor, engagement_id=engagement_id)
    return selectors.change_request_list(actor=request.actor, engagement=engagement)


@router.post(
    "/change-requests",
    response={201: ChangeRequestOut},
    tags=["change requests"],
    summary="Record an unplanned request",
)
def change_request_create(request, payload: ChangeRequestIn):
    return Status(201, services.change_request_create(actor=request.actor, **payload.dict()))


@router.post(
    "/change-requests/{change_request_id}/move",
    response=ChangeRequestOut,
    tags=["change requests"],
    summary="estimated | accepted | billed | refused | absorbed",
    description="`to` is one of the change request's `moves` (409 `invalid_transition` otherwise).",
)
def change_request_move(request, change_request_id: int, payload: ChangeRequestMoveIn):
    return services.change_request_move(
        actor=request.actor, change_request_id=change_request_id, **payload.dict()
    )
