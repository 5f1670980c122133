"""Who is acting: the actor behind a signed-in user or a bearer token.

The kernel knows members only. Other kinds of people (the client's portal users) are added
by the app that owns them, through `register_actor_source`, so the kernel imports none of
them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings

from .business_time import BusinessCalendar, CalendarError, week_from_json
from .hashing import secret_fingerprint
from .models import ApiToken, ClosureDay, Member, User, Workspace
from .tenancy import Actor

# A source answers "which actor is this user in this workspace?" (None: not there), and
# "where else may this user act?" (their places).
ActorSource = Callable[[User, "int | None"], "Actor | None"]
PlaceSource = Callable[[User], "list[Place]"]
_actor_sources: list[ActorSource] = []
_place_sources: list[PlaceSource] = []


@dataclass(frozen=True)
class Place:
    """A workspace a person may act in, and as what: a member's role, or a client's portal."""

    workspace_id: int
    workspace_name: str
    kind: str  # "member" or "portal"
    label: str  # the role, or the client's name


def register_actor_source(source: ActorSource, places: PlaceSource | None = None) -> None:
    """Add a way to find the actor of a signed-in user who is not a member (see PortalConfig),
    and the places that way gives them."""
    if source not in _actor_sources:
        _actor_sources.append(source)
    if places is not None and places not in _place_sources:
        _place_sources.append(places)


def actor_for_user(
    user: User, workspace_id: int | None = None, *, per_request: bool = False
) -> Actor | None:
    """The actor a signed-in user is, in the chosen workspace (the session's choice, else the
    one they used last), or in their first place when the choice is not one of theirs: a
    member first, then a person known to a registered source (a portal user). None when the
    user belongs nowhere (they are then treated as signed out)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    if workspace_id is None:
        workspace_id = user.last_workspace_id
    # Which workspaces a person belongs to is, by nature, a question across workspaces.
    memberships = _memberships(user, keep=per_request)
    chosen = next((m for m in memberships if m.workspace_id == workspace_id), None)
    if chosen is None and workspace_id is not None:
        for source in _actor_sources:
            actor = source(user, workspace_id)
            if actor is not None and actor.workspace.pk == workspace_id:
                return actor
    if chosen is None and memberships:
        chosen = memberships[0]
    if chosen is not None:
        return Actor(workspace=chosen.workspace, role=chosen.role, user=user)
    for source in _actor_sources:
        actor = source(user, None)
        if actor is not None:
            return actor
    return None


def _memberships(user: User, *, keep: bool = False) -> list:
    # A request's user object lives as long as the request: the middleware keeps the rows it
    # read on it (`keep`), and the switcher lists the places from them, one query for both.
    # Any other user object may outlive a change, so it is never kept there.
    cached = user.__dict__.get("_pacte_memberships")
    if cached is None:
        cached = list(
            Member.objects.across_workspaces()
            .filter(user=user)
            .select_related("workspace")
            .order_by("workspace__name")
        )
        if keep:
            user.__dict__["_pacte_memberships"] = cached
    return cached


def workspaces_of_user(user: User) -> list:
    return [
        m.workspace
        for m in Member.objects.across_workspaces()
        .filter(user=user)
        .select_related("workspace")
        .order_by("workspace__name")
    ]


def places_of_user(user: User) -> list[Place]:
    """Every workspace the person may act in, members' places first, for the switcher."""
    places = [
        Place(
            workspace_id=m.workspace_id,
            workspace_name=m.workspace.name,
            kind="member",
            label=str(m.get_role_display()),
        )
        for m in _memberships(user)
    ]
    for source in _place_sources:
        places.extend(source(user))
    return places


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


# --- The business calendar (DOMAIN §4, issue 11) --------------------------------------------

_CALENDAR_ATTRIBUTE = "_business_calendar"


def business_calendar(workspace: Workspace) -> BusinessCalendar:
    """The workspace's business calendar: its weekly hours in PACTE_TIME_ZONE, the public
    holidays of its country and subdivision, and its closure days. Read once per workspace
    object (so once per request); `forget_business_calendar` drops it after a change."""
    cached = getattr(workspace, _CALENDAR_ATTRIBUTE, None)
    if cached is not None:
        return cached
    closures = frozenset(
        ClosureDay.objects.in_workspace(workspace.pk).values_list("date", flat=True)
    )
    try:
        calendar = BusinessCalendar(
            week=week_from_json(workspace.business_hours),
            time_zone=settings.TIME_ZONE,
            country=workspace.holiday_country,
            subdivision=workspace.holiday_subdivision,
            closures=closures,
        )
    except CalendarError:
        # Only the service writes these fields, validated; a row edited by hand falls back
        # to the default calendar rather than breaking every page.
        calendar = BusinessCalendar(time_zone=settings.TIME_ZONE, closures=closures)
    setattr(workspace, _CALENDAR_ATTRIBUTE, calendar)
    return calendar


def forget_business_calendar(workspace: Workspace) -> None:
    if hasattr(workspace, _CALENDAR_ATTRIBUTE):
        delattr(workspace, _CALENDAR_ATTRIBUTE)
