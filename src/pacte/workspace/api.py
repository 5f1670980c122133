from ninja import Router, Status

from pacte.kernel import ledger
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


@router.get(
    "/ledger/verify",
    response=LedgerStatusOut,
    summary="Verify the workspace's proof ledger",
    tags=["ledger"],
)
def ledger_verify(request):
    request.actor.require(Perm.LEDGER_VIEW)
    result = ledger.verify(request.actor.workspace)
    return {
        "ok": result.ok,
        "count": result.count,
        "broken_seq": result.broken_seq,
        "reason": result.reason,
    }
