"""The asset registry page: each actor, each violation's fix, its query budget, secrets refused."""

import re

import pytest
from django.utils.html import escape

from pacte.assets.models import Asset
from pacte.assets.services import action_log
from pacte.billing.services import invoice_create, payment_record
from pacte.engagements.services import engagement_activate, engagement_create
from pacte.handoff.tests.helpers import TODAY, browser, messages_in, queries_for
from pacte.handoff.tests.page_helpers import register
from pacte.testing import MEMBERS_ONLY, check_page_as_each_actor

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_in_english")]


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
