"""Writes of the reminders: the scan that stores what is due, the sending, the digests, the
preferences and a resend from the outbox.

The scan (`reminders_scan`) runs for one workspace at a time, from the worker. For each
registered kind it asks what is due today, resolves who receives it, and stores one
`Reminder` per recipient with `bulk_create(ignore_conflicts=True)` on the unique key: a
second scan, or a second worker racing the first, stores nothing new. Then every stored
reminder still waiting to be sent immediately is queued (`send_immediate`), each in its own
transaction with the dedupe key `reminder:<id>`: a worker killed halfway leaves the rest for
the next run, and none is queued twice.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from pacte.clients.models import Client
from pacte.kernel import ledger
from pacte.kernel.errors import Conflict, InvalidInput, NotFound
from pacte.kernel.mail import address_key, queue_email
from pacte.kernel.models import Member, OutboundEmail
from pacte.kernel.permissions import Perm, Role
from pacte.kernel.tenancy import Actor
from pacte.kernel.validation import parse_choice

from .kinds import Delivery, Due, ReminderKind, reminder_kind, reminder_kinds
from .models import Reminder, ReminderPreference, ReminderSettings

# A digest lists at most this many reminders; the rest are one link to the outbox.
DIGEST_MAX_ITEMS = 100
# Reminders queued per transaction by one pass of `send_immediate`.
SEND_BATCH = 200


@dataclass
class ScanResult:
    stored: int = 0
    queued: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class _Reader:
    email: str
    language: str
    member_id: int | None


def _absolute(path: str) -> str:
    return f"{settings.BASE_URL}{path}" if path else ""


def _readers(actor: Actor) -> tuple[dict[int, _Reader], list[_Reader]]:
    """Every member of the workspace as a reader (by member id), and the owners. Two
    queries."""
    languages = dict(
        ReminderSettings.objects.in_workspace(actor.workspace).values_list("member_id", "language")
    )
    readers, owners = {}, []
    members = Member.objects.in_workspace(actor.workspace).filter(user__is_active=True)
    for member_id, email, role in members.values_list("pk", "user__email", "role"):
        reader = _Reader(email, languages.get(member_id, settings.LANGUAGE_CODE), member_id)
        readers[member_id] = reader
        if role == Role.OWNER:
            owners.append(reader)
    return readers, owners


def _preferences(actor: Actor) -> dict[tuple[int, str], str]:
    return {
        (member_id, kind): delivery
        for member_id, kind, delivery in ReminderPreference.objects.in_workspace(
            actor.workspace
        ).values_list("member_id", "kind", "delivery")
    }


def _render(kind: ReminderKind, due: Due, language: str) -> tuple[str, str, str]:
    with translation.override(language):
        message = kind.message(due)
        return (
            str(message.subject)[:300],
            "\n\n".join(str(line) for line in message.lines),
            (message.path),
        )


def reminders_scan(*, actor: Actor, today: dt.date | None = None) -> ScanResult:
    """Store today's reminders of every kind for the actor's workspace (a system actor), then
    queue the immediate ones. Safe to run again: the unique key stores each reminder once."""
    if not actor.is_system:
        actor.require(Perm.WORKSPACE_POLICY)
    today = today or timezone.localdate()
    result = ScanResult()
    readers, owners = _readers(actor)
    preferences = _preferences(actor)
    for kind in reminder_kinds():
        dues = list(kind.find_due(actor, today))
        if not dues:
            continue
        client_ids = {due.client_id for due in dues if due.client_id}
        responsible = dict(
            Client.objects.in_workspace(actor.workspace)
            .filter(pk__in=client_ids, responsible__isnull=False)
            .values_list("pk", "responsible_id")
        )
        # What is stored already is not rendered again: a scan every 10 minutes finds the
        # same dues all day long. (The unique key still decides when two scans race.)
        window = Reminder.objects.in_workspace(actor.workspace).filter(
            kind=kind.key, due_on__gte=min(due.due_on for due in dues)
        )
        stored_keys = set(
            window.values_list("object_type", "object_id", "due_on", "stage", "recipient_email")
        )
        rows = []
        for due in dues:
            if kind.audience == "client" or due.recipients is not None:
                targets = [
                    (_Reader(r.email, r.language, None), Delivery.IMMEDIATE)
                    for r in due.recipients or ()
                    if r.email
                ]
            else:
                member = readers.get(responsible.get(due.client_id))
                people = [member] if member is not None else owners
                targets = [
                    (p, preferences.get((p.member_id, kind.key), kind.default)) for p in people
                ]
            for reader, delivery in targets:
                key = (due.object_type, due.object_id, due.due_on, due.stage, reader.email)
                if key in stored_keys:
                    continue
                subject, body, path = _render(kind, due, reader.language)
                rows.append(
                    Reminder(
                        workspace=actor.workspace,
                        kind=kind.key,
                        object_type=due.object_type,
                        object_id=due.object_id,
                        due_on=due.due_on,
                        stage=due.stage,
                        client_id=due.client_id,
                        recipient_email=reader.email,
                        recipient_member_id=reader.member_id,
                        language=reader.language,
                        delivery=delivery,
                        status=Reminder.Status.MUTED
                        if delivery == Delivery.OFF
                        else Reminder.Status.PENDING,
                        subject=subject,
                        body=body,
                        url=_absolute(path),
                    )
                )
        if not rows:
            continue
        # Counted over the dues' window only: the kind's older reminders grow without end.
        before = len(stored_keys)
        Reminder.objects.bulk_create(rows, ignore_conflicts=True, batch_size=500)
        stored = window.count()
        result.by_kind[kind.key] = stored - before
        result.stored += stored - before
    result.queued = send_immediate(actor=actor)
    return result


def _email_html(template: str, context: dict, language: str) -> str:
    with translation.override(language):
        return render_to_string(template, context)


def _queue_one(reminder: Reminder) -> OutboundEmail:
    text = reminder.body + (f"\n\n{reminder.url}" if reminder.url else "")
    html = _email_html(
        "reminders/email/reminder.html",
        {
            "subject": reminder.subject,
            "paragraphs": reminder.body.split("\n\n"),
            "url": reminder.url,
        },
        reminder.language,
    )
    return queue_email(
        to=reminder.recipient_email,
        subject=reminder.subject,
        text=text,
        html=html,
        dedupe_key=f"reminder:{reminder.pk}",
        workspace=reminder.workspace,
        enqueue_in_transaction=True,
    )


def send_immediate(*, actor: Actor) -> int:
    """Queue every stored reminder of the workspace that is sent immediately and not yet
    queued. Each reminder's email and its link to it commit together; the dedupe key makes a
    second attempt at the same reminder (two workers, a crash after the commit) a no-op."""
    queued = 0
    waiting = Reminder.objects.in_workspace(actor.workspace).filter(
        status=Reminder.Status.PENDING, delivery=Delivery.IMMEDIATE
    )
    while True:
        batch = list(waiting.select_related("workspace").order_by("pk")[:SEND_BATCH])
        if not batch:
            return queued
        # One transaction per batch: each email, its delivery task and the reminder's link
        # commit together, so a crash loses the batch whole (the next pass queues it) and
        # never half of it.
        with transaction.atomic():
            now = timezone.now()
            for reminder in batch:
                email = _queue_one(reminder)
                waiting.filter(pk=reminder.pk).update(
                    status=Reminder.Status.QUEUED, email=email, queued_at=now
                )
                queued += 1


def _digest_due(delivery: str, today: dt.date) -> bool:
    # The weekly digest goes out on Mondays (the start of the working week).
    return delivery == Delivery.DAILY or today.weekday() == 0


def digests_send(*, actor: Actor, delivery: str, today: dt.date | None = None) -> int:
    """One email per address gathering its reminders waiting for this digest (daily, or
    weekly on Mondays), at most DIGEST_MAX_ITEMS of them: the rest wait for the next one.
    The dedupe key names the last reminder it carries, so the same rows are queued once
    however often this runs, and reminders stored after a digest go in the next."""
    today = today or timezone.localdate()
    if delivery not in (Delivery.DAILY, Delivery.WEEKLY) or not _digest_due(delivery, today):
        return 0
    waiting = (
        Reminder.objects.in_workspace(actor.workspace)
        .filter(status=Reminder.Status.PENDING, delivery=delivery)
        .order_by("due_on", "pk")
    )
    by_address: dict[str, list[Reminder]] = defaultdict(list)
    for reminder in waiting:
        by_address[reminder.recipient_email].append(reminder)
    sent = 0
    for address, reminders in by_address.items():
        shown = reminders[:DIGEST_MAX_ITEMS]
        # The reader's language when the newest of them was stored.
        language = max(shown, key=lambda r: r.pk).language
        with translation.override(language):
            title = (
                _("Pacte: your daily reminders")
                if delivery == Delivery.DAILY
                else _("Pacte: your weekly reminders")
            )
            subject = f"{title} ({len(shown)})"
            more = len(reminders) - len(shown)
            lines = [f"- {r.subject}\n  {r.url}" if r.url else f"- {r.subject}" for r in shown]
            if more:
                lines.append(
                    ngettext(
                        "%(count)d more in the next digest.",
                        "%(count)d more in the next digest.",
                        more,
                    )
                    % {"count": more}
                )
            html = render_to_string(
                "reminders/email/digest.html",
                {"title": title, "reminders": shown, "more": more},
            )
        last = max(r.pk for r in shown)
        with transaction.atomic():
            email = queue_email(
                to=address,
                subject=subject,
                text="\n".join(lines),
                html=html,
                dedupe_key=f"digest:{actor.workspace.pk}:{delivery}:{address_key(address)}:{last}",
                workspace=actor.workspace,
            )
            waiting.filter(pk__in=[r.pk for r in shown]).update(
                status=Reminder.Status.QUEUED, email=email, queued_at=timezone.now()
            )
        sent += 1
    return sent


def reminder_preference_set(*, actor: Actor, kind: str, delivery: str) -> ReminderPreference:
    """The actor's own choice for one kind: immediately, daily, weekly or off."""
    actor.require(Perm.WORKSPACE_VIEW)
    member = _own_member(actor)
    if reminder_kind(kind) is None:
        message = _("Unknown kind of reminder: %(kind)s.") % {"kind": kind}
        raise InvalidInput(message, fields={"deliveries": [message]})
    delivery = parse_choice(delivery, Delivery, field="delivery")
    if delivery == reminder_kind(kind).default:
        # The default is kept as no row: a later change of the default reaches this member.
        ReminderPreference.objects.in_workspace(actor.workspace).filter(
            member=member, kind=kind
        ).delete()
        return ReminderPreference(
            workspace=actor.workspace, member=member, kind=kind, delivery=delivery
        )
    preference, _created = ReminderPreference.objects.update_or_create(
        workspace=actor.workspace, member=member, kind=kind, defaults={"delivery": delivery}
    )
    return preference


def reminder_language_set(*, actor: Actor, language: str) -> ReminderSettings:
    actor.require(Perm.WORKSPACE_VIEW)
    member = _own_member(actor)
    if language not in ("fr", "en"):
        message = _("Choose French or English.")
        raise InvalidInput(message, fields={"language": [message]})
    row, _created = ReminderSettings.objects.update_or_create(
        workspace=actor.workspace, member=member, defaults={"language": language}
    )
    return row


def reminder_settings_save(*, actor: Actor, language: str, deliveries: dict[str, str]) -> None:
    """The actor's language and their choice for each kind given, all or nothing."""
    with transaction.atomic():
        reminder_language_set(actor=actor, language=language)
        for kind, delivery in deliveries.items():
            reminder_preference_set(actor=actor, kind=kind, delivery=delivery)


def _own_member(actor: Actor) -> Member:
    member = (
        Member.objects.in_workspace(actor.workspace).filter(user=actor.user).first()
        if actor.user is not None
        else None
    )
    if member is None:
        raise InvalidInput(_("Only a member of the workspace has reminder preferences."))
    return member


def outbox_resend(*, actor: Actor, email_id: int) -> OutboundEmail:
    """Send a failed message of the workspace again, as a new message (owners)."""
    actor.require(Perm.OUTBOX_MANAGE)
    with transaction.atomic():
        failed = OutboundEmail.objects.filter(workspace=actor.workspace, pk=email_id).first()
        if failed is None:
            raise NotFound(_("No such message in this workspace."))
        if failed.status != OutboundEmail.Status.FAILED:
            raise Conflict(_("Only a message that failed can be sent again."), code="not_failed")
        if OutboundEmail.objects.filter(dedupe_key=f"resend:{failed.pk}").exists():
            raise Conflict(_("This message was already sent again."), code="already_resent")
        if not failed.text and not failed.html:
            raise Conflict(
                _("The text of this message is no longer kept: it cannot be sent again."),
                code="pruned",
            )
        again = queue_email(
            to=failed.to,
            subject=failed.subject,
            text=failed.text,
            html=failed.html or None,
            from_email=failed.from_email,
            workspace=actor.workspace,
            # A second click, or a second owner, finds it already sent again.
            dedupe_key=f"resend:{failed.pk}",
        )
        Reminder.objects.in_workspace(actor.workspace).filter(email=failed).update(email=again)
        ledger.append(
            actor=actor,
            action="email.resent",
            payload={"to": failed.to, "subject": failed.subject, "error": failed.last_error},
        )
    return again
