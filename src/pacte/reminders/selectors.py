"""Reads of the reminders: a member's own preferences, and the workspace's outbox."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, QuerySet

from pacte.kernel.models import Member, OutboundEmail
from pacte.kernel.permissions import Perm
from pacte.kernel.tenancy import Actor

from .kinds import Delivery, ReminderKind, reminder_kinds
from .models import Reminder, ReminderPreference, ReminderSettings


@dataclass(frozen=True)
class KindChoice:
    kind: ReminderKind
    delivery: str
    is_default: bool


def my_reminder_settings(*, actor: Actor) -> tuple[list[KindChoice], str]:
    """Each kind of reminder for the members with the actor's choice (or the kind's default),
    and the language of their emails. Two queries."""
    actor.require(Perm.WORKSPACE_VIEW)
    member = Member.objects.for_actor(actor).filter(user=actor.user).first()
    chosen, language = {}, settings.LANGUAGE_CODE
    if member is not None:
        chosen = dict(
            ReminderPreference.objects.for_actor(actor)
            .filter(member=member)
            .values_list("kind", "delivery")
        )
        language = (
            ReminderSettings.objects.for_actor(actor)
            .filter(member=member)
            .values_list("language", flat=True)
            .first()
            or language
        )
    choices = [
        KindChoice(kind, chosen.get(kind.key, kind.default), kind.key not in chosen)
        for kind in reminder_kinds()
        if kind.audience == "members"
    ]
    return choices, language


def outbox(*, actor: Actor, status: str = "") -> QuerySet[OutboundEmail]:
    """Every message sent for the workspace, newest first (owners); `status` narrows it to
    queued, sent or failed."""
    actor.require(Perm.OUTBOX_MANAGE)
    rows = OutboundEmail.objects.filter(workspace=actor.workspace).order_by("-created_at", "-pk")
    if status in OutboundEmail.Status.values:
        rows = rows.filter(status=status)
    return rows.only(
        "pk",
        "to",
        "subject",
        "status",
        "attempts",
        "last_error",
        "created_at",
        "sent_at",
        "text",
        "html",
    )


def outbox_counts(*, actor: Actor) -> dict[str, int]:
    """How many messages per state, and how many reminders wait for their digest."""
    actor.require(Perm.OUTBOX_MANAGE)
    counts = dict(
        OutboundEmail.objects.filter(workspace=actor.workspace)
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    counts["waiting"] = (
        Reminder.objects.for_actor(actor)
        .filter(status=Reminder.Status.PENDING)
        .exclude(delivery=Delivery.IMMEDIATE)
        .count()
    )
    return counts


def waiting_reminders(*, actor: Actor) -> QuerySet[Reminder]:
    """The reminders waiting for their digest, soonest date first (owners)."""
    actor.require(Perm.OUTBOX_MANAGE)
    return (
        Reminder.objects.for_actor(actor)
        .filter(status=Reminder.Status.PENDING)
        .exclude(delivery=Delivery.IMMEDIATE)
        .order_by("due_on", "pk")
        .only("pk", "subject", "recipient_email", "delivery", "due_on")
    )


def reminder_list(*, actor: Actor) -> QuerySet[Reminder]:
    """The workspace's reminders, newest first (the command line)."""
    actor.require(Perm.OUTBOX_MANAGE)
    return Reminder.objects.for_actor(actor).order_by("-created_at", "-pk")
