"""The reversibility report from the API: each violation with its rule, asset and fix, for each
actor."""

import pytest

from pacte.assets.tests.helpers import TODAY, domain_payload
from pacte.billing.services import invoice_create, payment_record
from pacte.engagements.services import engagement_activate, engagement_create
from pacte.testing import check_endpoint_as_each_actor

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_in_english")]


def test_reversibility_lists_each_violation_with_its_rule_asset_and_fix(world, api):
    empty = api.get(f"/clients/{world.client.pk}/reversibility")
    assert empty.status_code == 200
    assert empty.json()["score"] == 100
    assert empty.json()["violations"] == []

    ours = api.post("/assets", domain_payload(world, legal_owner="us")).json()
    api.post(
        "/assets",
        domain_payload(
            world, kind="hosting", identifier="o2switch", client_has_admin=True, renewal_date=None
        ),
    )
    body = api.get(f"/clients/{world.client.pk}/reversibility").json()
    assert 0 <= body["score"] <= 100
    assert body["score"] == 50  # the hosting passes, the domain does not
    assert [(v["rule"], v["asset_id"]) for v in body["violations"]] == [
        ("domain_owned_by_client", ours["id"])
    ]
    assert body["violations"][0]["fix"].strip()
    assert body["violations"][0]["rule_number"] == 1


def test_reversibility_has_a_client_level_violation_while_we_work_without_an_alias(world, api):
    owner = world.actor("owner")
    engagement = engagement_create(
        actor=owner, client_id=world.client.pk, title="SEO", value="1000.00"
    )
    invoice = invoice_create(
        actor=owner, engagement_id=engagement.pk, kind="deposit", amount="300", due_on=TODAY
    )
    payment_record(actor=owner, invoice_id=invoice.pk, amount="300", paid_on=TODAY)
    engagement_activate(actor=owner, engagement_id=engagement.pk)
    body = api.get(f"/clients/{world.client.pk}/reversibility").json()
    assert [(v["rule"], v["asset_id"]) for v in body["violations"]] == [
        ("email_alias_on_client_domain", None)
    ]
    assert body["score"] == 0


def test_reversibility_as_each_actor(world):
    check_endpoint_as_each_actor(
        world,
        f"/api/v1/clients/{world.client.pk}/reversibility",
        {
            "anonymous": 401,
            "owner": 200,
            "manager": 200,
            "consultant": 200,
            "viewer": 200,
            "portal": 200,  # the client's own score
            "portal_other_client": 404,
            "other_workspace": 404,
        },
    )
