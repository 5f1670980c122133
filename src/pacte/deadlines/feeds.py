"""R-DEADLINE in the calendar people already read: a secret iCalendar (RFC 5545) address per
member and workspace, with every cancel-by and renewal date of the next twelve months.

The address is the only credential a calendar application can send, so it is long and
random, only its SHA-256 is stored, and a member may replace or revoke it at any time.
"""

from __future__ import annotations

import datetime as dt
import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Alarm, Calendar, Event

from pacte.assets.models import CalendarFeed
from pacte.kernel import ledger
from pacte.kernel.errors import InvalidInput, NotFound, full_clean_or_raise
from pacte.kernel.hashing import secret_fingerprint
from pacte.kernel.permissions import Perm
from pacte.kernel.selectors import actor_for_user
from pacte.kernel.tenancy import Actor

from .schedule import CALENDAR_MONTHS, Occurrence, deadline_calendar

PRODID = "-//Pacte//Deadlines//FR"
ALARM_DAYS_BEFORE = 7


def _require_person(actor: Actor) -> None:
    actor.require(Perm.CALENDAR_FEED)
    if actor.user is None:
        raise InvalidInput(_("A calendar address belongs to a person: sign in to get one."))


def calendar_feed_create(*, actor: Actor) -> tuple[CalendarFeed, str]:
    """A new secret calendar address for the actor in this workspace; the raw secret is
    returned once and never stored. Any earlier address of theirs stops working."""
    _require_person(actor)
    raw = secrets.token_urlsafe(32)
    with transaction.atomic():
        replaced, _detail = (
            CalendarFeed.objects.in_workspace(actor.workspace).filter(user=actor.user).delete()
        )
        feed = CalendarFeed(
            workspace=actor.workspace, user=actor.user, key_hash=secret_fingerprint(raw)
        )
        # key_hash is unique across workspaces by construction (256 random bits).
        full_clean_or_raise(feed, exclude=["key_hash"])
        feed.save()
        ledger.append(
            actor=actor,
            action="calendar_feed.created",
            subject=feed,
            payload={"user": actor.user.email, "replaced": replaced},
        )
    return feed, raw


def calendar_feed_revoke(*, actor: Actor) -> bool:
    """Stop the actor's calendar address in this workspace. False when there was none."""
    _require_person(actor)
    with transaction.atomic():
        revoked, _detail = (
            CalendarFeed.objects.in_workspace(actor.workspace).filter(user=actor.user).delete()
        )
        if revoked:
            ledger.append(
                actor=actor,
                action="calendar_feed.revoked",
                payload={"user": actor.user.email},
            )
    return bool(revoked)


def calendar_feed_of(*, actor: Actor) -> CalendarFeed | None:
    """The actor's active calendar address in this workspace, if any (one query). An address
    is its person's own, a member's or a client's portal user's alike: it is looked up by
    its person, in the workspace (a portal actor's calendar is still their client's only)."""
    if actor.user is None:
        return None
    return CalendarFeed.objects.in_workspace(actor.workspace).filter(user=actor.user).first()


def _feed_actor(raw: str) -> tuple[CalendarFeed, Actor]:
    if not raw or len(raw) > 200:
        raise NotFound()
    # No one is signed in: the secret itself says which workspace it belongs to, so this is
    # the one lookup that must run across workspaces (as for API tokens).
    feed = (
        CalendarFeed.objects.across_workspaces()
        .filter(key_hash=secret_fingerprint(raw))
        .select_related("user", "workspace")
        .first()
    )
    if feed is None:
        raise NotFound()
    # A member who left the workspace (or lost the right) takes the address with them.
    actor = actor_for_user(feed.user, workspace_id=feed.workspace_id)
    if (
        actor is None
        or actor.workspace.pk != feed.workspace_id
        or not actor.can(Perm.CALENDAR_FEED)
    ):
        raise NotFound()
    return feed, actor


def calendar_for_secret(raw: str, *, today: dt.date | None = None) -> bytes:
    """The iCalendar document behind a secret address, or NotFound for an unknown or
    revoked one."""
    feed, actor = _feed_actor(raw)
    now = timezone.now()
    CalendarFeed.objects.in_workspace(feed.workspace).filter(pk=feed.pk).update(last_fetched_at=now)
    occurrences = deadline_calendar(actor=actor, months=CALENDAR_MONTHS, today=today)
    name = _("Pacte deadlines · %(workspace)s") % {"workspace": feed.workspace.name}
    return build_calendar(occurrences, name=name, now=now)


def _all_day(uid: str, day: dt.date, summary: str, description: str, now) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", now)
    event.add("dtstart", day)
    event.add("dtend", day + dt.timedelta(days=1))
    event.add("summary", summary)
    event.add("description", description)
    event.add("transp", "TRANSPARENT")  # a reminder, not a meeting: it does not block time
    return event


def build_calendar(occurrences: list[Occurrence], *, name: str, now: dt.datetime) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    now = now.astimezone(dt.UTC)
    for occ in occurrences:
        what = f"{occ.identifier} ({occ.client_name})" if occ.client_name else occ.identifier
        values = {
            "what": f"{occ.kind_label} {what}",
            "renewal": occ.renewal_date.isoformat(),
            "cancel_by": occ.cancel_by.isoformat(),
            "notice": occ.notice_days,
        }
        if occ.auto_renew:
            facts = _(
                "%(what)s renews automatically on %(renewal)s unless cancelled by "
                "%(cancel_by)s (notice period: %(notice)s days)."
            )
        else:
            facts = _(
                "%(what)s comes up for renewal on %(renewal)s; to cancel, give notice by "
                "%(cancel_by)s (notice period: %(notice)s days)."
            )
        facts %= values
        # UIDs name the renewal a pair protects against: when the notice period changes, the
        # cancel-by event moves in the person's calendar instead of being duplicated.
        stamp = occ.renewal_date.isoformat()
        cancel = _all_day(
            f"cancel-{occ.asset_id}-{stamp}@pacte",
            occ.cancel_by,
            _("Cancel by: %(what)s") % {"what": what},
            facts,
            now,
        )
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("trigger", dt.timedelta(days=-ALARM_DAYS_BEFORE))
        alarm.add("description", _("Cancel by: %(what)s") % {"what": what})
        cancel.add_component(alarm)
        calendar.add_component(cancel)
        calendar.add_component(
            _all_day(
                f"renewal-{occ.asset_id}-{stamp}@pacte",
                occ.renewal_date,
                _("Renewal: %(what)s") % {"what": what},
                facts,
                now,
            )
        )
    return calendar.to_ical()
