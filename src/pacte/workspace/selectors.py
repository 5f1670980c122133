"""Reads of the workspace: its members, API tokens and proof ledger."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import get_language

from pacte.kernel import ledger
from pacte.kernel.business_time import WEEKDAYS, format_day_hours, holiday_names
from pacte.kernel.hashing import secret_fingerprint
from pacte.kernel.models import ApiToken, ClosureDay, Invitation, LedgerEntry, Member, User
from pacte.kernel.permissions import Perm
from pacte.kernel.selectors import business_calendar
from pacte.kernel.tenancy import Actor


def member_list(*, actor: Actor) -> QuerySet[Member]:
    actor.require(Perm.MEMBER_VIEW)
    return Member.objects.for_actor(actor).select_related("user").order_by("user__email")


def invitation_list(*, actor: Actor) -> QuerySet[Invitation]:
    """The workspace's invitations still awaiting an answer."""
    actor.require(Perm.MEMBER_VIEW)
    return (
        Invitation.objects.for_actor(actor)
        .filter(status=Invitation.Status.PENDING, expires_at__gt=timezone.now())
        .select_related("invited_by")
        .order_by("email")
    )


def invitations_for_user(user: User) -> QuerySet[Invitation]:
    """The invitations addressed to a person, from any workspace: by nature a question
    across workspaces, answered only to the person the address belongs to."""
    return (
        Invitation.objects.across_workspaces()
        .filter(email=user.email.lower(), status=Invitation.Status.PENDING)
        .filter(expires_at__gt=timezone.now())
        .select_related("workspace", "invited_by")
        .order_by("-created_at")
    )


def invitation_by_key(raw_key: str, *, for_update: bool = False) -> Invitation | None:
    """The pending, unexpired invitation behind an email's link, or None."""
    if not raw_key or len(raw_key) > 100:
        return None
    qs = (
        Invitation.objects.across_workspaces()
        .filter(key_hash=secret_fingerprint(raw_key), status=Invitation.Status.PENDING)
        .filter(expires_at__gt=timezone.now())
        .select_related("workspace", "invited_by")
    )
    if for_update:
        # The invitation's row only: PostgreSQL cannot lock the nullable side of the
        # outer join that `invited_by` brings.
        qs = qs.select_for_update(of=("self",))
    return qs.first()


def invitation_needs_sign_in(invitation: Invitation) -> bool:
    """Whether the invited address already signs in somewhere. Told only to whoever opened
    the email's link, that is, to the address's owner."""
    return (
        User.objects.filter(email=invitation.email)
        .exclude(password__startswith=UNUSABLE_PASSWORD_PREFIX)
        .exists()
    )


def token_list(*, actor: Actor) -> QuerySet[ApiToken]:
    """The actor's own tokens; an owner sees every token of the workspace."""
    qs = ApiToken.objects.for_actor(actor).select_related("user").order_by("-created_at")
    if not actor.can(Perm.TOKEN_MANAGE_ALL):
        qs = qs.filter(user=actor.user)
    return qs


LEDGER_PAGE_SIZE = 50


@dataclass(frozen=True)
class LedgerPage:
    """One page of the journal, newest first."""

    number: int
    num_pages: int
    entries: list[LedgerEntry]

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.num_pages

    @property
    def previous_page_number(self) -> int:
        return self.number - 1

    @property
    def next_page_number(self) -> int:
        return self.number + 1


def ledger_entry_page(*, actor: Actor, number) -> LedgerPage:
    """Page `number` of the journal, newest first, in one query at any length: the count is
    the workspace's recorded length (no COUNT over a million rows) and a page is a range of
    seq, served by the unique (workspace, seq) index. A page number out of range, or not a
    number, gives the nearest page."""
    actor.require(Perm.LEDGER_VIEW)
    length = actor.workspace.ledger_length
    num_pages = max(-(-length // LEDGER_PAGE_SIZE), 1)
    try:
        number = int(str(number))
    except ValueError:
        number = 1
    number = min(max(number, 1), num_pages)
    top = length - (number - 1) * LEDGER_PAGE_SIZE
    entries = list(
        LedgerEntry.objects.for_actor(actor)
        .filter(seq__gt=top - LEDGER_PAGE_SIZE, seq__lte=top)
        .order_by("-seq")
    )
    return LedgerPage(number=number, num_pages=num_pages, entries=entries)


# Entries an incremental check on a page walks at most (about 0.1 s): a workspace never
# checked, or a burst of writes since the last view, is caught up over a few views.
PAGE_WALK_LIMIT = 20_000


def ledger_status(*, actor: Actor) -> ledger.LedgerStatus:
    """The chain's state for the dashboard and the ledger page: the incremental check (only
    the entries since the last one), the last full walk, and one queued or running."""
    actor.require(Perm.WORKSPACE_VIEW)
    return ledger.status(actor.workspace, limit=PAGE_WALK_LIMIT)


# --- The business calendar (issue 11) -------------------------------------------------------


def closure_day_list(*, actor: Actor) -> QuerySet[ClosureDay]:
    """The workspace's closure days, oldest first."""
    actor.require(Perm.WORKSPACE_VIEW)
    return ClosureDay.objects.for_actor(actor).order_by("date")


@dataclass(frozen=True)
class DayOff:
    date: object
    name: str


def upcoming_public_holidays(*, actor: Actor, days: int = 365) -> list[DayOff]:
    """The public holidays of the workspace's calendar in the coming `days`, with their names
    (as the `holidays` package gives them)."""
    calendar = business_calendar(actor.workspace)
    today = timezone.localdate()
    until = today + timedelta(days=days)
    found = []
    for year in range(today.year, until.year + 1):
        names = holiday_names(calendar.country, calendar.subdivision, year, get_language() or "")
        for day, name in names.items():
            if today <= day <= until:
                found.append(DayOff(date=day, name=name))
    return sorted(found, key=lambda item: item.date)


def calendar_settings(*, actor: Actor) -> dict:
    """The business calendar as the API shows it: region, zone, hours, closure days."""
    actor.require(Perm.WORKSPACE_VIEW)
    workspace = actor.workspace
    calendar = business_calendar(workspace)
    return {
        "country": calendar.country,
        "subdivision": calendar.subdivision,
        "time_zone": calendar.time_zone,
        "hours": {
            key: format_day_hours(day) for key, day in zip(WEEKDAYS, calendar.week, strict=True)
        },
        "closure_days": list(ClosureDay.objects.for_actor(actor).order_by("date")),
    }
