"""`deny_list_for` reads what Pacte's records say about who the client is, in a fixed number
of queries whatever their numbers, and only that client's."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pacte.assets.services import asset_create
from pacte.casestudies.anonymiser import scan
from pacte.casestudies.selectors import deny_list_for
from pacte.clients.services import contact_create
from pacte.portal.services import portal_user_create

from .helpers import hotel

pytestmark = pytest.mark.django_db


def test_the_deny_list_holds_the_clients_records_in_four_queries(world):
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
    # The client's portal users: their names and addresses, whoever
    # else is a contact; another client's are not its.
    for n, name in enumerate(["Marc Dubois", "Jean-Luc O'Neil", ""]):
        portal_user_create(
            actor=owner,
            client_id=world.client.pk,
            email=f"p{n}@lac-reservations.fr",
            full_name=name,
            password="x-Pass-1234-long",
        )
    portal_user_create(
        actor=owner,
        client_id=world.other_client.pk,
        email="yann@garage-beta.fr",
        full_name="Yann Ailleurs",
        password="x-Pass-1234-long",
    )
    with CaptureQueriesContext(connection) as captured:
        deny = deny_list_for(actor=owner, client=world.client)
    # Contacts, assets, engagement titles, and one per identity source (the portal's users).
    assert len(captured) == 4
    text = (
        "Hôtel du Lac, Annecy, Hélène Martin, Léa Gagnon, hoteldulac-annecy, Pixelmaster, "
        "github.com/hoteldulac/booking, Refonte du site de réservation, Gmail, Zoé Autre"
    )
    found = {s.text for s in scan(text, deny)}
    assert {"Hôtel du Lac", "Annecy", "Hélène Martin", "Léa Gagnon", "Pixelmaster"} <= found
    assert "Refonte du site de réservation" in found and "hoteldulac-annecy" in found
    # A webmail's domain says nothing of the client; another client's people are not its.
    assert "Gmail" not in found and "Zoé Autre" not in found
    portal = "Marc Dubois, M. Dubois, J.-L. Oneil, p2@lac-reservations.fr, Yann Ailleurs"
    found = {s.text for s in scan(portal, deny)}
    assert {"Marc Dubois", "M. Dubois", "J.-L. Oneil", "p2@lac-reservations.fr"} <= found
    assert "Yann Ailleurs" not in found
