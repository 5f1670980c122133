"""Client pages: list with search and filters, client page, profile, contacts, exchanges."""

import pytest
from django.test import Client as HttpClient

from pacte.clients.models import Client, Contact
from pacte.exchanges.models import Exchange
from pacte.testing import check_page_as_each_actor

pytestmark = pytest.mark.django_db

MEMBERS = {
    "anonymous": 302,
    "owner": 200,
    "manager": 200,
    "consultant": 200,
    "viewer": 200,
    "portal": 404,
    "portal_other_client": 404,
    "other_workspace": 200,
}


def browser(world, kind="owner"):
    http = HttpClient(headers={"Accept-Language": "en"})
    http.force_login(world.users[kind])
    return http


def test_client_list_as_each_actor(world):
    responses = check_page_as_each_actor(world, "/clients/", MEMBERS)
    assert b"Boulangerie Alpha" in responses["viewer"].content
    assert b"Boulangerie Alpha" not in responses["other_workspace"].content
    assert b"Cave Gamma" in responses["other_workspace"].content


def test_client_page_as_each_actor(world):
    check_page_as_each_actor(
        world, f"/clients/{world.client.pk}/", {**MEMBERS, "other_workspace": 404}
    )


def test_client_list_searches_and_filters(world):
    http = browser(world)
    html = http.get("/clients/", {"q": "alpha"}).content.decode()
    assert "Boulangerie Alpha" in html and "Garage Beta" not in html
    html = http.get("/clients/", {"status": "no_engagement"}).content.decode()
    assert "Boulangerie Alpha" in html
    html = http.get("/clients/", {"status": "active"}).content.decode()
    assert "No client matches" in html
    # An unknown filter is ignored rather than an error.
    assert http.get("/clients/", {"status": "bogus"}).status_code == 200


def test_creating_a_client_from_the_web(world):
    http = browser(world, "consultant")
    response = http.post(
        "/clients/new/",
        {
            "name": "Imprimerie Dubois",
            "city": "Lyon",
            "language": "fr",
            "preferred_channel": "email",
        },
    )
    client = Client.objects.in_workspace(world.workspace).get(name="Imprimerie Dubois")
    assert response.status_code == 302 and response["Location"] == f"/clients/{client.pk}/"


def test_a_duplicate_client_name_is_refused_on_the_field(world):
    http = browser(world)
    response = http.post("/clients/new/", {"name": "boulangerie alpha", "language": "fr"})
    assert response.status_code == 200
    assert "already exists" in response.content.decode()
    assert Client.objects.in_workspace(world.workspace).count() == 2


def test_a_viewer_cannot_create_clients(world):
    assert browser(world, "viewer").get("/clients/new/").status_code == 403


def test_editing_the_profile(world):
    http = browser(world)
    response = http.post(
        f"/clients/{world.client.pk}/edit/",
        {
            "name": "Boulangerie Alpha",
            "city": "Villeurbanne",
            "language": "en",
            "decision_style": "committee",
            "expectations": "Weekly figures",
        },
    )
    assert response.status_code == 302
    world.client.refresh_from_db()
    assert (world.client.city, world.client.decision_style) == ("Villeurbanne", "committee")


def test_adding_a_contact_and_logging_an_exchange(world):
    http = browser(world)
    http.post(
        f"/clients/{world.client.pk}/contacts/new/",
        {
            "contact-full_name": "Anne Petit",
            "contact-email": "anne@alpha.test",
            "contact-for_decisions": "on",
        },
    )
    contact = Contact.objects.in_workspace(world.workspace).get(full_name="Anne Petit")
    assert contact.for_decisions and not contact.for_billing
    http.post(
        f"/clients/{world.client.pk}/exchanges/new/",
        {
            "exchange-occurred_on": "2026-11-02",
            "exchange-channel": "call",
            "exchange-direction": "outbound",
            "exchange-summary": "Point hebdomadaire",
        },
    )
    assert Exchange.objects.in_workspace(world.workspace).filter(client=world.client).count() == 1
    html = http.get(f"/clients/{world.client.pk}/").content.decode()
    assert "Anne Petit" in html and "Point hebdomadaire" in html


def test_a_bad_exchange_is_explained_and_writes_nothing(world):
    http = browser(world)
    response = http.post(
        f"/clients/{world.client.pk}/exchanges/new/",
        {
            "exchange-occurred_on": "2999-01-01",
            "exchange-channel": "call",
            "exchange-direction": "outbound",
            "exchange-summary": "Du futur",
        },
    )
    # The refusal comes back beside the date, with what was typed.
    html = response.content.decode()
    assert response.status_code == 200 and "In the future." in html and "Du futur" in html
    assert not Exchange.objects.in_workspace(world.workspace).exists()


def test_another_workspace_cannot_post_into_our_client(world):
    http = browser(world, "other_workspace")
    response = http.post(
        f"/clients/{world.client.pk}/contacts/new/", {"contact-full_name": "Intrus"}
    )
    assert response.status_code == 404
    assert not Contact.objects.in_workspace(world.workspace).exists()
