"""Reminder kinds: how an area says which of its records need someone's attention by email.

An area registers each kind once, from its AppConfig.ready() (its own `reminders.py`):

    register_reminder_kind(ReminderKind(
        key="billing.invoice_overdue",
        label=_("Invoices overdue"),
        find_due=overdue_invoices_due,     # (actor, today) -> iterable of Due
        message=overdue_invoice_message,   # (due) -> Message, called in the reader's language
        default=Delivery.DAILY,
    ))

`find_due` runs once a day per workspace with `Actor.system(workspace)` and the workspace's
today; it returns what is due *now* and costs a fixed number of queries. The scan turns each
Due into one `Reminder` row per recipient, unique on (kind, object, due date, stage,
recipient): a reminder is stored, and sent, at most once, whoever scans and however often.

Thresholds: a kind with several (cancel-by at 60/30/7 days) yields only the most urgent one
passed today as `stage`, so an asset registered 7 days before its date gets the 7-day
reminder alone, and a later scan never goes back to the 30-day one.

Recipients: the client's responsible member (`Client.responsible`) when the Due names a
client and one is set, otherwise the workspace's owners. A Due with `recipients` (people of
the client's side, in the portal) goes to them instead, always immediately.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from pacte.kernel.panels import Registry
from pacte.kernel.tenancy import Actor


class Delivery(models.TextChoices):
    IMMEDIATE = "immediate", _("Immediately")
    DAILY = "daily", _("In a daily digest")
    WEEKLY = "weekly", _("In a weekly digest")
    OFF = "off", _("Off")


@dataclass(frozen=True)
class Recipient:
    """Someone outside the members who receives a kind's reminders (a client's contact)."""

    email: str
    language: str = "fr"
    name: str = ""


@dataclass(frozen=True)
class Due:
    """One record that needs attention today, as a kind found it."""

    object_type: str  # "app_label.model", for example "assets.asset"
    object_id: int
    due_on: date  # the date the reminder is about: the cancel-by date, the invoice's due date
    stage: str = ""  # the threshold passed ("60", "30", "7"); "" for a kind without thresholds
    client_id: int | None = None  # whose responsible member receives it
    recipients: tuple[Recipient, ...] | None = None  # instead of the members
    params: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)


@dataclass(frozen=True)
class Message:
    """What a reminder says, rendered in the reader's language when it is stored."""

    subject: str
    lines: tuple[str, ...]  # the paragraphs of the body; a digest shows the first one
    path: str = ""  # where in Pacte the record is (a URL path); the email makes it absolute


@dataclass(frozen=True)
class ReminderKind:
    key: str
    label: str | Promise
    find_due: Callable[[Actor, date], Iterable[Due]]
    message: Callable[[Due], Message]
    default: Delivery = Delivery.DAILY
    # "members": the provider's people (preferences apply); "client": the Due's recipients.
    audience: str = "members"


_kinds: Registry[ReminderKind] = Registry("reminder kind")


def register_reminder_kind(kind: ReminderKind) -> ReminderKind:
    return _kinds.add((kind.key,), kind)


def reminder_kinds() -> list[ReminderKind]:
    return _kinds.entries()


def reminder_kind(key: str) -> ReminderKind | None:
    return _kinds.get((key,))


def most_urgent_stage(days_left: int, thresholds: Iterable[int]) -> int | None:
    """The smallest threshold already reached (days_left at or below it), or None: with
    60/30/7 and 7 days left, 7; with 45 days left, 60; with 90, None."""
    reached = [t for t in thresholds if days_left <= t]
    return min(reached) if reached else None
