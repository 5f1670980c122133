"""/me answers for each kind of actor."""

import pytest

from pacte.testing import check_endpoint_as_each_actor

pytestmark = pytest.mark.django_db


EVERYONE = dict.fromkeys(
    [
        "owner",
        "manager",
        "consultant",
        "viewer",
        "portal",
        "portal_other_client",
        "other_workspace",
    ],
    200,
)


def test_me_answers_for_each_kind_of_actor(world):
    responses = check_endpoint_as_each_actor(world, "/api/v1/me", {"anonymous": 401, **EVERYONE})
    owner = responses["owner"].json()
    assert owner["kind"] == "member" and owner["role"] == "owner"
    assert owner["workspace"]["name"] == "Atelier Nord"
    portal = responses["portal"].json()
    assert portal["kind"] == "portal" and portal["client_id"] == world.client.pk
    assert responses["other_workspace"].json()["workspace"]["name"] == "Studio Sud"
