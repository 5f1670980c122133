"""The portal page as each kind of actor."""

import pytest

from pacte.testing import check_page_as_each_actor

pytestmark = pytest.mark.django_db


def test_portal_page_as_each_actor(world):
    responses = check_page_as_each_actor(
        world,
        "/portal/",
        {
            "anonymous": 302,
            "owner": 404,
            "manager": 404,
            "consultant": 404,
            "viewer": 404,
            "portal": 200,
            "portal_other_client": 200,
            "other_workspace": 404,
        },
    )
    assert b"Boulangerie Alpha" in responses["portal"].content
    assert b"Garage Beta" not in responses["portal"].content
    assert b"Garage Beta" in responses["portal_other_client"].content
    assert b"Boulangerie Alpha" not in responses["portal_other_client"].content
