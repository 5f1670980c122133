"""Changing a client's profile: only where told, bad changes refused, from the service and the
page."""

import pytest

from pacte.clients.selectors import client_get
from pacte.clients.services import client_update
from pacte.clients.tests.helpers import browser, counts, stored
from pacte.kernel.errors import Conflict, InvalidInput, NotFound

pytestmark = pytest.mark.django_db


def test_a_client_profile_changes_only_where_told(world):
    client_update(actor=world.actor("consultant"), client_id=world.client.pk, city="Montréal")
    client_update(
        actor=world.actor("consultant"),
        client_id=world.client.pk,
        name="Boulangerie ALPHA",  # its own name in another case is fine
        preferred_channel="email",
        expectations="Des nouvelles chaque vendredi.",
    )
    row = stored(world.client)
    assert (row["name"], row["city"], row["preferred_channel"], row["language"]) == (
        "Boulangerie ALPHA",
        "Montréal",
        "email",
        "fr",
    )
    assert row["expectations"] == "Des nouvelles chaque vendredi."


@pytest.mark.parametrize(
    "changes, error",
    [
        ({"name": "garage beta"}, Conflict),  # another client's name
        ({"name": ""}, InvalidInput),
        ({"name": "   "}, InvalidInput),
        ({"language": "de"}, InvalidInput),
        ({"language": None}, InvalidInput),
        ({"preferred_channel": "fax"}, InvalidInput),
        ({"vat_number": "FR1"}, InvalidInput),
        ({"workspace_id": 2}, InvalidInput),
    ],
)
def test_bad_client_changes_write_nothing(world, changes, error):
    before, row = counts(), stored(world.client)
    with pytest.raises(error):
        client_update(actor=world.actor("owner"), client_id=world.client.pk, **changes)
    assert counts() == before and stored(world.client) == row


def test_a_client_of_another_workspace_is_not_found(world):
    row = stored(world.foreign_client)
    with pytest.raises(NotFound):
        client_update(actor=world.actor("owner"), client_id=world.foreign_client.pk, city="X")
    with pytest.raises(NotFound):
        client_get(actor=world.actor("owner"), client_id=world.foreign_client.pk)
    with pytest.raises(NotFound):
        client_get(actor=world.actor("portal"), client_id=world.other_client.pk)
    assert stored(world.foreign_client) == row


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
