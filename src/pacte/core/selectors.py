"""Reads of the core. Every selector takes the actor and returns only what it may see."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils import timezone

from .hashing import secret_fingerprint
from .models import ApiToken, LedgerEntry, Member, User
from .permissions import PORTAL, Perm
from .tenancy import Actor


def actor_for_user(user: User, workspace_id: int | None = None) -> Actor | None:
    """The actor a signed-in user is: a member (of the chosen or first workspace) or a
    portal user. None when the user belongs nowhere (they are then treated as signed out)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    # Which workspaces a person belongs to is, by nature, a question across workspaces.
    memberships = list(
        Member.objects.across_workspaces()
        .filter(user=user)
        .select_related("workspace")
        .order_by("workspace__name")
    )
    if memberships:
        chosen = next((m for m in memberships if m.workspace_id == workspace_id), memberships[0])
        return Actor(workspace=chosen.workspace, role=chosen.role, user=user)
    from pacte.portal.models import PortalUser

    access = (
        PortalUser.objects.across_workspaces().filter(user=user).select_related("workspace").first()
    )
    if access is not None:
        return Actor(workspace=access.workspace, role=PORTAL, user=user, client_id=access.client_id)
    return None


def workspaces_of_user(user: User) -> list:
    return [
        m.workspace
        for m in Member.objects.across_workspaces()
        .filter(user=user)
        .select_related("workspace")
        .order_by("workspace__name")
    ]


def actor_for_token(raw: str) -> tuple[Actor, ApiToken] | None:
    """The actor behind a bearer token, or None for an unknown or revoked token."""
    key_hash = secret_fingerprint(raw)
    # The token itself says which workspace it belongs to.
    token = (
        ApiToken.objects.across_workspaces()
        .filter(key_hash=key_hash, revoked_at__isnull=True)
        .select_related("user", "workspace")
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    actor = actor_for_user(token.user, workspace_id=token.workspace_id)
    if actor is None or actor.workspace.pk != token.workspace_id:
        return None
    return actor, token


def member_list(*, actor: Actor) -> QuerySet[Member]:
    actor.require(Perm.MEMBER_VIEW)
    return Member.objects.for_actor(actor).select_related("user").order_by("user__email")


def token_list(*, actor: Actor) -> QuerySet[ApiToken]:
    """The actor's own tokens; an owner sees every token of the workspace."""
    qs = ApiToken.objects.for_actor(actor).select_related("user").order_by("-created_at")
    if not actor.can(Perm.TOKEN_MANAGE_ALL):
        qs = qs.filter(user=actor.user)
    return qs


def ledger_entry_list(*, actor: Actor) -> QuerySet[LedgerEntry]:
    actor.require(Perm.LEDGER_VIEW)
    return LedgerEntry.objects.for_actor(actor).order_by("-seq")


def dashboard_summary(*, actor: Actor) -> dict:
    """What exists today in the workspace, in a fixed number of queries."""
    actor.require(Perm.WORKSPACE_VIEW)
    from pacte.clients.models import Client

    members = list(member_list(actor=actor))
    return {
        "workspace": actor.workspace,
        "members": members,
        "client_count": Client.objects.for_actor(actor).count(),
        "ledger_length": actor.workspace.ledger_length,
        "latest_entries": list(LedgerEntry.objects.for_actor(actor).order_by("-seq")[:5])
        if actor.can(Perm.LEDGER_VIEW)
        else [],
        "today": timezone.localdate(),
    }
