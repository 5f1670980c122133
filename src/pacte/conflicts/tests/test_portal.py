"""The client answers the proposed solution in the portal, as a decision (R-NO): the portal
lists it with the conflict's context, the answer moves the case's solution, and the conflict
itself stays the provider's file."""

import pytest
from django.test import Client as HttpClient

from pacte.decisions.models import Decision

from .helpers import days_ago, move, open_case, running_engagement, to_awaiting

pytestmark = pytest.mark.django_db


def portal(world, kind="portal"):
    http = HttpClient(headers={"Accept-Language": "en"})
    http.force_login(world.users[kind])
    return http


def test_the_portal_user_answers_the_proposed_solution(world):
    e = running_engagement(world)
    case = to_awaiting(world, open_case(world, [e]))
    home = portal(world).get("/portal/").content.decode()
    assert f'id="recommendation-{case.solution_id}"' in home
    assert "Une séance de reprise offerte" in home
    assert "Our proposal to settle the disagreement between us." in home
    # The case's summary is the provider's own file: never shown to the client.
    assert "Le client conteste la maquette livrée" not in home
    # Another client's people neither see it nor answer it.
    other = portal(world, "portal_other_client")
    assert "Une séance de reprise offerte" not in other.get("/portal/").content.decode()
    url = f"/portal/recommendations/{case.solution_id}/decide/"
    assert other.post(url, {"decision": "accepted"}).status_code == 404
    answered = portal(world).post(url, {"decision": "accepted", "note": "Merci, ça nous va."})
    assert answered.status_code == 302
    decision = Decision.objects.in_workspace(world.workspace).get()
    assert decision.via_portal and decision.decision == "accepted"
    case.refresh_from_db()
    assert case.solution.status == "accepted"
    assert move(world, case, "resolved", on=days_ago(20)).status == "resolved"


def test_the_conflict_itself_is_not_in_the_portal(world):
    case = open_case(world, summary="Différend interne")
    assert "Différend interne" not in portal(world).get("/portal/").content.decode()
    assert portal(world).get(f"/conflicts/{case.pk}/").status_code == 404
