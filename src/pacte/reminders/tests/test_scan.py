"""Issue 13: reminders are stored once and sent once. The scan turns what each kind finds due
into one row per recipient, unique on (kind, object, due date, stage, recipient); the
thresholds send only the most urgent one passed; the recipient is the client's responsible
member, else the owners; each member's delivery preference decides immediately, digest or
off."""

import datetime as dt

import pytest
from django.core import mail
from django.test import Client as HttpClient
from django.test import override_settings
from django.utils import timezone

from pacte.assets.services import asset_create
from pacte.clients.services import client_update
from pacte.kernel import tasks
from pacte.kernel.errors import InvalidInput, NotFound
from pacte.kernel.models import Member, OutboundEmail
from pacte.kernel.tenancy import Actor
from pacte.reminders import services
from pacte.reminders.kinds import Delivery, most_urgent_stage
from pacte.reminders.models import Reminder, ReminderPreference
from pacte.reminders.services import (
    digests_send,
    reminder_language_set,
    reminder_preference_set,
    reminders_scan,
    send_immediate,
)

pytestmark = pytest.mark.django_db

QUEUED = "pacte.kernel.mail.QueuedEmailBackend"
LOCMEM = "django.core.mail.backends.locmem.EmailBackend"
TODAY = timezone.localdate()


@pytest.fixture(autouse=True)
def queued():
    with override_settings(EMAIL_BACKEND=QUEUED, PACTE_EMAIL_DELIVERY_BACKEND=LOCMEM):
        yield


def asset_due_in(world, days_left: int, *, identifier="alpha-boulangerie.fr", client=None):
    """A yearly, tacitly renewed asset whose cancel-by date is `days_left` days away."""
    return asset_create(
        actor=Actor.system(world.workspace),
        client_id=(client or world.client).pk,
        kind="domain",
        identifier=identifier,
        renewal_date=TODAY + dt.timedelta(days=days_left + 30),
        renewal_period="yearly",
        auto_renew=True,
        notice_days=30,
    )


def scan(world, today=TODAY):
    return reminders_scan(actor=Actor.system(world.workspace), today=today)


def reminders(world, kind="deadlines.cancel_by"):
    return list(Reminder.objects.in_workspace(world.workspace).filter(kind=kind))


def test_most_urgent_stage():
    assert most_urgent_stage(7, (60, 30, 7)) == 7
    assert most_urgent_stage(3, (60, 30, 7)) == 7
    assert most_urgent_stage(45, (60, 30, 7)) == 60
    assert most_urgent_stage(30, (60, 30, 7)) == 30
    assert most_urgent_stage(61, (60, 30, 7)) is None


def test_a_cancel_by_date_7_days_ahead_is_one_reminder_to_the_owner_once(world):
    asset = asset_due_in(world, 7)
    first = scan(world)
    again = scan(world)
    stored = reminders(world)
    assert len(stored) == 1 and first.stored >= 1 and again.stored == 0
    reminder = stored[0]
    assert reminder.recipient_email == "owner@nord.test"  # the owners: no one is responsible
    assert reminder.stage == "7"  # R-DEADLINE: only the most urgent threshold passed
    assert reminder.due_on == TODAY + dt.timedelta(days=7)
    assert reminder.object_id == asset.pk
    assert reminder.delivery == Delivery.IMMEDIATE
    assert reminder.status == Reminder.Status.QUEUED
    emails = OutboundEmail.objects.filter(to="owner@nord.test", workspace=world.workspace)
    assert emails.count() == 1
    email = emails.get()
    assert "alpha-boulangerie.fr" in email.subject
    assert f"{reminder.due_on.year}" in email.subject
    assert email.html and "alpha-boulangerie.fr" in email.text


def test_each_threshold_is_reminded_once_as_the_date_comes_closer(world):
    asset_due_in(world, 45)
    scan(world)
    assert [r.stage for r in reminders(world)] == ["60"]
    scan(world, TODAY + dt.timedelta(days=15))  # 30 days left
    scan(world, TODAY + dt.timedelta(days=16))
    scan(world, TODAY + dt.timedelta(days=38))  # 7 days left
    assert sorted(r.stage for r in reminders(world)) == ["30", "60", "7"]


def test_the_responsible_member_receives_it_instead_of_the_owners(world):
    manager = Member.objects.in_workspace(world.workspace).get(user=world.users["manager"])
    client_update(actor=world.actor("owner"), client_id=world.client.pk, responsible=manager.pk)
    asset_due_in(world, 7)
    scan(world)
    assert [r.recipient_email for r in reminders(world)] == ["manager@nord.test"]


def test_a_responsible_member_must_belong_to_the_workspace(world):
    foreign = Member.objects.in_workspace(world.other_workspace).get()
    with pytest.raises(InvalidInput):
        client_update(actor=world.actor("owner"), client_id=world.client.pk, responsible=foreign.pk)
    world.client.refresh_from_db()
    assert world.client.responsible_id is None
    with pytest.raises(NotFound):
        client_update(
            actor=world.actor("owner"), client_id=world.foreign_client.pk, responsible=None
        )


def test_a_reminder_speaks_the_language_of_its_reader(world):
    reminder_language_set(actor=world.actor("owner"), language="en")
    asset_due_in(world, 7)
    scan(world)
    assert reminders(world)[0].subject.startswith("Cancel by")
    reminder_language_set(actor=world.actor("owner"), language="fr")
    asset_due_in(world, 7, identifier="beta.fr", client=world.other_client)
    scan(world)
    french = [r for r in reminders(world) if "beta.fr" in r.subject]
    assert french[0].subject.startswith("Résilier avant")


def test_off_stores_the_reminder_muted_and_sends_nothing(world):
    reminder_preference_set(actor=world.actor("owner"), kind="deadlines.cancel_by", delivery="off")
    asset_due_in(world, 7)
    scan(world)
    assert [r.status for r in reminders(world)] == [Reminder.Status.MUTED]
    assert not OutboundEmail.objects.filter(workspace=world.workspace).exists()


def test_a_daily_digest_gathers_the_day_in_one_email_once(world):
    reminder_preference_set(
        actor=world.actor("owner"), kind="deadlines.cancel_by", delivery="daily"
    )
    asset_due_in(world, 7)
    asset_due_in(world, 6, identifier="second.fr")
    scan(world)
    assert {r.status for r in reminders(world)} == {Reminder.Status.PENDING}
    assert not OutboundEmail.objects.filter(workspace=world.workspace).exists()
    system = Actor.system(world.workspace)
    assert digests_send(actor=system, delivery="daily", today=TODAY) == 1
    assert digests_send(actor=system, delivery="daily", today=TODAY) == 0
    digest = OutboundEmail.objects.get(workspace=world.workspace)
    assert "second.fr" in digest.text and "alpha-boulangerie.fr" in digest.text
    assert {r.email_id for r in reminders(world)} == {digest.pk}


def test_the_weekly_digest_goes_out_on_mondays_only(world):
    reminder_preference_set(
        actor=world.actor("owner"), kind="deadlines.cancel_by", delivery="weekly"
    )
    asset_due_in(world, 7)
    scan(world)
    system = Actor.system(world.workspace)
    monday = TODAY + dt.timedelta(days=(7 - TODAY.weekday()) % 7 or 7)
    tuesday = monday + dt.timedelta(days=1)
    assert digests_send(actor=system, delivery="weekly", today=tuesday) == 0
    assert digests_send(actor=system, delivery="weekly", today=monday) == 1


def test_preferences_refuse_unknown_kinds_and_deliveries(world):
    with pytest.raises(InvalidInput):
        reminder_preference_set(actor=world.actor("owner"), kind="nope", delivery="daily")
    with pytest.raises(InvalidInput):
        reminder_preference_set(
            actor=world.actor("owner"), kind="deadlines.cancel_by", delivery="hourly"
        )
    with pytest.raises(InvalidInput):
        reminder_language_set(actor=world.actor("owner"), language="de")


def test_another_workspace_is_never_reminded_of_it(world):
    asset_due_in(world, 7)
    reminders_scan(actor=Actor.system(world.other_workspace), today=TODAY)
    assert not Reminder.objects.in_workspace(world.other_workspace).exists()


def test_a_missed_notice_is_reminded_once(world):
    asset_due_in(world, -3)  # the cancel-by date passed three days ago
    scan(world)
    scan(world)
    missed = reminders(world, "deadlines.notice_missed")
    assert len(missed) == 1 and missed[0].stage == "missed"
    assert not reminders(world)  # no cancel-by reminder for a date already passed


def run_worker_once(capture):
    """What `pacte worker --once` does, with the commit callbacks that queue deliveries."""
    with capture(execute=True):
        tasks.enqueue_due(once=True)
        tasks.run_queued()
    tasks.run_queued()


def test_the_worker_sends_the_reminders_that_are_due_then_nothing_new(
    world, django_capture_on_commit_callbacks
):
    asset_due_in(world, 7)
    run_worker_once(django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1
    assert "alpha-boulangerie.fr" in mail.outbox[0].subject
    run_worker_once(django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1


def test_send_immediate_after_a_crash_queues_what_was_left_once(world, monkeypatch):
    """A worker killed after storing the rows, before queueing them: the next pass queues
    each once; a pass racing it with the same rows queues nothing twice."""
    asset_due_in(world, 7)
    asset_due_in(world, 7, identifier="second.fr", client=world.other_client)
    system = Actor.system(world.workspace)
    with monkeypatch.context() as crash:
        crash.setattr(services, "send_immediate", lambda *, actor: 0)  # stored, not queued
        reminders_scan(actor=system, today=TODAY)
    assert {r.status for r in reminders(world)} == {Reminder.Status.PENDING}
    assert send_immediate(actor=system) == 2
    assert send_immediate(actor=system) == 0
    assert OutboundEmail.objects.filter(workspace=world.workspace).count() == 2


def test_the_client_edit_form_names_the_responsible_member(world):
    manager = Member.objects.in_workspace(world.workspace).get(user=world.users["manager"])
    http = HttpClient(headers={"Accept-Language": "en"})
    http.force_login(world.users["owner"])
    url = f"/clients/{world.client.pk}/edit/"
    assert b"Responsible member" in http.get(url).content
    base = {"name": world.client.name, "language": "fr"}
    assert http.post(url, {**base, "responsible": str(manager.pk)}).status_code == 302
    world.client.refresh_from_db()
    assert world.client.responsible_id == manager.pk
    foreign = Member.objects.in_workspace(world.other_workspace).get()
    assert http.post(url, {**base, "responsible": str(foreign.pk)}).status_code == 200
    world.client.refresh_from_db()
    assert world.client.responsible_id == manager.pk
    assert http.post(url, {**base, "responsible": ""}).status_code == 302
    world.client.refresh_from_db()
    assert world.client.responsible_id is None


def test_a_digest_run_again_later_the_same_day_carries_what_was_stored_since(world):
    """Review of issue 13: a second digest the same day must not swallow new reminders."""
    reminder_preference_set(
        actor=world.actor("owner"), kind="deadlines.cancel_by", delivery="daily"
    )
    asset_due_in(world, 7)
    scan(world)
    system = Actor.system(world.workspace)
    assert digests_send(actor=system, delivery="daily", today=TODAY) == 1
    asset_due_in(world, 6, identifier="second.fr")
    scan(world)
    assert digests_send(actor=system, delivery="daily", today=TODAY) == 1
    digests = list(OutboundEmail.objects.filter(workspace=world.workspace).order_by("pk"))
    assert len(digests) == 2 and "second.fr" in digests[1].text
    assert "second.fr" not in digests[0].text
    assert digests_send(actor=system, delivery="daily", today=TODAY) == 0


def test_one_address_gets_one_digest_whatever_language_its_reminders_were_stored_in(world):
    reminder_preference_set(
        actor=world.actor("owner"), kind="deadlines.cancel_by", delivery="daily"
    )
    asset_due_in(world, 7)
    scan(world)
    reminder_language_set(actor=world.actor("owner"), language="en")
    asset_due_in(world, 6, identifier="second.fr")
    scan(world)
    assert digests_send(actor=Actor.system(world.workspace), delivery="daily", today=TODAY) == 1
    digest = OutboundEmail.objects.get(workspace=world.workspace)
    assert "second.fr" in digest.text and "alpha-boulangerie.fr" in digest.text
    assert {r.email_id for r in reminders(world)} == {digest.pk}


def test_a_digest_carries_at_most_its_limit_and_the_rest_waits(world, monkeypatch):
    monkeypatch.setattr(services, "DIGEST_MAX_ITEMS", 1)
    reminder_preference_set(
        actor=world.actor("owner"), kind="deadlines.cancel_by", delivery="daily"
    )
    asset_due_in(world, 7)
    asset_due_in(world, 6, identifier="second.fr")
    scan(world)
    system = Actor.system(world.workspace)
    digests_send(actor=system, delivery="daily", today=TODAY)
    assert sorted(r.status for r in reminders(world)) == ["pending", "queued"]
    digests_send(actor=system, delivery="daily", today=TODAY)
    assert {r.status for r in reminders(world)} == {"queued"}


def test_a_deactivated_member_is_no_longer_reminded(world):
    manager = Member.objects.in_workspace(world.workspace).get(user=world.users["manager"])
    client_update(actor=world.actor("owner"), client_id=world.client.pk, responsible=manager.pk)
    manager.user.is_active = False
    manager.user.save(update_fields=["is_active"])
    asset_due_in(world, 7)
    scan(world)
    assert [r.recipient_email for r in reminders(world)] == ["owner@nord.test"]


def test_choosing_the_default_stores_no_preference(world):
    reminder_preference_set(
        actor=world.actor("owner"), kind="deadlines.cancel_by", delivery="daily"
    )
    reminder_preference_set(
        actor=world.actor("owner"), kind="deadlines.cancel_by", delivery="immediate"
    )
    assert not ReminderPreference.objects.in_workspace(world.workspace).exists()
