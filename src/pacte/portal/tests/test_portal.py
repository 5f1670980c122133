"""The client portal: the client's own people see their company only, and decide there."""

import pytest
from django.test import Client as HttpClient

from pacte.core.testing import check_page_as_each_actor
from pacte.decisions.models import Decision
from pacte.decisions.services import recommendation_create
from pacte.engagements.services import engagement_create

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
