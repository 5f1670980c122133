"""Registering an asset: journaled, by writers only, for our own clients, from the service and
the API."""

import datetime as dt
from decimal import Decimal

import pytest

from pacte.assets.services import action_log, asset_update
from pacte.assets.tests.helpers import (
    TODAY,
    Api,
    asset_count,
    counts,
    create,
    days,
    domain_payload,
    entries,
    ledger_count,
    stored,
)
from pacte.kernel.errors import NotFound, PermissionDenied
from pacte.testing import check_endpoint_as_each_actor

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_in_english")]


def test_an_asset_is_registered_and_journaled(world):
    asset = create(
        world,
        vendor="Gandi",
        legal_owner="us",
        payer="us",
        we_have_admin=True,
        credentials_reference="client's password manager, entry Gandi",
        renewal_date=days(90),
        notice_days=30,
        auto_renew=True,
        cost="15.50",
        last_verified_on=TODAY,
    )
    row = stored(asset)
    assert row["client_id"] == world.client.pk
    assert row["kind"] == "domain"
    assert row["legal_owner"] == "us"
    assert row["cost"] == Decimal("15.50")
    assert row["notice_days"] == 30
    assert row["renewal_date"] == days(90)
    [entry] = entries(world, "asset.registered")
    assert entry.payload["identifier"] == "boulangerie-alpha.fr"
    assert entry.payload["legal_owner"] == "us"
    assert entry.payload["we_have_admin"] is True


@pytest.mark.parametrize("kind", ["portal", "portal_other_client", "viewer"])
def test_only_writers_register_assets(world, kind):
    before = counts()
    with pytest.raises(PermissionDenied):
        create(world, actor=kind)
    assert counts() == before
    asset = create(world)
    before = counts()
    with pytest.raises(PermissionDenied):
        asset_update(actor=world.actor(kind), asset_id=asset.pk, legal_owner="us")
    with pytest.raises(PermissionDenied):
        action_log(actor=world.actor(kind), client_id=world.client.pk, what="Audit")
    assert counts() == before


def test_a_client_of_another_workspace_is_not_found(world):
    before = counts()
    with pytest.raises(NotFound):
        create(world, actor="other_workspace")  # world.client belongs to Atelier Nord
    with pytest.raises(NotFound):
        create(world, client=world.foreign_client)
    assert counts() == before


@pytest.fixture
def outsider(world):
    return Api(world.token("other_workspace"))


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
