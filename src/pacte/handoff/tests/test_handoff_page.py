"""The handoff page and its actions: steps, the call and the close, from the web face."""

import pytest
from django.test import Client as HttpClient

from pacte.engagements.models import Engagement
from pacte.engagements.services import engagement_create
from pacte.handoff.models import HandoffPlan, HandoffStep
from pacte.handoff.tests.helpers import (
    TODAY,
    browser,
    closing_engagement,
    days,
    ledger_size,
    messages_in,
    queries_for,
)
from pacte.handoff.tests.page_helpers import register
from pacte.testing import MEMBERS_ONLY, check_page_as_each_actor

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_in_english")]


def status_of(engagement):
    return Engagement.objects.in_workspace(engagement.workspace_id).get(pk=engagement.pk).status


def steps_of(world, engagement):
    return list(
        HandoffStep.objects.in_workspace(world.workspace)
        .filter(plan__engagement=engagement)
        .order_by("pk")
    )


@pytest.fixture
def closing(world):
    register(world, world.client, 1, kind="domain", legal_owner="us", client_has_admin=False)
    return closing_engagement(world, world.client)


def test_the_handoff_page_as_each_actor(world, closing):
    url = f"/engagements/{closing.pk}/handoff/"
    check_page_as_each_actor(world, url, MEMBERS_ONLY)
    # Read in English: the pages speak the workspace's default language (French).
    responses = {kind: browser(world, kind).get(url) for kind in ("owner", "manager", "viewer")}
    owner = responses["owner"].content.decode()
    assert "Transfer ownership to the client" in owner
    assert 'id="close-engagement"' in owner
    assert 'name="override_reason"' in owner  # the owner's override
    manager = responses["manager"].content.decode()
    assert 'id="close-engagement"' in manager and 'name="override_reason"' not in manager
    viewer = responses["viewer"].content.decode()
    assert "Transfer ownership to the client" in viewer
    assert 'id="close-engagement"' not in viewer
    assert f'action="/engagements/{closing.pk}/handoff/steps/' not in viewer


def test_the_handoff_page_without_a_plan(world):
    engagement = engagement_create(
        actor=world.actor("owner"), client_id=world.client.pk, title="Audit", value="500"
    )
    html = browser(world).get(f"/engagements/{engagement.pk}/handoff/").content.decode()
    assert "No handoff plan yet" in html


def test_the_handoff_page_costs_the_same_queries_for_1_or_15_assets(world):
    register(world, world.client, 1)
    small_engagement = closing_engagement(world, world.client)
    for n in range(15):
        register(world, world.other_client, n)
    large_engagement = closing_engagement(world, world.other_client)
    assert len(steps_of(world, large_engagement)) > 15
    http = browser(world)
    http.get(f"/engagements/{small_engagement.pk}/handoff/")
    small = queries_for(http, f"/engagements/{small_engagement.pk}/handoff/")
    large = queries_for(http, f"/engagements/{large_engagement.pk}/handoff/")
    assert small == large, (small, large)


def test_a_step_is_updated_from_the_page(world, closing):
    step = steps_of(world, closing)[0]
    page = browser(world, "consultant").post(
        f"/engagements/{closing.pk}/handoff/steps/{step.pk}/",
        {"status": "done", "notes": "Fait chez Gandi"},
        follow=True,
    )
    assert "Step updated." in messages_in(page)
    assert page.redirect_chain[-1][0] == f"/engagements/{closing.pk}/handoff/"
    stored = steps_of(world, closing)[0]
    assert (stored.status, stored.notes, stored.done_on) == ("done", "Fait chez Gandi", TODAY)


def test_a_blocked_step_without_a_note_is_refused_on_the_page(world, closing):
    step = steps_of(world, closing)[0]
    size = ledger_size(world)
    page = browser(world).post(
        f"/engagements/{closing.pk}/handoff/steps/{step.pk}/",
        {"status": "blocked", "notes": ""},
    )
    # The same page comes back, the refusal beside the step, "blocked" still chosen.
    html = page.content.decode()
    assert page.status_code == 200 and "A note is required for a blocked step." in html
    assert '<option value="blocked" selected>' in html
    assert steps_of(world, closing)[0].status == "open"
    assert ledger_size(world) == size
    page = browser(world).post(
        f"/engagements/{closing.pk}/handoff/steps/{step.pk}/", {"status": "finished"}
    )
    assert "Select a valid choice." in page.content.decode()
    assert steps_of(world, closing)[0].status == "open"


@pytest.mark.parametrize(
    ("kind", "code"),
    [("viewer", 403), ("portal", 404), ("other_workspace", 404), ("anonymous", 302)],
)
def test_readers_and_outsiders_cannot_update_a_step(world, closing, kind, code):
    step = steps_of(world, closing)[0]
    http = HttpClient() if kind == "anonymous" else browser(world, kind)
    response = http.post(f"/engagements/{closing.pk}/handoff/steps/{step.pk}/", {"status": "done"})
    assert response.status_code == code
    assert steps_of(world, closing)[0].status == "open"


def test_the_call_is_recorded_from_the_page(world, closing):
    plan = HandoffPlan.objects.in_workspace(world.workspace).get(engagement=closing)
    url = f"/engagements/{closing.pk}/handoff/{plan.pk}/call/"
    size = ledger_size(world)
    page = browser(world).post(url, {"held_on": days(1).isoformat()})
    assert page.status_code == 200 and "In the future." in page.content.decode()
    page = browser(world).post(url, {"held_on": "not a date"})
    assert "Enter a valid date." in page.content.decode()
    assert HandoffPlan.objects.in_workspace(world.workspace).get(pk=plan.pk).call_held_on is None
    assert ledger_size(world) == size
    assert browser(world, "viewer").post(url, {}).status_code == 403

    page = browser(world, "manager").post(url, {"held_on": TODAY.isoformat()}, follow=True)
    assert "The handover call is on record." in messages_in(page)
    assert HandoffPlan.objects.in_workspace(world.workspace).get(pk=plan.pk).call_held_on == TODAY
    assert "held on" in page.content.decode()


def test_closing_from_the_page(world, closing):
    url = f"/engagements/{closing.pk}/handoff/close/"
    size = ledger_size(world)
    page = browser(world, "consultant").post(url, {"override_reason": ""}, follow=True)
    assert any("handoff steps are not done" in m for m in messages_in(page))
    assert browser(world, "manager").post(url, {"override_reason": "Urgent"}).status_code == 403
    assert browser(world, "viewer").post(url, {}).status_code == 403
    assert browser(world, "other_workspace").post(url, {}).status_code == 404
    assert status_of(closing) == "closing"
    assert ledger_size(world) == size

    page = browser(world).post(url, {"override_reason": "Client parti sans prévenir"}, follow=True)
    assert "The engagement is closed." in messages_in(page)
    assert status_of(closing) == "closed"
    assert "Client parti sans prévenir" in page.content.decode()
    # Closing twice: a message, nothing else.
    size = ledger_size(world)
    page = browser(world).post(url, {"override_reason": "encore"}, follow=True)
    assert "The engagement is closed." not in messages_in(page) and messages_in(page)
    assert ledger_size(world) == size


def test_closing_from_the_page_once_every_step_is_done(world, closing):
    http = browser(world, "consultant")
    for step in steps_of(world, closing):
        http.post(f"/engagements/{closing.pk}/handoff/steps/{step.pk}/", {"status": "done"})
    html = http.get(f"/engagements/{closing.pk}/handoff/").content.decode()
    assert "Every step is done: the engagement can be closed." in html
    page = http.post(f"/engagements/{closing.pk}/handoff/close/", {}, follow=True)
    assert "The engagement is closed." in messages_in(page)
    assert status_of(closing) == "closed"
