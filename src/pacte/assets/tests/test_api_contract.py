"""The API contract of the asset registry and R-OWN, as an outside client uses it:
registering assets and reading the reversibility score. The handoff's is in
`pacte.handoff.tests.test_api_contract`."""

import datetime as dt

import pytest
from django.test import Client as HttpClient
from django.utils import timezone, translation

from pacte.assets.models import Asset
from pacte.billing.services import invoice_create, payment_record
from pacte.engagements.services import engagement_activate, engagement_create
from pacte.kernel.models import LedgerEntry
from pacte.testing import check_endpoint_as_each_actor

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_english():
    with translation.override("en"):
        yield


TODAY = timezone.localdate()


class Api:
    def __init__(self, token):
        self.http = HttpClient(
            headers={"Authorization": f"Bearer {token}", "Accept-Language": "en"}
        )

    def post(self, url, body=None):
        return self.http.post(f"/api/v1{url}", body or {}, content_type="application/json")

    def patch(self, url, body):
        return self.http.patch(f"/api/v1{url}", body, content_type="application/json")

    def get(self, url):
        return self.http.get(f"/api/v1{url}")


@pytest.fixture
def api(world):
    return Api(world.token("owner"))


@pytest.fixture
def outsider(world):
    return Api(world.token("other_workspace"))


def asset_count():
    return Asset.objects.across_workspaces().count()


def ledger_count():
    return LedgerEntry.objects.across_workspaces().count()


def domain_payload(world, **changes):
    payload = {
        "client_id": world.client.pk,
        "kind": "domain",
        "identifier": "boulangerie-alpha.fr",
        "legal_owner": "client",
        "renewal_date": (TODAY + dt.timedelta(days=200)).isoformat(),
        "notice_days": 30,
        "auto_renew": True,
    }
    payload.update(changes)
    return payload


# --- Registering assets and reading R-OWN ---------------------------------------------------


@pytest.mark.parametrize("owner", ["client", "us", "third_party"])
def test_registering_a_domain_answers_201_with_its_id(world, api, owner):
    created = api.post("/assets", domain_payload(world, legal_owner=owner))
    assert created.status_code == 201, created.content
    body = created.json()
    assert isinstance(body["id"], int)
    assert body["client_id"] == world.client.pk
    assert (body["kind"], body["identifier"], body["legal_owner"]) == (
        "domain",
        "boulangerie-alpha.fr",
        owner,
    )
    assert body["renewal_date"] == (TODAY + dt.timedelta(days=200)).isoformat()
    assert (body["notice_days"], body["auto_renew"]) == (30, True)
    assert api.get(f"/assets/{body['id']}").json() == body


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


def test_registering_an_asset_as_each_actor(world):
    before = asset_count()
    check_endpoint_as_each_actor(
        world,
        "/api/v1/assets",
        {
            "anonymous": 401,
            "owner": 201,
            "manager": 201,
            "consultant": 201,
            "viewer": 403,
            "portal": 403,
            "portal_other_client": 403,
            "other_workspace": 404,
        },
        method="post",
        json=domain_payload(world),
    )
    assert asset_count() == before + 3


def test_another_workspace_sees_nothing_and_cannot_point_at_our_client(world, api, outsider):
    asset_id = api.post("/assets", domain_payload(world)).json()["id"]
    before, entries = asset_count(), ledger_count()
    denied = outsider.get(f"/clients/{world.client.pk}/reversibility")
    assert denied.status_code == 404 and denied.json()["code"] == "not_found"
    created = outsider.post("/assets", domain_payload(world, identifier="hijack.fr"))
    assert created.status_code == 404 and created.json()["code"] == "not_found"
    assert outsider.get(f"/assets/{asset_id}").status_code == 404
    assert outsider.patch(f"/assets/{asset_id}", {"legal_owner": "us"}).status_code == 404
    assert outsider.get(f"/assets?client_id={world.client.pk}").status_code == 404
    assert outsider.get("/assets").json()["items"] == []
    assert (asset_count(), ledger_count()) == (before, entries)
    assert api.get(f"/assets/{asset_id}").json()["legal_owner"] == "client"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("credentials_reference", "password: hunter2xyz"),
        ("credentials_reference", "AKIAIOSFODNN7EXAMPLE"),
        ("notes", "sk_live_abcdefghij0123456789ABCD"),
        ("notes", "-----BEGIN RSA PRIVATE KEY-----"),
        ("identifier", "ghp_A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8"),
        ("vendor", "q7Rv2LxP9mZt4KwB8nYc3HjF6sDg1VbN5eTa0UoX"),
    ],
)
def test_a_secret_in_the_payload_is_refused(world, api, field, value):
    before, entries = asset_count(), ledger_count()
    refused = api.post("/assets", domain_payload(world, **{field: value}))
    assert refused.status_code == 400
    assert refused.json()["code"] == "secret_refused"
    assert field in refused.json()["fields"]
    assert (asset_count(), ledger_count()) == (before, entries)


def test_a_secret_in_a_patch_is_refused(world, api):
    asset_id = api.post("/assets", domain_payload(world)).json()["id"]
    refused = api.patch(f"/assets/{asset_id}", {"credentials_reference": "mdp = Secret!2026"})
    assert refused.status_code == 400 and refused.json()["code"] == "secret_refused"
    assert api.get(f"/assets/{asset_id}").json()["credentials_reference"] == ""
    accepted = api.patch(
        f"/assets/{asset_id}",
        {"credentials_reference": "Bitwarden de la boulangerie, entrée Hébergement"},
    )
    assert accepted.status_code == 200
    assert accepted.json()["credentials_reference"] == (
        "Bitwarden de la boulangerie, entrée Hébergement"
    )


@pytest.mark.parametrize(
    "changes",
    [
        {"kind": "spaceship"},
        {"legal_owner": "nobody"},
        {"notice_days": 731},
        {"notice_days": -1},
        {"renewal_date": "2026-02-30"},
        {"cost": "12.345"},
        {"client_id": "abc"},
        {"last_verified_on": (TODAY + dt.timedelta(days=1)).isoformat()},
    ],
    ids=str,
)
def test_invalid_assets_answer_400_and_write_nothing(world, api, changes):
    before = asset_count()
    refused = api.post("/assets", domain_payload(world, **changes))
    assert refused.status_code == 400, refused.content
    assert refused.json()["code"] == "invalid"
    assert asset_count() == before


def test_a_change_of_control_from_the_api_is_journaled(world, api):
    asset_id = api.post("/assets", domain_payload(world, legal_owner="us")).json()["id"]
    changed = api.patch(f"/assets/{asset_id}", {"legal_owner": "client", "client_has_admin": True})
    assert changed.status_code == 200
    entry = (
        LedgerEntry.objects.in_workspace(world.workspace)
        .filter(action="asset.control_changed")
        .get()
    )
    assert entry.payload["from"]["legal_owner"] == "us"
    assert entry.payload["to"]["legal_owner"] == "client"
    body = api.get(f"/clients/{world.client.pk}/reversibility").json()
    assert body["score"] == 100 and body["violations"] == []
