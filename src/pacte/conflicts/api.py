"""Conflict cases in the API (DOMAIN §3): open a case, move it through the playbook, read
the cases and one case with its steps. Members only: a conflict is the provider's own file."""

from ninja import Router, Status

from pacte.clients.selectors import client_get
from pacte.kernel.api_schema import choice
from pacte.kernel.pagination import paginated

from . import selectors, services
from .advice import advice_for
from .models import ConflictStatus
from .schemas import ConflictDetailOut, ConflictIn, ConflictMoveIn, ConflictOut

router = Router(tags=["conflicts"])

PLAYBOOK = (
    "The playbook: opened → cause_identified → listening → solution_proposed → "
    "awaiting_decision → resolved, apologised or exit; from awaiting_decision, when the "
    "client refused or put off the solution, back to listening or solution_proposed. Each "
    "case carries `moves`: the states the caller may move it to now. A move out of the table "
    "answers 409 `invalid_transition`."
)


def _detail(actor, case_id: int):
    case = selectors.conflict_get(actor=actor, case_id=case_id)
    case.steps_out = selectors.conflict_steps(actor=actor, case=case)
    found = advice_for(case.status)
    case.advice_out = f"{found[0]}: {found[1]}" if found else ""
    return case


@router.get(
    "/conflicts",
    response=list[ConflictOut],
    summary="Conflict cases, newest first",
    description=PLAYBOOK + " `state` is `open` or `closed`.",
)
@paginated
def conflict_list(
    request,
    client_id: int | None = None,
    status: choice(ConflictStatus, blank=True) = "",
    state: choice(["open", "closed"], blank=True) = "",
):
    actor = request.actor
    client = client_get(actor=actor, client_id=client_id) if client_id else None
    return (
        selectors.conflict_list(actor=actor, client=client, status=status, state=state)
        .select_related("solution")
        .prefetch_related("engagements")
    )


@router.post(
    "/conflicts",
    response={201: ConflictDetailOut},
    summary="Open a conflict case on a client, and optionally some of its engagements",
    description="`opened_on` defaults to today; never in the future (400 `in_future`). The "
    "engagements must be the client's (400 `engagement_of_another_client`). " + PLAYBOOK,
)
def conflict_open(request, payload: ConflictIn):
    case = services.conflict_open(actor=request.actor, **payload.dict())
    return Status(201, _detail(request.actor, case.pk))


@router.get(
    "/conflicts/{case_id}",
    response=ConflictDetailOut,
    summary="One conflict case with its steps and the playbook's advice for its next step",
    description=PLAYBOOK,
)
def conflict_get(request, case_id: int):
    return _detail(request.actor, case_id)


@router.post(
    "/conflicts/{case_id}/move",
    response=ConflictDetailOut,
    summary="Move a conflict case one step through the playbook",
    description=PLAYBOOK
    + " Every step is dated `on` (today by default; not in the future, not before the "
    "previous step: 400 `in_future`, `before_previous_step`) and has `notes`. "
    "`cause_identified` needs a `cause` (400 `cause_required`); `solution_proposed` and "
    "`awaiting_decision` need `proposed` and a `follow_up_on` (400 `proposal_required`, "
    "`follow_up_required`). `awaiting_decision` puts the solution to the client as a "
    "recommendation (`solution_id`), answered in the portal; `resolved` needs the client's "
    "acceptance (409 `solution_not_accepted`). `exit` terminates "
    "`terminate_engagement_ids` (by default the case's engagements still open) with "
    "`terminated_by`, `reason` and `notice_days`, which starts their handoff.",
)
def conflict_move(request, case_id: int, payload: ConflictMoveIn):
    services.conflict_move(actor=request.actor, case_id=case_id, **payload.dict())
    return _detail(request.actor, case_id)
