"""The asset registry, handoff and takeover pages, and their actions, from the web face."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test import Client as HttpClient
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from django.utils.html import escape

from pacte.assets.models import Asset
from pacte.assets.services import action_log, asset_create
from pacte.billing.services import invoice_create, payment_record
from pacte.engagements.models import Engagement
from pacte.engagements.services import (
    engagement_activate,
    engagement_create,
)
from pacte.handoff.models import HandoffPlan, HandoffStep, TakeoverEvent, TakeoverItem
from pacte.handoff.services import (
    engagement_start_closing,
    takeover_item_create,
    takeover_record,
)
from pacte.kernel.models import LedgerEntry
from pacte.testing import check_page_as_each_actor

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_english():
    with translation.override("en"):
        yield


TODAY = timezone.localdate()

MEMBERS_ONLY = {
    "anonymous": 302,
    "owner": 200,
    "manager": 200,
    "consultant": 200,
    "viewer": 200,
    "portal": 404,
    "portal_other_client": 404,
    "other_workspace": 404,
}


def days(n: int) -> dt.date:
    return TODAY + dt.timedelta(days=n)


def browser(world, kind="owner"):
    http = HttpClient(headers={"Accept-Language": "en"})
    http.force_login(world.users[kind])
    return http


def ledger_size(world):
    return LedgerEntry.objects.in_workspace(world.workspace).count()


def register(world, client, n: int, **fields):
    values = {
        "kind": ["domain", "hosting", "analytics", "backup_location", "email_alias"][n % 5],
        "identifier": f"asset-{n}.boulangerie.fr",
        "legal_owner": "us" if n % 2 else "client",
        "client_has_admin": bool(n % 3),
        "we_have_admin": True,
        "renewal_date": days(20 + n),
        "notice_days": 30,
        "cost": "12.00",
    }
    values.update(fields)
    return asset_create(actor=world.actor("owner"), client_id=client.pk, **values)


def closing_engagement(world, client):
    owner = world.actor("owner")
    engagement = engagement_create(actor=owner, client_id=client.pk, title="Refonte", value="900")
    invoice = invoice_create(
        actor=owner, engagement_id=engagement.pk, kind="deposit", amount="270", due_on=TODAY
    )
    payment_record(actor=owner, invoice_id=invoice.pk, amount="270", paid_on=TODAY)
    engagement_activate(actor=owner, engagement_id=engagement.pk)
    engagement_start_closing(actor=owner, engagement_id=engagement.pk)
    return Engagement.objects.in_workspace(world.workspace).get(pk=engagement.pk)


def queries_for(http, url):
    with CaptureQueriesContext(connection) as ctx:
        response = http.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def status_of(engagement):
    return Engagement.objects.in_workspace(engagement.workspace_id).get(pk=engagement.pk).status


def steps_of(world, engagement):
    return list(
        HandoffStep.objects.in_workspace(world.workspace)
        .filter(plan__engagement=engagement)
        .order_by("pk")
    )


def messages_in(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


# --- The asset registry page ----------------------------------------------------------------


def test_the_assets_page_as_each_actor(world):
    register(world, world.client, 1)
    url = f"/clients/{world.client.pk}/assets/"
    check_page_as_each_actor(world, url, MEMBERS_ONLY)
    # Read in English: the pages speak the workspace's default language (French).
    responses = {kind: browser(world, kind).get(url) for kind in ("owner", "manager", "viewer")}
    html = responses["viewer"].content.decode()
    assert "asset-1.boulangerie.fr" in html
    assert f'action="/clients/{world.client.pk}/assets/new/"' not in html  # readers see
    assert f'action="/clients/{world.client.pk}/assets/new/"' in responses["owner"].content.decode()
    foreign = browser(world, "other_workspace").get(f"/clients/{world.foreign_client.pk}/assets/")
    assert foreign.status_code == 200  # their own client


def test_the_assets_page_shows_each_violation_fix_next_to_its_asset(world):
    bad = register(world, world.client, 0, kind="domain", legal_owner="us", we_have_admin=False)
    good = register(
        world,
        world.client,
        1,
        kind="hosting",
        legal_owner="client",
        client_has_admin=True,
        we_have_admin=False,
    )
    html = browser(world).get(f"/clients/{world.client.pk}/assets/").content.decode()

    def row(asset):
        match = re.search(rf'<tr[^>]*id="asset-{asset.pk}"[^>]*>(.*?)</tr>', html, re.S)
        assert match, f"no row for asset {asset.pk}"
        return match.group(0)

    fix = escape(
        "Transfer the domain to the client's name at the registrar and give them the admin access."
    )
    assert fix in row(bad)
    assert "R-OWN 1" in row(bad)
    assert 'class="violation"' in row(bad)
    assert "R-OWN" not in row(good)
    assert 'class="violation"' not in row(good)
    assert "50 %" in html  # one check of two passes


def test_the_assets_page_warns_of_a_missing_alias_while_we_work(world):
    register(world, world.client, 1, kind="hosting", legal_owner="client", client_has_admin=True)
    engagement = engagement_create(
        actor=world.actor("owner"), client_id=world.client.pk, title="SEO", value="900"
    )
    invoice = invoice_create(
        actor=world.actor("owner"),
        engagement_id=engagement.pk,
        kind="deposit",
        amount="270",
        due_on=TODAY,
    )
    payment_record(actor=world.actor("owner"), invoice_id=invoice.pk, amount="270", paid_on=TODAY)
    engagement_activate(actor=world.actor("owner"), engagement_id=engagement.pk)
    html = browser(world).get(f"/clients/{world.client.pk}/assets/").content.decode()
    assert "R-OWN 10" in html
    assert escape("Create the alias on the client's own domain") in html


def test_the_assets_page_costs_the_same_queries_for_1_or_15_assets(world):
    one = register(world, world.client, 0)
    action_log(actor=world.actor("owner"), client_id=world.client.pk, asset_id=one.pk, what="A")
    for n in range(15):
        asset = register(world, world.other_client, n)
        action_log(
            actor=world.actor("owner"),
            client_id=world.other_client.pk,
            asset_id=asset.pk,
            what=f"Action {n}",
        )
    http = browser(world)
    http.get(f"/clients/{world.client.pk}/assets/")  # warm the session
    small = queries_for(http, f"/clients/{world.client.pk}/assets/")
    large = queries_for(http, f"/clients/{world.other_client.pk}/assets/")
    assert small == large, (small, large)


def test_a_secret_posted_from_the_assets_page_is_refused_and_nothing_is_written(world):
    before = Asset.objects.in_workspace(world.workspace).count()
    page = browser(world).post(
        f"/clients/{world.client.pk}/assets/new/",
        {
            "asset-kind": "hosting",
            "asset-identifier": "VPS OVH",
            "asset-legal_owner": "client",
            "asset-payer": "client",
            "asset-renewal_period": "yearly",
            "asset-notice_days": "0",
            "asset-currency": "EUR",
            "asset-credentials_reference": "password: hunter2xyz",
        },
        follow=True,
    )
    assert any("looks like a secret" in m for m in messages_in(page))
    assert Asset.objects.in_workspace(world.workspace).count() == before
    page = browser(world).post(
        f"/clients/{world.client.pk}/assets/new/",
        {
            "asset-kind": "hosting",
            "asset-identifier": "VPS OVH",
            "asset-legal_owner": "client",
            "asset-payer": "client",
            "asset-renewal_period": "yearly",
            "asset-notice_days": "0",
            "asset-currency": "EUR",
            "asset-credentials_reference": "Bitwarden de la boulangerie, entrée Hébergement",
        },
        follow=True,
    )
    assert "Asset registered." in messages_in(page)
    assert Asset.objects.in_workspace(world.workspace).count() == before + 1


# --- The handoff page -----------------------------------------------------------------------


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


# --- The takeover page ----------------------------------------------------------------------


def test_the_takeover_page_as_each_actor(world):
    takeover_item_create(
        actor=world.actor("owner"),
        client_id=world.client.pk,
        kind="domain",
        what="Code de transfert",
        previous_provider="Ancienne Agence",
        asked_on=days(-10),
    )
    url = f"/clients/{world.client.pk}/takeover/"
    check_page_as_each_actor(world, url, MEMBERS_ONLY)
    # Read in English: the pages speak the workspace's default language (French).
    responses = {kind: browser(world, kind).get(url) for kind in ("owner", "manager", "viewer")}
    html = responses["viewer"].content.decode()
    assert "Code de transfert" in html and "Ancienne Agence" in html
    assert "chase now" in html
    assert f'action="/clients/{world.client.pk}/takeover/new/"' not in html
    assert (
        f'action="/clients/{world.client.pk}/takeover/new/"' in responses["owner"].content.decode()
    )


def test_the_takeover_page_costs_the_same_queries_for_1_or_15_items(world):
    owner = world.actor("owner")
    takeover_item_create(
        actor=owner, client_id=world.client.pk, kind="domain", what="Item", asked_on=days(-9)
    )
    for n in range(15):
        item = takeover_item_create(
            actor=owner,
            client_id=world.other_client.pk,
            kind="hosting",
            what=f"Item {n}",
            asked_on=days(-20),
        )
        takeover_record(actor=owner, item_id=item.pk, event="chased", on=days(-10), note="Relance")
        if n % 3 == 0:
            takeover_record(actor=owner, item_id=item.pk, event="received", on=days(-1))
    http = browser(world)
    http.get(f"/clients/{world.client.pk}/takeover/")
    small = queries_for(http, f"/clients/{world.client.pk}/takeover/")
    large = queries_for(http, f"/clients/{world.other_client.pk}/takeover/")
    assert small == large, (small, large)


def test_a_takeover_is_recorded_from_the_page(world):
    http = browser(world, "consultant")
    page = http.post(
        f"/clients/{world.client.pk}/takeover/new/",
        {"kind": "domain", "what": "Code de transfert", "previous_provider": "Ancienne Agence"},
        follow=True,
    )
    assert "Added to the checklist." in messages_in(page)
    item = TakeoverItem.objects.in_workspace(world.workspace).get()
    url = f"/clients/{world.client.pk}/takeover/{item.pk}/event/"

    size = ledger_size(world)
    page = http.post(url, {"event": "chased"}, follow=True)
    assert "Ask for it before chasing it." in messages_in(page)
    assert not TakeoverEvent.objects.in_workspace(world.workspace).exists()
    assert ledger_size(world) == size

    page = http.post(url, {"event": "asked", "on": days(-3).isoformat(), "note": "Par email"})
    http.post(url, {"event": "received"})
    item.refresh_from_db()
    assert (item.asked_on, item.received_on) == (days(-3), TODAY)
    page = http.post(url, {"event": "chased"}, follow=True)
    assert "This item was already received." in messages_in(page)
    assert list(
        TakeoverEvent.objects.in_workspace(world.workspace).values_list("event", flat=True)
    ) == ["asked", "received"]
    assert browser(world, "viewer").post(url, {"event": "asked"}).status_code == 403
    assert browser(world, "other_workspace").post(url, {"event": "asked"}).status_code == 404


# --- rows reached through their page's object ------------------------------------------------


def test_handoff_and_takeover_rows_through_another_parent_answer_404(world):
    register(world, world.client, 1)
    register(world, world.other_client, 2)
    mine = closing_engagement(world, world.client)
    theirs = closing_engagement(world, world.other_client)
    their_plan = HandoffPlan.objects.in_workspace(world.workspace).get(engagement=theirs)
    their_step = HandoffStep.objects.in_workspace(world.workspace).filter(plan=their_plan)[0]
    their_item = takeover_item_create(
        actor=world.actor("owner"), client_id=world.other_client.pk, kind="domain", what="DNS"
    )
    http = browser(world)
    size = ledger_size(world)
    urls = [
        f"/engagements/{mine.pk}/handoff/steps/{their_step.pk}/",
        f"/engagements/{mine.pk}/handoff/{their_plan.pk}/call/",
        f"/clients/{world.client.pk}/takeover/{their_item.pk}/event/",
    ]
    for url in urls:
        assert http.post(url, {"status": "done", "event": "asked"}).status_code == 404, url
    assert ledger_size(world) == size
    # Through their own parent the same rows are found.
    own = http.post(f"/engagements/{theirs.pk}/handoff/steps/{their_step.pk}/", {"status": "done"})
    assert own.status_code == 302


def test_an_invalid_takeover_item_comes_back_with_its_input(world):
    page = browser(world).post(
        f"/clients/{world.client.pk}/takeover/new/",
        {"kind": "domain", "what": "", "previous_provider": "Agence Pixel"},
    )
    html = page.content.decode()
    assert page.status_code == 200
    assert 'value="Agence Pixel"' in html and "This field is required." in html
    assert not TakeoverItem.objects.in_workspace(world.workspace).exists()
