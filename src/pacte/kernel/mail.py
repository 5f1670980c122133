"""Mail leaves through an outbox, never from a request.

Django's EMAIL_BACKEND is `QueuedEmailBackend`: `send_mail`, the password-reset form and
every other sender only write one `OutboundEmail` row per recipient and, after the commit,
queue a background task (`deliver_email`). The worker hands the message to the real
transport (settings.PACTE_EMAIL_DELIVERY_BACKEND, from PACTE_EMAIL_BACKEND). So a relay that
is down, slow or silent never holds a request, and a message outlives a restart.

An attempt claims its row with a conditional UPDATE (the row's attempt count moves on and its
`next_attempt_at` becomes the end of a lease), so two workers never send one row twice, and
a row already sent is never sent again. A failed attempt is recorded on the row and retried
later (1, 5, 25 minutes, about 2 hours, then 6 hours); after MAX_ATTEMPTS, or when the
server refuses the address for good, the row is `failed` and the failure is logged.
A periodic job re-queues a row whose task was lost (a crash between the commit and the
enqueue, a worker killed during an attempt), so a crash loses no message.
"""

from __future__ import annotations

import hashlib
import logging
import smtplib
from collections.abc import Iterable
from datetime import datetime, timedelta
from email.utils import parseaddr

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import EmailMessage, EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.message import forbid_multi_line_headers
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.html import strip_tags
from django_tasks import task
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from .models import OutboundEmail

logger = logging.getLogger(__name__)

QUEUED_BACKEND = "pacte.kernel.mail.QueuedEmailBackend"
# Attempts before a message is given up (marked failed): about 8.5 hours of retries.
MAX_ATTEMPTS = 6
MAX_DELAY = timedelta(hours=6)
# A queued row whose attempt is this overdue with no task waiting for it lost its task.
LOST_AFTER = timedelta(minutes=2)
# Rows re-queued per run of the periodic job (the next run takes the rest).
REQUEUE_BATCH = 500
# Sent and failed messages are kept this long (their bodies may hold a password-reset link).
KEEP_DONE = timedelta(days=30)


def retry_delay(attempts: int) -> timedelta:
    """The wait after the `attempts`-th failed attempt: 1, 5, 25, 125 minutes, then 6 hours."""
    return min(timedelta(minutes=5 ** (max(attempts, 1) - 1)), MAX_DELAY)


def claim_lease() -> timedelta:
    """How long an attempt owns its row. Each step of an SMTP conversation gives up after
    EMAIL_TIMEOUT, so an attempt ends well within this; a row whose lease ran out belongs
    to a worker that died, and the periodic job queues it again."""
    return timedelta(seconds=max(300, 20 * (settings.EMAIL_TIMEOUT or 30)))


# --- queueing (in the request) ---------------------------------------------------------------


def address_key(address: str) -> str:
    """An address inside a dedupe key, short whatever its length (a key holds 200
    characters, an address 254)."""
    return hashlib.sha256(address.lower().encode()).hexdigest()[:16]


def queue_email(
    *,
    to: str,
    subject: str,
    text: str,
    html: str | None = None,
    from_email: str | None = None,
    dedupe_key: str | None = None,
    workspace=None,
    enqueue_in_transaction: bool = False,
) -> OutboundEmail:
    """Store one message to one address and deliver it in the background after the commit
    (nothing is queued if the caller's transaction rolls back). With a `dedupe_key` already
    used, nothing new is stored and the existing row is returned: a message goes out at most
    once per key. A header with a line break or a malformed address raises BadHeaderError or
    ValueError here, as Django's send_mail would."""
    from_email = from_email or settings.DEFAULT_FROM_EMAIL
    for name, value in (("To", to), ("From", from_email), ("Subject", subject)):
        forbid_multi_line_headers(name, value, settings.DEFAULT_CHARSET)
    if dedupe_key is not None:
        existing = OutboundEmail.objects.filter(dedupe_key=dedupe_key).first()
        if existing is not None:
            return existing
    row = OutboundEmail(
        to=to,
        from_email=from_email,
        subject=subject,
        text=text,
        html=html or "",
        next_attempt_at=timezone.now(),
        dedupe_key=dedupe_key,
        workspace=workspace,
    )
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError:
        if dedupe_key is None:
            raise
        # Another request stored the same key meanwhile.
        return OutboundEmail.objects.get(dedupe_key=dedupe_key)
    if enqueue_in_transaction:
        # The task's row commits (or rolls back) with the message's: a batch of thousands of
        # reminders queues each message in the batch's one transaction, not one more each.
        enqueue_delivery(row.pk)
        return row
    # robust: the row is committed whatever happens here, and a failure to enqueue is left
    # to the periodic job rather than turned into an error after the caller's commit.
    transaction.on_commit(lambda: enqueue_delivery(row.pk), robust=True)
    return row


def enqueue_delivery(outbound_id: int, *, run_after: datetime | None = None) -> None:
    """Queue the task that delivers the row, and remember its id on the row (the periodic job
    looks for rows whose task is gone)."""
    deliver = deliver_email if run_after is None else deliver_email.using(run_after=run_after)
    with transaction.atomic():
        result = deliver.enqueue(outbound_id)
        OutboundEmail.objects.filter(pk=outbound_id).update(task_id=str(result.id)[:64])


class QueuedEmailBackend(BaseEmailBackend):
    """Django's email backend for the outbox: every message is stored, one row per recipient
    (each gets a copy addressed to them alone), and sent later by the worker."""

    def send_messages(self, email_messages: Iterable[EmailMessage]) -> int:
        queued = 0
        for message in email_messages:
            if message.attachments:
                raise ValueError("The mail queue does not carry attachments.")
            text, html = message.body, None
            if message.content_subtype == "html":
                text, html = strip_tags(message.body), message.body
            for content, mimetype in getattr(message, "alternatives", None) or []:
                if mimetype == "text/html" and html is None:
                    html = str(content)
            recipients = message.recipients()
            for address in recipients:
                queue_email(
                    to=address,
                    subject=str(message.subject),
                    text=text,
                    html=html,
                    from_email=message.from_email,
                )
            queued += bool(recipients)
        return queued


# --- delivery (in the worker) ----------------------------------------------------------------


def _transport():
    backend = getattr(
        settings,
        "PACTE_EMAIL_DELIVERY_BACKEND",
        "django.core.mail.backends.console.EmailBackend",
    )
    if backend == QUEUED_BACKEND:
        raise ImproperlyConfigured("PACTE_EMAIL_DELIVERY_BACKEND cannot be the queue itself.")
    return get_connection(backend, fail_silently=False)


def _message(row: OutboundEmail) -> EmailMultiAlternatives:
    domain = parseaddr(row.from_email)[1].rpartition("@")[2] or "pacte.invalid"
    message = EmailMultiAlternatives(
        subject=row.subject,
        body=row.text,
        from_email=row.from_email,
        to=[row.to],
        # One Message-ID for every attempt: a receiver can recognise a message that arrives
        # twice (sent, but the server's answer was lost and the worker tried again).
        headers={"Message-ID": f"<pacte-outbox.{row.pk}.{row.created_at:%Y%m%d%H%M%S}@{domain}>"},
    )
    if row.html:
        message.attach_alternative(row.html, "text/html")
    return message


def _refused_for_good(exc: Exception) -> bool:
    """The server refused the address with a permanent (5xx) answer: no retry will help."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return bool(exc.recipients) and all(
            code >= 500 for code, _message in exc.recipients.values()
        )
    return False


def claim(row: OutboundEmail, now: datetime) -> bool:
    """Take the row for one attempt, unless another worker did since it was read: a
    conditional UPDATE on the attempt count read, so that of two workers one wins. The row's
    next attempt moves to the end of the lease, so no one else finds it due meanwhile."""
    return bool(
        OutboundEmail.objects.filter(
            pk=row.pk,
            status=OutboundEmail.Status.QUEUED,
            attempts=row.attempts,
            next_attempt_at__lte=now,
        ).update(attempts=F("attempts") + 1, next_attempt_at=now + claim_lease())
    )


@task()
def deliver_email(outbound_id: int) -> dict:
    """One attempt at one queued message (see the module's docstring)."""
    now = timezone.now()
    row = OutboundEmail.objects.filter(pk=outbound_id).first()
    if row is None:
        return {"email": outbound_id, "status": "deleted"}
    if row.status != OutboundEmail.Status.QUEUED or row.next_attempt_at > now:
        # Sent or given up already, or another attempt holds it or is scheduled later.
        return {"email": outbound_id, "status": row.status, "skipped": True}
    if not claim(row, now):  # another worker took it first
        return {"email": outbound_id, "status": row.status, "skipped": True}
    attempt = row.attempts + 1
    try:
        _transport().send_messages([_message(row)])
    except Exception as exc:  # any failure is the row's to record, never a lost message
        return _record_failure(row, attempt, exc)
    # Once sent, the body goes: it may hold a live link (an invitation, a password reset)
    # that a copy of the database or a backup must not give away.
    OutboundEmail.objects.filter(pk=row.pk, attempts=attempt).update(
        status=OutboundEmail.Status.SENT, sent_at=timezone.now(), last_error="", text="", html=""
    )
    return {"email": outbound_id, "status": "sent", "attempts": attempt}


def _record_failure(row: OutboundEmail, attempt: int, exc: Exception) -> dict:
    error = (f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__)[:500]
    mine = OutboundEmail.objects.filter(
        pk=row.pk, status=OutboundEmail.Status.QUEUED, attempts=attempt
    )
    if attempt >= MAX_ATTEMPTS or _refused_for_good(exc):
        mine.update(status=OutboundEmail.Status.FAILED, last_error=error)
        logger.error(
            "Email %s to %s not sent after %d attempt(s), given up: %s",
            row.pk,
            row.to,
            attempt,
            error,
        )
        return {"email": row.pk, "status": "failed", "attempts": attempt, "error": error}
    retry_at = timezone.now() + retry_delay(attempt)
    with transaction.atomic():
        if mine.update(last_error=error, next_attempt_at=retry_at):
            enqueue_delivery(row.pk, run_after=retry_at)
    logger.warning(
        "Email %s to %s not sent (attempt %d of %d), retrying at %s: %s",
        row.pk,
        row.to,
        attempt,
        MAX_ATTEMPTS,
        f"{retry_at:%Y-%m-%d %H:%M:%S}Z",
        error,
    )
    return {"email": row.pk, "status": "retry", "attempts": attempt, "error": error}


@task()
def requeue_lost_email() -> dict:
    """Queue again each message whose attempt is overdue with no task waiting for it: its
    task was lost (a crash after the commit, before the enqueue) or its worker died during
    an attempt (the row's lease ran out). Runs every few minutes."""
    overdue = list(
        OutboundEmail.objects.filter(
            status=OutboundEmail.Status.QUEUED,
            next_attempt_at__lte=timezone.now() - LOST_AFTER,
        )
        .order_by("next_attempt_at")
        .values_list("pk", "task_id")[:REQUEUE_BATCH]
    )
    task_ids = {task_id for _pk, task_id in overdue if task_id}
    waiting = {
        str(pk)
        for pk in DBTaskResult.objects.filter(
            id__in=task_ids, status=TaskResultStatus.READY
        ).values_list("id", flat=True)
    }
    lost = [pk for pk, task_id in overdue if task_id not in waiting]
    for pk in lost:
        enqueue_delivery(pk)
    return {"requeued": len(lost)}


@task()
def prune_old_email() -> dict:
    """Forget sent and failed messages after KEEP_DONE. One with a dedupe_key keeps its row,
    emptied of its text, so that its key still says it went out."""
    done = OutboundEmail.objects.filter(
        status__in=[OutboundEmail.Status.SENT, OutboundEmail.Status.FAILED],
        created_at__lt=timezone.now() - KEEP_DONE,
    )
    deleted, _ = done.filter(dedupe_key__isnull=True).delete()
    emptied = (
        done.filter(dedupe_key__isnull=False).exclude(text="", html="").update(text="", html="")
    )
    return {"deleted": deleted, "emptied": emptied}


def retry_email(outbound_id: int) -> OutboundEmail | None:
    """Give a failed message a fresh series of attempts, starting now. None when there is no
    such message; a queued or sent one is returned as it is (a queued one may be in the
    middle of an attempt, which a reset could make send twice)."""
    with transaction.atomic():
        row = OutboundEmail.objects.select_for_update().filter(pk=outbound_id).first()
        if row is None or row.status != OutboundEmail.Status.FAILED:
            return row
        row.status = OutboundEmail.Status.QUEUED
        row.attempts = 0
        row.next_attempt_at = timezone.now()
        row.save(update_fields=["status", "attempts", "next_attempt_at"])
        transaction.on_commit(lambda: enqueue_delivery(row.pk), robust=True)
    return row
