"""The client reads the evidence of what waits for their decision in the portal, and
downloads it; they cannot attach to a recommendation, and see no other client's files."""

import pytest
from django.test import Client as HttpClient

from .helpers import PDF, attach, recommendation

pytestmark = pytest.mark.django_db


def portal(world, kind="portal"):
    http = HttpClient(headers={"Accept-Language": "en"})
    http.force_login(world.users[kind])
    return http


def test_the_portal_shows_the_files_of_a_recommendation_to_decide(world):
    rec = recommendation(world)
    attachment = attach(world, rec, name="devis HTTPS.pdf", data=PDF)
    other = attach(world, recommendation(world, world.other_client), name="autre.pdf")
    page = portal(world).get("/portal/").content.decode()
    assert "devis_HTTPS.pdf" in page
    assert f"/files/{attachment.pk}/" in page
    assert f"/files/{other.pk}/" not in page
    assert "/files/upload/" not in page
    assert portal(world).get(f"/files/{attachment.pk}/").status_code == 200
    assert portal(world).get(f"/files/{other.pk}/").status_code == 404
