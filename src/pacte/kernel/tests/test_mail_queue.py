"""Issue 10, item 10: mail leaves through a persisted queue, outside the request. Each message
is a row; the worker's task sends it with the real transport, retries a failure with a
growing delay, gives up after a bound, never sends a row twice, and picks up a row whose
task was lost.

Tasks run as in production: queued in the database, then run by the worker's own code
(`run_queued`, what `pacte worker --once` calls)."""

import smtplib
from datetime import timedelta
from itertools import pairwise

import pytest
from django.core import mail
from django.core.mail import BadHeaderError, EmailMultiAlternatives, send_mail
from django.db import transaction
from django.test import override_settings
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

import pacte.settings
from pacte.kernel import mail as outbox
from pacte.kernel import tasks
from pacte.kernel.models import OutboundEmail

pytestmark = pytest.mark.django_db

QUEUED = "pacte.kernel.mail.QueuedEmailBackend"
LOCMEM = "django.core.mail.backends.locmem.EmailBackend"
HERE = "pacte.kernel.tests.test_mail_queue"


class BrokenRelay:
    """A transport whose server is unreachable."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


class RefusingRelay(BrokenRelay):
    """A transport whose server refuses the address for good (550)."""

    def send_messages(self, messages):
        address = messages[0].to[0]
        raise smtplib.SMTPRecipientsRefused({address: (550, b"No such user")})


@pytest.fixture
def queued(settings):
    """The production setting: the queue in front of a transport (locmem, so that tests can
    read what was really sent)."""
    with override_settings(EMAIL_BACKEND=QUEUED, PACTE_EMAIL_DELIVERY_BACKEND=LOCMEM):
        yield


def ready_tasks():
    return DBTaskResult.objects.ready().filter(task_path=outbox.deliver_email.module_path)


def make_due():
    """Let the clock pass every delay: scheduled attempts become due now."""
    past = timezone.now() - timedelta(seconds=1)
    OutboundEmail.objects.filter(status="queued").update(next_attempt_at=past)
    DBTaskResult.objects.filter(status=TaskResultStatus.READY).update(run_after=past)


def test_the_default_backend_is_the_queue_and_the_transport_is_separate():
    """Issue 10, item 10: no request sends mail itself (pytest-django replaces EMAIL_BACKEND
    with locmem in tests; the settings module keeps the production value)."""
    assert pacte.settings.EMAIL_BACKEND == QUEUED
    assert pacte.settings.PACTE_EMAIL_DELIVERY_BACKEND != QUEUED


def test_a_message_is_stored_and_sent_only_by_the_worker(
    queued, django_capture_on_commit_callbacks
):
    """Issue 10, item 10: send_mail stores one row per recipient and sends nothing; the
    worker sends each exactly once."""
    with django_capture_on_commit_callbacks(execute=True):
        sent = send_mail("Hello", "Body", None, ["a@example.test", "b@example.test"])
    assert sent == 1
    rows = OutboundEmail.objects.order_by("to")
    assert [(row.to, row.status, row.attempts) for row in rows] == [
        ("a@example.test", "queued", 0),
        ("b@example.test", "queued", 0),
    ]
    assert rows[0].from_email == "pacte@localhost"
    assert mail.outbox == []

    assert tasks.run_queued() == 2
    assert sorted(message.to[0] for message in mail.outbox) == ["a@example.test", "b@example.test"]
    assert all(len(message.to) == 1 and message.subject == "Hello" for message in mail.outbox)
    assert set(OutboundEmail.objects.values_list("status", flat=True)) == {"sent"}
    assert all(row.sent_at for row in OutboundEmail.objects.all())
    # A sent body leaves the database: it may hold a live invitation or reset link.
    assert set(OutboundEmail.objects.values_list("text", "html")) == {("", "")}

    assert tasks.run_queued() == 0
    assert len(mail.outbox) == 2


def test_the_html_version_travels_with_the_message(queued, django_capture_on_commit_callbacks):
    """Issue 10, item 10: an HTML alternative (as the password-reset form may send) is kept."""
    message = EmailMultiAlternatives("Hi", "Plain", to=["c@example.test"])
    message.attach_alternative("<p>Rich</p>", "text/html")
    with django_capture_on_commit_callbacks(execute=True):
        message.send()
    assert OutboundEmail.objects.get().html == "<p>Rich</p>"
    tasks.run_queued()
    (delivered,) = mail.outbox
    assert delivered.body == "Plain"
    assert [tuple(alt) for alt in delivered.alternatives] == [("<p>Rich</p>", "text/html")]


def test_nothing_is_queued_when_the_write_it_follows_rolls_back(
    queued, django_capture_on_commit_callbacks
):
    """Issue 10, item 10: mail about a write that did not happen is never sent."""
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        send_mail("Hello", "Body", None, ["a@example.test"])
        raise RuntimeError("the service failed")
    assert not OutboundEmail.objects.exists()
    assert tasks.run_queued() == 0
    assert mail.outbox == []


def test_a_failing_relay_is_retried_later_then_the_message_is_given_up(
    queued, settings, caplog, django_capture_on_commit_callbacks
):
    """Issue 10, item 10: each failure is recorded and retried after a growing delay; after
    MAX_ATTEMPTS the row is failed and the failure logged."""
    settings.PACTE_EMAIL_DELIVERY_BACKEND = f"{HERE}.BrokenRelay"
    with django_capture_on_commit_callbacks(execute=True):
        row = outbox.queue_email(to="d@example.test", subject="Hi", text="Body")

    before = timezone.now()
    assert tasks.run_queued() == 1
    row.refresh_from_db()
    assert (row.status, row.attempts) == ("queued", 1)
    assert "SMTPServerDisconnected" in row.last_error
    assert row.next_attempt_at >= before + timedelta(minutes=1)
    # The retry waits: nothing runs before its time.
    assert tasks.run_queued() == 0
    assert ready_tasks().count() == 0

    delays = [timedelta(minutes=1)]
    for attempt in range(2, outbox.MAX_ATTEMPTS + 1):
        make_due()
        assert tasks.run_queued() == 1
        row.refresh_from_db()
        assert row.attempts == attempt
        if attempt < outbox.MAX_ATTEMPTS:
            delays.append(row.next_attempt_at - timezone.now())
    assert row.status == "failed"
    assert "given up" in caplog.text and "d@example.test" in caplog.text
    # Growing delays, 1, 5, 25 minutes and so on.
    assert [round(delay / timedelta(minutes=1)) for delay in delays[:3]] == [1, 5, 25]
    assert all(later > earlier for earlier, later in pairwise(delays))
    # Nothing is scheduled any more.
    make_due()
    assert tasks.run_queued() == 0
    assert mail.outbox == []


def test_an_address_refused_for_good_is_not_retried(
    queued, settings, django_capture_on_commit_callbacks
):
    """Issue 10, item 10: a permanent refusal (5xx for the recipient) fails at once."""
    settings.PACTE_EMAIL_DELIVERY_BACKEND = f"{HERE}.RefusingRelay"
    with django_capture_on_commit_callbacks(execute=True):
        row = outbox.queue_email(to="nobody@example.test", subject="Hi", text="Body")
    tasks.run_queued()
    row.refresh_from_db()
    assert (row.status, row.attempts) == ("failed", 1)
    assert ready_tasks().count() == 0


def test_a_sent_row_is_never_sent_again(queued, django_capture_on_commit_callbacks):
    """Issue 10, item 10: two tasks for one row (a requeue, a retry) send it once."""
    with django_capture_on_commit_callbacks(execute=True):
        row = outbox.queue_email(to="e@example.test", subject="Hi", text="Body")
    outbox.enqueue_delivery(row.pk)
    assert tasks.run_queued() == 2
    assert len(mail.outbox) == 1
    outbox.deliver_email.call(row.pk)
    assert len(mail.outbox) == 1
    row.refresh_from_db()
    assert (row.status, row.attempts) == ("sent", 1)


def test_two_workers_racing_for_a_row_claim_it_once():
    """Issue 10, item 10: the claim is a conditional UPDATE; a worker that read the row
    before another claimed it loses."""
    row = outbox.queue_email(to="f@example.test", subject="Hi", text="Body")
    first = OutboundEmail.objects.get(pk=row.pk)
    second = OutboundEmail.objects.get(pk=row.pk)
    now = timezone.now()
    assert outbox.claim(first, now)
    assert not outbox.claim(second, now)
    # While the attempt holds its lease, the row is not due for anyone else.
    assert OutboundEmail.objects.get(pk=row.pk).next_attempt_at > now + timedelta(minutes=4)


def test_a_dedupe_key_queues_a_message_once(queued, django_capture_on_commit_callbacks):
    """Issue 10, item 10: a message with a key already used is not queued again."""
    key = "deadline:asset-7:2026-12-01:g@example.test"
    with django_capture_on_commit_callbacks(execute=True):
        first = outbox.queue_email(to="g@example.test", subject="Due", text="1", dedupe_key=key)
        again = outbox.queue_email(to="g@example.test", subject="Due", text="2", dedupe_key=key)
        other = outbox.queue_email(to="g@example.test", subject="Due", text="3")
    assert again.pk == first.pk
    assert OutboundEmail.objects.count() == 2
    assert tasks.run_queued() == 2
    assert sorted(message.body for message in mail.outbox) == ["1", "3"]
    assert other.dedupe_key is None


def test_a_header_with_a_line_break_is_refused_when_queued():
    """Issue 10, item 10: header injection fails in the caller, as Django's send_mail would,
    and stores nothing."""
    with pytest.raises(BadHeaderError):
        outbox.queue_email(to="h@example.test", subject="Hi\nBcc: x@example.test", text="Body")
    assert not OutboundEmail.objects.exists()


def test_a_row_whose_task_was_lost_is_queued_again(queued):
    """Issue 10, item 10: a crash after the commit and before the enqueue (here: the commit
    callback never runs) loses nothing: the periodic job queues the row again."""
    row = outbox.queue_email(to="i@example.test", subject="Hi", text="Body")
    assert ready_tasks().count() == 0
    assert outbox.requeue_lost_email.call() == {"requeued": 0}  # not overdue yet
    OutboundEmail.objects.filter(pk=row.pk).update(
        next_attempt_at=timezone.now() - timedelta(minutes=10)
    )
    assert outbox.requeue_lost_email.call() == {"requeued": 1}
    # Its task is waiting now: a second scan queues nothing more.
    assert outbox.requeue_lost_email.call() == {"requeued": 0}
    tasks.run_queued()
    assert [message.to for message in mail.outbox] == [["i@example.test"]]
    assert any(job.task == outbox.requeue_lost_email for job in tasks.periodic_jobs())


def test_a_row_held_by_a_dead_worker_is_queued_again(queued):
    """Issue 10, item 10: a worker killed during an attempt leaves its task running and the
    row claimed; once the claim's lease runs out, the row is queued again."""
    row = outbox.queue_email(to="j@example.test", subject="Hi", text="Body")
    outbox.enqueue_delivery(row.pk)
    DBTaskResult.objects.update(status=TaskResultStatus.RUNNING)  # its worker died
    assert outbox.claim(OutboundEmail.objects.get(pk=row.pk), timezone.now())
    assert outbox.requeue_lost_email.call() == {"requeued": 0}  # the lease still runs
    OutboundEmail.objects.filter(pk=row.pk).update(
        next_attempt_at=timezone.now() - timedelta(minutes=10)
    )
    assert outbox.requeue_lost_email.call() == {"requeued": 1}
    tasks.run_queued()
    row.refresh_from_db()
    assert (row.status, row.attempts) == ("sent", 2)
    assert len(mail.outbox) == 1


def test_a_failed_message_can_be_retried(queued, settings, django_capture_on_commit_callbacks):
    """Issue 10, item 10: once the relay is repaired, a failed message gets new attempts."""
    settings.PACTE_EMAIL_DELIVERY_BACKEND = f"{HERE}.RefusingRelay"
    with django_capture_on_commit_callbacks(execute=True):
        row = outbox.queue_email(to="k@example.test", subject="Hi", text="Body")
    tasks.run_queued()
    settings.PACTE_EMAIL_DELIVERY_BACKEND = LOCMEM
    with django_capture_on_commit_callbacks(execute=True):
        retried = outbox.retry_email(row.pk)
    assert (retried.status, retried.attempts) == ("queued", 0)
    tasks.run_queued()
    row.refresh_from_db()
    assert row.status == "sent"
    assert len(mail.outbox) == 1
    # A sent message is not retried.
    assert outbox.retry_email(row.pk).status == "sent"
    assert ready_tasks().count() == 0


def test_old_messages_are_forgotten_but_a_dedupe_key_is_kept():
    """Issue 10, item 10: sent mail (a password-reset link) is not kept for ever; a message
    sent under a dedupe_key keeps its row, emptied, so that it is never sent again."""
    old = timezone.now() - outbox.KEEP_DONE - timedelta(days=1)
    for to, status, key in [
        ("sent@example.test", "sent", None),
        ("failed@example.test", "failed", None),
        ("keyed@example.test", "sent", "reminder:1"),
        ("waiting@example.test", "queued", None),
    ]:
        row = outbox.queue_email(to=to, subject="Hi", text="Link", dedupe_key=key)
        OutboundEmail.objects.filter(pk=row.pk).update(status=status, created_at=old)
    recent = outbox.queue_email(to="recent@example.test", subject="Hi", text="Link")
    OutboundEmail.objects.filter(pk=recent.pk).update(status="sent")

    assert outbox.prune_old_email.call() == {"deleted": 2, "emptied": 1}
    remaining = {row.to: row.text for row in OutboundEmail.objects.all()}
    assert remaining == {
        "keyed@example.test": "",
        "waiting@example.test": "Link",
        "recent@example.test": "Link",
    }
    again = outbox.queue_email(
        to="keyed@example.test", subject="Hi", text="x", dedupe_key="reminder:1"
    )
    assert again.status == "sent"
    assert any(job.task == outbox.prune_old_email for job in tasks.periodic_jobs())
