"""Issue 13: each member chooses how each kind of reminder reaches them; owners read the
outbox (sent, queued, failed with the error) and send a failed message again."""

import pytest
from django.test import Client as HttpClient
from django.test import override_settings

from pacte.kernel.mail import queue_email
from pacte.kernel.models import LedgerEntry, Member, OutboundEmail
from pacte.reminders.forms import ReminderSettingsForm
from pacte.reminders.models import ReminderPreference, ReminderSettings
from pacte.reminders.selectors import my_reminder_settings
from pacte.testing import ANY_MEMBER, MEMBERS_ONLY, check_page_as_each_actor

pytestmark = pytest.mark.django_db

OWNERS_ONLY = {**MEMBERS_ONLY, "manager": 403, "consultant": 403, "viewer": 403}


@pytest.fixture(autouse=True)
def queued():
    with override_settings(
        EMAIL_BACKEND="pacte.kernel.mail.QueuedEmailBackend",
        PACTE_EMAIL_DELIVERY_BACKEND="django.core.mail.backends.locmem.EmailBackend",
    ):
        yield


def choices_of(world, kind="consultant"):
    return my_reminder_settings(actor=world.actor(kind))[0]


def signed_in(world, kind="owner"):
    http = HttpClient(headers={"Accept-Language": "en"})
    http.force_login(world.users[kind])
    return http


def failed_email(workspace, to="client@alpha.test"):
    row = queue_email(to=to, subject="Cancel by soon", text="Body", workspace=workspace)
    OutboundEmail.objects.filter(pk=row.pk).update(
        status=OutboundEmail.Status.FAILED, last_error="SMTPRecipientsRefused: 550 No such user"
    )
    return row


def test_every_actor_on_the_reminder_settings_and_the_outbox(world):
    check_page_as_each_actor(world, "/reminders/", ANY_MEMBER)
    # Another workspace's owner reads their own outbox, never this one's messages.
    check_page_as_each_actor(world, "/outbox/", {**OWNERS_ONLY, "other_workspace": 200})
    failed = failed_email(world.workspace)
    check_page_as_each_actor(
        world, f"/outbox/{failed.pk}/resend/", {**OWNERS_ONLY, "owner": 302}, method="post"
    )
    foreign = failed_email(world.other_workspace)
    response = signed_in(world).post(f"/outbox/{foreign.pk}/resend/")
    assert response.status_code == 404
    assert OutboundEmail.objects.filter(workspace=world.other_workspace).count() == 1


def test_a_member_saves_their_choices_and_language(world):
    http = signed_in(world, "consultant")
    page = http.get("/reminders/")
    assert b"Cancel-by dates coming up" in page.content
    every_kind = dict.fromkeys(ReminderSettingsForm(choices=choices_of(world)).kinds, "daily")
    response = http.post(
        "/reminders/",
        {
            **every_kind,
            "language": "en",
            "kind-deadlines-cancel-by": "weekly",
            "kind-deadlines-notice-missed": "off",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    member = Member.objects.in_workspace(world.workspace).get(user=world.users["consultant"])
    chosen = dict(
        ReminderPreference.objects.in_workspace(world.workspace)
        .filter(member=member)
        .values_list("kind", "delivery")
    )
    assert chosen["deadlines.cancel_by"] == "weekly"
    assert chosen["deadlines.notice_missed"] == "off"
    assert (
        ReminderSettings.objects.in_workspace(world.workspace).get(member=member).language == "en"
    )


def test_a_bad_choice_changes_nothing(world):
    http = signed_in(world, "consultant")
    response = http.post("/reminders/", {"language": "de", "kind-deadlines-cancel-by": "hourly"})
    assert response.status_code == 200
    assert not ReminderPreference.objects.in_workspace(world.workspace).exists()
    assert not ReminderSettings.objects.in_workspace(world.workspace).exists()


def test_the_outbox_shows_the_failure_and_resends_it_once(world):
    failed = failed_email(world.workspace)
    http = signed_in(world)
    page = http.get("/outbox/?status=failed")
    assert b"550 No such user" in page.content and b"Send again" in page.content
    assert http.post(f"/outbox/{failed.pk}/resend/").status_code == 302
    again = OutboundEmail.objects.filter(workspace=world.workspace).exclude(pk=failed.pk).get()
    assert again.status == OutboundEmail.Status.QUEUED and again.to == failed.to
    assert (
        LedgerEntry.objects.in_workspace(world.workspace).filter(action="email.resent").count() == 1
    )
    # Only a failed message is sent again, and only once (a double click, two owners).
    http.post(f"/outbox/{again.pk}/resend/")
    http.post(f"/outbox/{failed.pk}/resend/")
    assert OutboundEmail.objects.filter(workspace=world.workspace).count() == 2


def test_a_message_whose_text_was_pruned_is_not_sent_again_empty(world):
    failed = failed_email(world.workspace)
    OutboundEmail.objects.filter(pk=failed.pk).update(text="", html="")
    http = signed_in(world)
    assert b"Send again" not in http.get("/outbox/").content
    http.post(f"/outbox/{failed.pk}/resend/")
    assert OutboundEmail.objects.filter(workspace=world.workspace).count() == 1


def test_the_outbox_costs_the_same_with_one_or_sixty_messages(world, django_assert_max_num_queries):
    http = signed_in(world)
    failed_email(world.workspace)
    with django_assert_max_num_queries(12) as one:
        http.get("/outbox/")
    for n in range(60):
        failed_email(world.workspace, to=f"c{n}@alpha.test")
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = http.get("/outbox/")
    assert response.status_code == 200
