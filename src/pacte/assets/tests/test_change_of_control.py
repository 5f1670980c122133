"""A change of who controls an asset is journaled; other changes are saved without it."""

import pytest

from pacte.assets.services import asset_update
from pacte.assets.tests.helpers import create, days, domain_payload, entries, stored
from pacte.kernel.errors import NotFound
from pacte.kernel.models import LedgerEntry

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_in_english")]


@pytest.mark.parametrize(
    ("change", "field", "before", "after"),
    [
        ({"legal_owner": "client"}, "legal_owner", "us", "client"),
        ({"payer": "client"}, "payer", "us", "client"),
        ({"client_has_admin": True}, "client_has_admin", False, True),
        ({"we_have_admin": False}, "we_have_admin", True, False),
        ({"licence": "client_name"}, "licence", "our_name", "client_name"),
    ],
)
def test_a_change_of_control_is_journaled(world, change, field, before, after):
    asset = create(
        world,
        kind="software_licence",
        identifier="WP Rocket",
        legal_owner="us",
        payer="us",
        client_has_admin=False,
        we_have_admin=True,
        licence="our_name",
    )
    asset_update(actor=world.actor("consultant"), asset_id=asset.pk, **change)
    assert stored(asset)[field] == after
    [entry] = entries(world, "asset.control_changed")
    assert entry.payload["identifier"] == "WP Rocket"
    assert entry.payload["from"][field] == before
    assert entry.payload["to"][field] == after
    assert entry.subject_id == str(asset.pk)


def test_other_changes_are_saved_without_a_control_entry(world):
    asset = create(world, legal_owner="us")
    asset_update(
        actor=world.actor("owner"),
        asset_id=asset.pk,
        vendor="OVH",
        notes="Transfert prévu en mars",
        legal_owner="us",  # unchanged
        renewal_date=days(30),
    )
    row = stored(asset)
    assert (row["vendor"], row["notes"], row["renewal_date"]) == (
        "OVH",
        "Transfert prévu en mars",
        days(30),
    )
    assert entries(world, "asset.control_changed") == []


def test_an_asset_of_another_workspace_cannot_be_changed(world):
    asset = create(world)
    with pytest.raises(NotFound):
        asset_update(actor=world.actor("other_workspace"), asset_id=asset.pk, vendor="X")
    assert stored(asset)["vendor"] == ""


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
