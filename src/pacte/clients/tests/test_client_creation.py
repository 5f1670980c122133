"""Creating a client: its profile, a unique name per workspace, bad input refused, from the
service and the page."""

import pytest

from pacte.clients.models import Client
from pacte.clients.selectors import client_get
from pacte.clients.services import client_create, client_update
from pacte.clients.tests.helpers import browser, counts, last_entry, stored
from pacte.kernel.errors import Conflict, InvalidInput, PermissionDenied

pytestmark = pytest.mark.django_db


def test_a_client_is_created_with_its_profile_and_journaled(world):
    client = client_create(
        actor=world.actor("consultant"),
        name="  Studio Photo Lumière  ",
        city=" Québec ",
        preferred_channel="call",
        report_frequency="monthly",
        language="fr",
        decision_style="single",
        expectations="Un compte rendu court, par téléphone.",
        notes="",
    )
    assert client.name == "Studio Photo Lumière"
    assert (client.city, client.preferred_channel, client.report_frequency) == (
        "Québec",
        "call",
        "monthly",
    )
    assert (client.language, client.decision_style) == ("fr", "single")
    entry = last_entry(world)
    assert (entry.action, entry.payload) == ("client.created", {"name": "Studio Photo Lumière"})
    assert entry.actor == "consultant@nord.test (consultant)"
    assert client_get(actor=world.actor("viewer"), client_id=client.pk) == client


def test_a_client_speaks_french_unless_told_otherwise(world):
    assert client_create(actor=world.actor("owner"), name="Sans profil").language == "fr"
    assert client_create(actor=world.actor("owner"), name="Anglo", language="en").language == "en"


@pytest.mark.parametrize("name", ["Boulangerie Alpha", "boulangerie alpha", " BOULANGERIE ALPHA "])
def test_two_clients_of_a_workspace_cannot_share_a_name(world, name):
    before = counts()
    with pytest.raises(Conflict) as refused:
        client_create(actor=world.actor("owner"), name=name)
    assert refused.value.code == "client_exists"
    assert counts() == before


def test_another_workspace_may_have_a_client_of_the_same_name(world):
    client = client_create(actor=world.actor("other_workspace"), name="Boulangerie Alpha")
    assert client.workspace_id == world.other_workspace.pk


@pytest.mark.parametrize(
    "kwargs",
    [
        {"name": ""},
        {"name": "   "},
        {"name": "x" * 201},
        {"name": "Ok", "vat_number": "FR123"},  # unknown field
        {"name": "Ok", "workspace": 2},  # not a profile field either
        {"name": "Ok", "preferred_channel": "fax"},
        {"name": "Ok", "report_frequency": "daily"},
        {"name": "Ok", "language": "de"},
        {"name": "Ok", "decision_style": "dictator"},
    ],
)
def test_bad_clients_write_nothing(world, kwargs):
    before = counts()
    with pytest.raises(InvalidInput):
        client_create(actor=world.actor("owner"), **kwargs)
    assert counts() == before


@pytest.mark.parametrize("kind", ["viewer", "portal"])
def test_readers_cannot_create_or_change_clients(world, kind):
    before, row = counts(), stored(world.client)
    with pytest.raises(PermissionDenied):
        client_create(actor=world.actor(kind), name="Nouveau")
    with pytest.raises(PermissionDenied):
        client_update(actor=world.actor(kind), client_id=world.client.pk, city="Lyon")
    assert counts() == before and stored(world.client) == row


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
