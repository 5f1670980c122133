"""Who is acting: the actor behind a signed-in user or a bearer token.

The kernel knows members only. Other kinds of people (the client's portal users) are added
by the app that owns them, through `register_actor_source`, so the kernel imports none of
them.
"""

from __future__ import annotations

from collections.abc import Callable

from .hashing import secret_fingerprint
from .models import ApiToken, Member, User
from .tenancy import Actor

ActorSource = Callable[[User], "Actor | None"]
_actor_sources: list[ActorSource] = []


def register_actor_source(source: ActorSource) -> None:
    """Add a way to find the actor of a signed-in user who is not a member (see PortalConfig)."""
    if source not in _actor_sources:
        _actor_sources.append(source)


def actor_for_user(user: User, workspace_id: int | None = None) -> Actor | None:
    """The actor a signed-in user is: a member (of the chosen or first workspace) or a
    person known to a registered source. None when the user belongs nowhere (they are then
    treated as signed out)."""
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
    for source in _actor_sources:
        actor = source(user)
        if actor is not None:
            return actor
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
