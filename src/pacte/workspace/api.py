from datetime import datetime

from ninja import Router, Status

from pacte.kernel import ledger
from pacte.kernel.pagination import paginated
from pacte.kernel.permissions import Perm

from . import selectors, services
from .schemas import LedgerStatusOut, MemberIn, MemberOut, MemberRoleIn, MeOut

router = Router()


@router.get("/me", response=MeOut, summary="Who the token acts as", tags=["me"])
def me(request):
    actor = request.actor
    return {
        "email": actor.user.email,
        "full_name": actor.user.full_name,
        "kind": "portal" if actor.is_portal else "member",
        "role": actor.role,
        "workspace": {"id": actor.workspace.pk, "name": actor.workspace.name},
        "client_id": actor.client_id,
    }


@router.get(
    "/members", response=list[MemberOut], summary="Members of the workspace", tags=["members"]
)
@paginated
def member_list(request):
    return selectors.member_list(actor=request.actor)


@router.post(
    "/members", response={201: MemberOut}, summary="Add a member (owners)", tags=["members"]
)
def member_add(request, payload: MemberIn):
    member = services.member_add(
        actor=request.actor, email=payload.email, role=payload.role, full_name=payload.full_name
    )
    return Status(201, member)


@router.post(
    "/members/{member_id}/role",
    response=MemberOut,
    summary="Change a member's role (owners)",
    tags=["members"],
)
def member_change_role(request, member_id: int, payload: MemberRoleIn):
    return services.member_change_role(actor=request.actor, member_id=member_id, role=payload.role)


class LedgerVerificationOut(LedgerStatusOut):
    kind: str  # "incremental" or "full"
    checked_at: datetime


@router.get(
    "/ledger/verify",
    response=LedgerVerificationOut,
    summary="Verify the workspace's proof ledger",
    description=(
        "Checks the entries written since the last verification (incremental). With "
        "`full=true`, walks the whole chain from its first entry, which alone finds a change "
        "made before the last verification, and records the result for the ledger page."
    ),
    tags=["ledger"],
)
def ledger_verify(request, full: bool = False):
    request.actor.require(Perm.LEDGER_VIEW)
    workspace = request.actor.workspace
    # A web request walks in its own process: forking a server's worker is not for a page.
    result = ledger.verify_full(workspace) if full else ledger.verify(workspace)
    return {
        "ok": result.ok,
        "count": result.count,
        "broken_seq": result.broken_seq,
        "reason": result.reason,
        "kind": result.kind,
        "checked_at": result.checked_at,
    }
