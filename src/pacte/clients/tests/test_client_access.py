"""The client page for each actor, and closed to posts from another workspace."""

import pytest

from pacte.clients.models import Contact
from pacte.clients.tests.helpers import MEMBERS, browser
from pacte.testing import check_page_as_each_actor

pytestmark = pytest.mark.django_db


def test_client_page_as_each_actor(world):
    check_page_as_each_actor(
        world, f"/clients/{world.client.pk}/", {**MEMBERS, "other_workspace": 404}
    )


def test_another_workspace_cannot_post_into_our_client(world):
    http = browser(world, "other_workspace")
    response = http.post(
        f"/clients/{world.client.pk}/contacts/new/", {"contact-full_name": "Intrus"}
    )
    assert response.status_code == 404
    assert not Contact.objects.in_workspace(world.workspace).exists()
