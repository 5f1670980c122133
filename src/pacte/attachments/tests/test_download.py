"""Files are served only to actors who can see the record they support: the record's own
`find`, asked again on every download, for members and portal users alike."""

import pytest
from django.test import Client as HttpClient

from pacte.exchanges.services import exchange_log
from pacte.testing import check_page_as_each_actor

from .helpers import PDF, PNG, attach, recommendation

pytestmark = pytest.mark.django_db

# A recommendation of `world.client`: the portal users of that client see it.
CLIENT_RECORD = {
    "anonymous": 302,
    "owner": 200,
    "manager": 200,
    "consultant": 200,
    "viewer": 200,
    "portal": 200,
    "portal_other_client": 404,
    "other_workspace": 404,
}


def test_a_recommendation_file_as_each_actor(world):
    attachment = attach(world, recommendation(world), name="refus signé.pdf", data=PDF)
    responses = check_page_as_each_actor(world, f"/files/{attachment.pk}/", CLIENT_RECORD)
    response = responses["portal"]
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "refus_sign" in response["Content-Disposition"]
    assert response["Content-Length"] == str(len(PDF))


def test_an_exchange_file_is_for_members_only(world):
    exchange = exchange_log(
        actor=world.actor("consultant"),
        client_id=world.client.pk,
        channel="email",
        direction="inbound",
        summary="Accord écrit du client",
    )
    attachment = attach(world, exchange, kind="exchanges.exchange", name="mail.pdf")
    check_page_as_each_actor(world, f"/files/{attachment.pk}/", {**CLIENT_RECORD, "portal": 404})


def test_a_file_of_another_client_is_not_found_for_a_portal_user(world):
    attachment = attach(world, recommendation(world, world.other_client))
    check_page_as_each_actor(
        world,
        f"/files/{attachment.pk}/",
        {**CLIENT_RECORD, "portal": 404, "portal_other_client": 200},
    )


def test_an_unknown_file_is_not_found(world):
    check_page_as_each_actor(
        world,
        "/files/999999/",
        {kind: (302 if kind == "anonymous" else 404) for kind in CLIENT_RECORD},
    )


def test_images_and_pdf_may_be_shown_inline_in_a_sandbox(world):
    attachment = attach(world, world.client, kind="clients.client", name="logo.png", data=PNG)
    http = HttpClient()
    http.force_login(world.users["owner"])
    response = http.get(f"/files/{attachment.pk}/?inline=1")
    assert response["Content-Disposition"].startswith("inline;")
    assert "sandbox" in response["Content-Security-Policy"]
