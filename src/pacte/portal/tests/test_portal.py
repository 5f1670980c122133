"""The client portal: the client's own people see their company only, and decide there."""

import pytest
from django.core import mail
from django.test import Client as HttpClient

from pacte.decisions.models import Decision
from pacte.decisions.services import recommendation_create
from pacte.engagements.services import engagement_create
from pacte.kernel.models import LedgerEntry
from pacte.portal.models import PortalUser
from pacte.testing import check_page_as_each_actor

pytestmark = pytest.mark.django_db


@pytest.fixture
def recommendation(world):
    owner = world.actor("owner")
    engagement = engagement_create(
        actor=owner, client_id=world.client.pk, title="Refonte", value="5000.00"
    )
    return recommendation_create(
        actor=owner,
        engagement_id=engagement.pk,
        title="Sauvegardes chez vous",
        rationale="Par sécurité",
    )


def test_the_portal_shows_the_decisions_waiting_for_the_client(world, recommendation):
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
    assert "Sauvegardes chez vous" in responses["portal"].content.decode()
    assert "Sauvegardes chez vous" not in responses["portal_other_client"].content.decode()


def test_the_client_decides_in_the_portal(world, recommendation):
    check_page_as_each_actor(
        world,
        f"/portal/recommendations/{recommendation.pk}/decide/",
        {
            "anonymous": 302,
            "owner": 404,
            "manager": 404,
            "consultant": 404,
            "viewer": 404,
            "portal": 302,
            "portal_other_client": 404,
            "other_workspace": 404,
        },
        method="post",
        data={"decision": "refused", "note": "Pas pour l'instant"},
    )
    decision = Decision.objects.in_workspace(world.workspace).get()
    assert decision.via_portal and decision.decided_by == "portal@alpha.test"
    assert decision.words == "Pas pour l'instant"
    recommendation.refresh_from_db()
    assert recommendation.status == "refused"
    http = HttpClient(headers={"Accept-Language": "en"})
    http.force_login(world.users["portal"])
    html = http.get("/portal/").content.decode()
    assert "Nothing is waiting for your decision." in html and "Pas pour l&#x27;instant" in html


def test_a_decision_without_a_choice_writes_nothing(world, recommendation):
    http = HttpClient(headers={"Accept-Language": "en"})
    http.force_login(world.users["portal"])
    page = http.post(
        f"/portal/recommendations/{recommendation.pk}/decide/", {"note": "?"}, follow=True
    )
    assert "This field is required" in page.content.decode()
    assert not Decision.objects.in_workspace(world.workspace).exists()


def test_a_manager_invites_a_client_to_the_portal(world, django_capture_on_commit_callbacks):
    http = HttpClient(headers={"Accept-Language": "en"})
    http.force_login(world.users["manager"])
    with django_capture_on_commit_callbacks(execute=True):
        page = http.post(
            f"/clients/{world.client.pk}/portal-access/new/",
            {"portal-email": "compta@alpha.test", "portal-full_name": "Compta"},
            follow=True,
        )
    assert "Invitation sent" in page.content.decode()
    access = PortalUser.objects.in_workspace(world.workspace).get(user__email="compta@alpha.test")
    assert access.client == world.client
    assert mail.outbox[-1].to == ["compta@alpha.test"]
    consultant = HttpClient()
    consultant.force_login(world.users["consultant"])
    refused = consultant.post(
        f"/clients/{world.client.pk}/portal-access/new/", {"portal-email": "x@alpha.test"}
    )
    assert refused.status_code == 403


def test_the_owner_changes_the_workspace_rules(world):
    http = HttpClient(headers={"Accept-Language": "en"})
    http.force_login(world.users["owner"])
    http.post(
        "/workspace/policy/", {"policy-default_deposit_percent": "40", "policy-silence_days": "7"}
    )
    world.workspace.refresh_from_db()
    assert (world.workspace.default_deposit_percent, world.workspace.silence_days) == (40, 7)
    entry = LedgerEntry.objects.in_workspace(world.workspace).last()
    assert entry.action == "workspace.policy_changed"
    page = http.post(
        "/workspace/policy/",
        {"policy-default_deposit_percent": "0", "policy-silence_days": "7"},
        follow=True,
    )
    assert "greater than or equal to 1" in page.content.decode()
    manager = HttpClient()
    manager.force_login(world.users["manager"])
    assert manager.post("/workspace/policy/", {}).status_code == 403
