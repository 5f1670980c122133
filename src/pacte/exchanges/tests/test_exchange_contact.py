"""The contact who wrote or called: one of the exchange's client's contacts, never another
client's; offered on the client page's form; `contact_id` in the API."""

import pytest
from django.test import Client as HttpClient

from pacte.clients.services import contact_create
from pacte.exchanges.models import Exchange
from pacte.exchanges.services import exchange_log
from pacte.kernel.errors import InvalidInput

pytestmark = pytest.mark.django_db


def contact(world, client, name):
    return contact_create(actor=world.actor("owner"), client_id=client.pk, full_name=name)


def log(world, **kwargs):
    return exchange_log(
        actor=world.actor("consultant"),
        client_id=world.client.pk,
        channel="call",
        direction="inbound",
        summary="Question sur la facture",
        **kwargs,
    )


def test_an_exchange_names_the_clients_contact(world):
    claire = contact(world, world.client, "Claire Petit")
    assert log(world, contact_id=claire.pk).contact == claire
    assert log(world).contact is None


def test_a_contact_of_another_client_is_refused(world):
    other = contact(world, world.other_client, "Bruno Garage")
    with pytest.raises(InvalidInput) as refused:
        log(world, contact_id=other.pk)
    assert refused.value.code == "contact_of_another_client"
    assert list(refused.value.fields) == ["contact_id"]
    assert not Exchange.objects.in_workspace(world.workspace).exists()


def test_the_form_offers_the_clients_contacts_only(world):
    contact(world, world.client, "Claire Petit")
    contact(world, world.other_client, "Bruno Garage")
    http = HttpClient()
    http.force_login(world.users["consultant"])
    page = http.get(f"/clients/{world.client.pk}/").content.decode()
    assert 'name="exchange-contact_id"' in page
    assert "Claire Petit" in page and "Bruno Garage" not in page


def test_the_api_takes_and_gives_contact_id(world):
    claire = contact(world, world.client, "Claire Petit")
    other = contact(world, world.other_client, "Bruno Garage")
    http = HttpClient(headers={"Authorization": f"Bearer {world.token('owner')}"})
    body = {
        "client_id": world.client.pk,
        "channel": "email",
        "direction": "inbound",
        "summary": "Bonjour",
    }
    created = http.post(
        "/api/v1/exchanges", {**body, "contact_id": claire.pk}, content_type="application/json"
    )
    assert created.status_code == 201 and created.json()["contact_id"] == claire.pk
    refused = http.post(
        "/api/v1/exchanges", {**body, "contact_id": other.pk}, content_type="application/json"
    )
    assert refused.status_code == 400 and refused.json()["code"] == "contact_of_another_client"
