from datetime import datetime

from django.utils.translation import gettext as _
from ninja import Router, Status

from pacte.kernel import ledger, throttle
from pacte.kernel.errors import PermissionDenied
from pacte.kernel.pagination import paginated
from pacte.kernel.permissions import Perm

from . import selectors, services
from .schemas import (
    BusinessCalendarIn,
    BusinessCalendarOut,
    ClosureDayIn,
    ClosureDayOut,
    InvitationAnswerOut,
    InvitationOut,
    LedgerStatusOut,
    MemberIn,
    MemberInvitedOut,
    MemberOut,
    MemberRoleIn,
    MeOut,
    ReceivedInvitationOut,
)

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
    "/members",
    response={202: MemberInvitedOut},
    summary="Invite a member (owners)",
    description=(
        "Sends an invitation: the person becomes a member once they accept it. The answer is "
        "the same whether the address has an account or not. Inviting an address again "
        "sends a new link and replaces the previous one."
    ),
    tags=["members"],
)
def member_invite(request, payload: MemberIn):
    invitation = services.member_invite(
        actor=request.actor,
        email=payload.email,
        role=payload.role,
        full_name=payload.full_name,
        network=throttle.network_key(request),
    )
    return Status(202, invitation)


@router.get(
    "/members/invitations",
    response=list[InvitationOut],
    summary="Invitations of the workspace awaiting an answer",
    tags=["members"],
)
@paginated
def workspace_invitation_list(request):
    return selectors.invitation_list(actor=request.actor)


@router.post(
    "/members/invitations/{invitation_id}/revoke",
    response=InvitationOut,
    summary="Withdraw an invitation (owners)",
    tags=["members"],
)
def invitation_revoke(request, invitation_id: int):
    return services.invitation_revoke(actor=request.actor, invitation_id=invitation_id)


def _invitee(request):
    """The person answering their own invitations: only with a token they issued themselves.
    A token an owner issued for them acts in that owner's workspace, not on the person's
    place in others (reading or accepting their invitations elsewhere)."""
    if not request.api_token.is_personal:
        raise PermissionDenied(
            _("Invitations are read and answered with a token you issued yourself, or on the web."),
            code="personal_token_required",
        )
    return request.actor.user


@router.get(
    "/invitations",
    response=list[ReceivedInvitationOut],
    summary="Invitations addressed to you",
    description="Invitations to join other workspaces, sent to the address you sign in with.",
    tags=["invitations"],
)
@paginated
def my_invitation_list(request):
    return selectors.invitations_for_user(_invitee(request))


def _answer(status: str, member) -> dict:
    workspace = member.workspace
    return {
        "status": status,
        "workspace": {"id": workspace.pk, "name": workspace.name},
        "role": member.role,
    }


@router.post(
    "/invitations/{invitation_id}/accept",
    response=InvitationAnswerOut,
    summary="Accept an invitation: you become a member of its workspace",
    tags=["invitations"],
)
def invitation_accept(request, invitation_id: int):
    member = services.invitation_accept(user=_invitee(request), invitation_id=invitation_id)
    return _answer("accepted", member)


@router.post(
    "/invitations/{invitation_id}/decline",
    response=InvitationAnswerOut,
    summary="Decline an invitation",
    tags=["invitations"],
)
def invitation_decline(request, invitation_id: int):
    invitation = services.invitation_decline(user=_invitee(request), invitation_id=invitation_id)
    return _answer("declined", invitation)


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


# --- The business calendar (issue 11) -------------------------------------------------------


@router.get(
    "/workspace/calendar",
    response=BusinessCalendarOut,
    summary="The business calendar",
    description=(
        "The weekly business hours (in the workspace's time zone), the country and region "
        "whose public holidays are days off, and the closure days. Every SLA clock and every "
        "count of working days uses it."
    ),
    tags=["workspace"],
)
def calendar_get(request):
    return selectors.calendar_settings(actor=request.actor)


@router.put(
    "/workspace/calendar",
    response=BusinessCalendarOut,
    summary="Set the business calendar (owners)",
    description=(
        "`country` is a code the `holidays` package knows (FR, CA…), `subdivision` one of its "
        "regions (57, QC…) or blank. `hours` gives each weekday's ranges as text, such as "
        '`"09:00-12:30, 13:30-18:00"`; a blank or missing day is a day off; leave `hours` out '
        "to keep them."
    ),
    tags=["workspace"],
)
def calendar_put(request, payload: BusinessCalendarIn):
    services.workspace_update_calendar(
        actor=request.actor,
        country=payload.country,
        subdivision=payload.subdivision,
        hours=None if payload.hours is None else payload.hours.dict(),
    )
    return selectors.calendar_settings(actor=request.actor)


@router.get(
    "/workspace/closure-days",
    response=list[ClosureDayOut],
    summary="The workspace's closure days",
    tags=["workspace"],
)
@paginated
def closure_day_list(request):
    return selectors.closure_day_list(actor=request.actor)


@router.post(
    "/workspace/closure-days",
    response={201: ClosureDayOut},
    summary="Add a closure day (owners)",
    description="A day off besides public holidays, such as a bridge day.",
    tags=["workspace"],
)
def closure_day_add(request, payload: ClosureDayIn):
    return Status(
        201,
        services.closure_day_add(actor=request.actor, date=payload.date, label=payload.label),
    )


@router.delete(
    "/workspace/closure-days/{closure_day_id}",
    response={204: None},
    summary="Remove a closure day (owners)",
    tags=["workspace"],
)
def closure_day_remove(request, closure_day_id: int):
    services.closure_day_remove(actor=request.actor, closure_day_id=closure_day_id)
    return Status(204, None)
