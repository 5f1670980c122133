from ninja import Query, Router, Status

from pacte.clients.selectors import client_get
from pacte.engagements.selectors import engagement_get
from pacte.kernel.api_schema import choice
from pacte.kernel.errors import NotFound
from pacte.kernel.pagination import paginated

from . import selectors, services
from .contacts import client_requesters, requester_contacts
from .models import Priority, RequestStatus
from .schemas import (
    AgreeIn,
    ComplianceOut,
    MeasurementIn,
    MeasurementOut,
    MoveIn,
    RequestersOut,
    SlaIn,
    SlaOut,
    SupportRequestDetailOut,
    SupportRequestIn,
    SupportRequestOut,
)

router = Router(tags=["support"])

MONTH = r"^[0-9]{4}-(0[1-9]|1[0-2])$"

MOVES = (
    "Each request carries `moves`: what the caller may do with it now, from its lifecycle "
    "(open → responded → waiting_client ⇄ in_progress → resolved, or cancelled). Each move "
    "takes `at` (an instant with its offset, now by default): never in the future, never "
    "before the request's previous event (400 `in_future`, `before_previous_event`)."
)


def _detail(actor, request_id: int) -> dict:
    support_request = selectors.support_request_get(actor=actor, request_id=request_id)
    waits = selectors.request_waits(actor=actor, request=support_request)
    found = selectors.request_clocks(actor=actor, request=support_request, waits=waits)
    support_request.waits_out = waits
    support_request.clocks_out = [
        {
            "sla_id": c.sla.pk,
            "metric": c.sla.metric,
            "agreed": c.sla.is_agreed,
            "target_minutes": c.clock.target,
            "elapsed_minutes": c.clock.minutes,
            "stopped": c.clock.stopped,
            "breached": c.clock.breached,
        }
        for c in found
    ]
    support_request.breaches_out = [c.sla.pk for c in found if c.sla.is_agreed and c.breached]
    return support_request


@router.get(
    "/support-requests",
    response=list[SupportRequestOut],
    summary="Support requests, newest first",
    description=MOVES,
)
@paginated
def support_request_list(
    request,
    client_id: int | None = None,
    engagement_id: int | None = None,
    status: choice(RequestStatus, blank=True) = "",
    priority: choice(Priority, blank=True) = "",
    open: bool = False,
):
    actor = request.actor
    client = client_get(actor=actor, client_id=client_id) if client_id else None
    engagement = engagement_get(actor=actor, engagement_id=engagement_id) if engagement_id else None
    return selectors.support_request_list(
        actor=actor,
        client=client,
        engagement=engagement,
        status=status,
        priority=priority,
        running=open,
    )


@router.post(
    "/support-requests",
    response={201: SupportRequestDetailOut},
    summary="Log a support request (after the fact too), or open one from the portal",
    description="`received_at` defaults to now; never in the future, within ten years, and "
    "within the engagement's dates when one is named (400 `outside_engagement`). The "
    "engagement and the contact must be the client's (400 `engagement_of_another_client`, "
    "`contact_of_another_client`). A portal user opens a request of their own client, "
    "received now, through the portal.",
)
def support_request_open(request, payload: SupportRequestIn):
    actor = request.actor
    data = payload.dict()
    if actor.is_portal and data["client_id"] != actor.client_id:
        raise NotFound()
    created = services.support_request_open(actor=actor, **data)
    return Status(201, _detail(actor, created.pk))


@router.get(
    "/support-requests/{request_id}",
    response=SupportRequestDetailOut,
    summary="One request with its waits, its clocks against each SLA, its breaches and moves",
    description=MOVES,
)
def support_request_get(request, request_id: int):
    return _detail(request.actor, request_id)


def _move(name: str, path: str, summary: str):
    def view(request, request_id: int, payload: MoveIn | None = None):
        services.support_request_move(
            actor=request.actor,
            request_id=request_id,
            move=name,
            at=payload.at if payload else None,
        )
        return _detail(request.actor, request_id)

    view.__name__ = f"support_request_{name}"
    router.post(
        f"/support-requests/{{request_id}}/{path}",
        response=SupportRequestDetailOut,
        summary=summary,
        description=MOVES,
    )(view)


_move("respond", "respond", "Record the first response")
_move("start", "start", "Start work after the first response")
_move("wait_for_client", "wait", "Wait for the client (the resolution clock pauses)")
_move("client_replied", "client-replied", "The client replied (the resolution clock runs again)")
_move(
    "resolve",
    "resolve",
    "Resolve (an open request's resolution is its first response; a wait ends there)",
)
_move("cancel", "cancel", "Cancel (a cancelled request never counts)")


# --- SLAs -----------------------------------------------------------------------------------


@router.get("/slas", response=list[SlaOut], summary="SLAs, agreed and proposed")
@paginated
def sla_list(
    request,
    client_id: int | None = None,
    engagement_id: int | None = None,
    agreed: bool | None = None,
):
    actor = request.actor
    client = client_get(actor=actor, client_id=client_id) if client_id else None
    engagement = engagement_get(actor=actor, engagement_id=engagement_id) if engagement_id else None
    return selectors.sla_list(actor=actor, client=client, engagement=engagement, agreed=agreed)


@router.post(
    "/slas",
    response={201: SlaOut},
    summary="Propose an SLA for an engagement (or a whole client); agreed when `agreed_on`",
    description="`target_minutes` in business minutes (plain minutes with the calendar "
    "`round_the_clock`) for first_response, resolution and delivery_delay (the resolution "
    "clock of requests of category `change`); `target_percent` for availability. An SLA "
    "applies to every priority unless `priority` is set.",
)
def sla_propose(request, payload: SlaIn):
    return Status(201, services.sla_propose(actor=request.actor, **payload.dict()))


@router.get("/slas/{sla_id}", response=SlaOut, summary="One SLA")
def sla_get(request, sla_id: int):
    return selectors.sla_get(actor=request.actor, sla_id=sla_id)


@router.post(
    "/slas/{sla_id}/agree",
    response=SlaOut,
    summary="Record both sides' agreement (a portal user agrees today, in their own name)",
    description="409 `already_agreed` when it is.",
)
def sla_agree(request, sla_id: int, payload: AgreeIn | None = None):
    data = payload.dict() if payload else {}
    return services.sla_agree(actor=request.actor, sla_id=sla_id, **data)


@router.post(
    "/slas/{sla_id}/measurements",
    response={201: MeasurementOut},
    summary="Availability as measured over a window (month YYYY-MM)",
    description="Availability SLAs only (400 `not_availability`); once per window (409 "
    "`already_measured`).",
)
def sla_measure(request, sla_id: int, payload: MeasurementIn):
    return Status(
        201,
        services.sla_measurement_record(
            actor=request.actor,
            sla_id=sla_id,
            period=payload.period,
            value_percent=payload.value_percent,
        ),
    )


@router.get(
    "/slas/{sla_id}/compliance",
    response=ComplianceOut,
    summary="Compliance over one window: met among judged; ratio null when none judged",
    description="`period` (YYYY-MM) names the month, or the quarter holding it for a "
    "quarterly SLA; the current window without it.",
)
def sla_compliance(request, sla_id: int, period: str | None = Query(None, pattern=MONTH)):
    sla = selectors.sla_get(actor=request.actor, sla_id=sla_id)
    month = services.parse_period(period)
    return selectors.sla_compliance(actor=request.actor, sla=sla, period=month)


@router.get(
    "/clients/{client_id}/requesters",
    response=RequestersOut,
    summary="R-CONTACTS: distinct requesters over the window, against designated contacts",
    tags=["clients"],
)
def client_requesters_get(request, client_id: int):
    actor = request.actor
    client = client_get(actor=actor, client_id=client_id)
    found = client_requesters(actor=actor, client=client)
    return {
        "client_id": client.pk,
        "requesters": found.requesters,
        "designated": found.designated,
        "window_days": found.window_days,
        "since": found.since,
        "words": found.words(),
        "contacts": [
            {"id": c.pk, "full_name": c.full_name}
            for c in requester_contacts(actor=actor, client=client)
        ],
    }
