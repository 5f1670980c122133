"""The client's people in the portal: their requests, opening one, their SLAs with
compliance, agreeing a proposal; never another client's, nothing internal."""

import pytest
from django.test import Client as HttpClient

from pacte.kernel.models import LedgerEntry
from pacte.support.models import Sla, SupportRequest
from pacte.testing import check_page_as_each_actor

from .helpers import at, contact, move, request, sla

pytestmark = pytest.mark.django_db

PORTAL_ONLY_ACTION = {
    "anonymous": 302,
    "owner": 404,
    "manager": 404,
    "consultant": 404,
    "viewer": 404,
    "portal": 302,
    "portal_other_client": 302,
    "other_workspace": 404,
}


def portal(world, kind="portal"):
    http = HttpClient(headers={"Accept-Language": "en"})
    http.force_login(world.users[kind])
    return http


def test_the_client_sees_their_requests_and_slas_only(world):
    s = sla(world, target=60)
    mine = request(world, at(2026, 6, 8, 9), summary="Notre export")
    move(world, mine, "respond", at(2026, 6, 8, 15))
    request(world, at(2026, 6, 8, 9), summary="Leur export", client=world.other_client)
    text = portal(world).get("/portal/").content.decode()
    assert 'id="requests"' in text and "Notre export" in text and "Leur export" not in text
    assert 'id="slas"' in text and f'id="sla-{s.pk}"' in text
    # Nothing internal: no breach flag, no link to the members' pages.
    assert "breached" not in text and "/requests/" not in text
    other = portal(world, "portal_other_client").get("/portal/").content.decode()
    assert "Leur export" in other
    assert "Notre export" not in other
    assert f'id="sla-{s.pk}"' not in other


def test_opening_a_request_in_the_portal(world):
    user = world.users["portal"]
    me = contact(world, "Paula Portail", email=user.email)
    response = portal(world).post(
        "/portal/do/open-request/",
        {"summary": "Le site est lent", "priority": "high", "category": "incident"},
    )
    assert response.status_code == 302
    req = SupportRequest.objects.in_workspace(world.workspace).get()
    assert (req.client, req.contact, req.channel, req.opened_in_portal) == (
        world.client,
        me,
        "portal",
        True,
    )
    assert req.opened_by == user and req.status == "open"


def test_opening_as_each_actor(world):
    check_page_as_each_actor(
        world,
        "/portal/do/open-request/",
        PORTAL_ONLY_ACTION,
        method="post",
        data={"summary": "Aide"},
    )
    # Each portal user opened one for their own client.
    assert sorted(
        SupportRequest.objects.in_workspace(world.workspace).values_list("client__name", flat=True)
    ) == ["Boulangerie Alpha", "Garage Beta"]


def test_agreeing_a_proposal_in_the_portal(world):
    proposal = sla(world, agreed=False)
    response = portal(world).post(f"/portal/do/agree-sla/{proposal.pk}/")
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.agreed_in_portal and proposal.agreed_on is not None
    assert (
        proposal.agreed_by == world.users["portal"].get_full_name() or world.users["portal"].email
    )
    entry = LedgerEntry.objects.in_workspace(world.workspace).order_by("-seq").first()
    assert entry.action == "sla.agreed" and entry.payload["in_portal"] is True


def test_another_clients_proposal_is_not_found(world):
    proposal = sla(world, agreed=False, client=world.other_client)
    assert portal(world).post(f"/portal/do/agree-sla/{proposal.pk}/").status_code == 404
    assert Sla.objects.in_workspace(world.workspace).get().agreed_on is None


def test_agreeing_as_each_actor(world):
    proposal = sla(world, agreed=False)
    check_page_as_each_actor(
        world,
        f"/portal/do/agree-sla/{proposal.pk}/",
        {**PORTAL_ONLY_ACTION, "portal_other_client": 404},
        method="post",
    )
    proposal.refresh_from_db()
    assert proposal.agreed_in_portal
