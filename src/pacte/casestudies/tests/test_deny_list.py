"""`deny_list_for` reads what Pacte's records say about who the client is, in three queries
whatever their numbers, and only that client's."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pacte.assets.services import asset_create
from pacte.casestudies.anonymiser import scan
from pacte.casestudies.selectors import deny_list_for
from pacte.clients.services import contact_create

from .helpers import hotel

pytestmark = pytest.mark.django_db


def test_the_deny_list_holds_the_clients_records_in_three_queries(world):
    hotel(world)
    owner = world.actor("owner")
    contact_create(
        actor=owner, client_id=world.client.pk, full_name="Léa Gagnon", email="lea@gmail.com"
    )
    asset_create(
        actor=owner,
        client_id=world.client.pk,
        kind="code_repository",
        identifier="https://github.com/hoteldulac/booking",
        legal_owner="third_party",
        third_party_name="Agence Pixelmaster",
    )
    contact_create(actor=owner, client_id=world.other_client.pk, full_name="Zoé Autre")
    with CaptureQueriesContext(connection) as captured:
        deny = deny_list_for(actor=owner, client=world.client)
    assert len(captured) == 3
    text = (
        "Hôtel du Lac, Annecy, Hélène Martin, Léa Gagnon, hoteldulac-annecy, Pixelmaster, "
        "github.com/hoteldulac/booking, Refonte du site de réservation, Gmail, Zoé Autre"
    )
    found = {s.text for s in scan(text, deny)}
    assert {"Hôtel du Lac", "Annecy", "Hélène Martin", "Léa Gagnon", "Pixelmaster"} <= found
    assert "Refonte du site de réservation" in found and "hoteldulac-annecy" in found
    # A webmail's domain says nothing of the client; another client's people are not its.
    assert "Gmail" not in found and "Zoé Autre" not in found
