"""Governance's faces as each kind of actor: the client page's governance and scorecard
panels, the engagement page's reviews panel, the review page, the portal's scorecard, the
dashboard's overdue reviews, and the API; with their query budgets."""

import pytest
from django.db import connection
from django.test import Client as HttpClient
from django.test.utils import CaptureQueriesContext

from pacte.clients.services import contact_create
from pacte.governance.models import Review, StageConfirmation
from pacte.testing import (
    API_MEMBERS_READ,
    API_READ,
    API_WRITERS,
    MEMBERS_ONLY,
    check_endpoint_as_each_actor,
    check_page_as_each_actor,
)

from .helpers import cadence, days, review, started_engagement

pytestmark = pytest.mark.django_db


@pytest.fixture
def engagement(world):
    e = started_engagement(world, days_ago=400)
    cadence(world, e, strategic=True, starts_on=days(-400))
    return e


def http_as(world, kind):
    http = HttpClient(headers={"Accept-Language": "en"})
    http.force_login(world.users[kind])
    return http


def test_client_page_shows_governance_and_scorecard_to_members(world, engagement):
    responses = check_page_as_each_actor(world, f"/clients/{world.client.pk}/", MEMBERS_ONLY)
    owner = responses["owner"].content.decode()
    assert 'id="governance"' in owner and 'id="scorecard"' in owner
    assert "do/stage/" in owner  # owners confirm
    assert "Reviews overdue" in owner or "Retard" in owner
    consultant = responses["consultant"].content.decode()
    assert "do/stage/" not in consultant and "do/process-assessment/" in consultant
    assert "do/process-assessment/" not in responses["viewer"].content.decode()


def test_confirming_the_stage_on_the_client_page(world, engagement):
    url = f"/clients/{world.client.pk}/do/stage/"
    data = {"stage-stage": "maturity", "stage-note": "Dix-huit ans"}
    check_page_as_each_actor(
        world,
        url,
        {
            "anonymous": 302,
            "owner": 302,
            "manager": 302,
            "consultant": 403,
            "viewer": 403,
            "portal": 404,
            "portal_other_client": 404,
            "other_workspace": 404,
        },
        method="post",
        data=data,
    )
    assert StageConfirmation.objects.across_workspaces().count() == 2
    # Bad input: the panel again, the error beside the field, nothing written.
    response = http_as(world, "owner").post(url, {"stage-stage": "divorce"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and 'id="governance"' in response.content.decode()
    assert StageConfirmation.objects.across_workspaces().count() == 2


def test_recording_a_review_on_the_engagement_page(world, engagement):
    anne = contact_create(actor=world.actor("owner"), client_id=world.client.pk, full_name="Anne")
    page = http_as(world, "consultant").get(f"/engagements/{engagement.pk}/").content.decode()
    assert 'id="reviews"' in page and "Overdue" in page and "Anne" in page
    url = f"/engagements/{engagement.pk}/do/review/"
    data = {
        "review-kind": "strategic",
        "review-held_on": days(-3).isoformat(),
        "review-provider_attendee_ids": [str(world.users["consultant"].pk)],
        "review-client_attendee_ids": [str(anne.pk)],
        "review-minutes": "Comité",
        "review-decision_1_title": "Migrer l'hébergement",
        "review-decision_1_decision": "refused",
        "review-decision_1_decided_by": "Anne",
    }
    response = http_as(world, "consultant").post(url, data)
    assert response.status_code == 302
    r = Review.objects.across_workspaces().get()
    assert [rec.status for rec in r.decisions.all()] == ["refused"]
    # A decision answered without who gave it: refused beside the field, nothing written.
    bad = {**data, "review-decision_1_decided_by": ""}
    response = http_as(world, "consultant").post(url, bad, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "Who at the client" in response.content.decode()
    response = http_as(world, "consultant").post(url, {**data, "review-held_on": days(2)})
    assert Review.objects.across_workspaces().count() == 1
    assert http_as(world, "viewer").post(url, data).status_code == 403


def test_the_review_page_as_each_actor_and_its_minutes(world, engagement):
    r = review(world, engagement, "strategic", days(-3), minutes="Premier jet")
    responses = check_page_as_each_actor(world, f"/reviews/{r.pk}/", MEMBERS_ONLY)
    assert "Premier jet" in responses["viewer"].content.decode()
    check_page_as_each_actor(
        world,
        f"/reviews/{r.pk}/",
        {**MEMBERS_ONLY, "owner": 302, "manager": 302, "consultant": 302, "viewer": 403},
        method="post",
        data={"minutes": "Final"},
    )
    r.refresh_from_db()
    assert r.minutes == "Final"


def test_the_portal_shows_the_scorecard_with_nothing_internal(world, engagement):
    page = http_as(world, "portal").get("/portal/").content.decode()
    assert 'id="scorecard"' in page and "Pays on time" in page
    assert f"/clients/{world.client.pk}/" not in page
    # The portal's own pages (/portal/assets/) are the client's; the members' are not linked.
    assert '"/assets/' not in page and "/engagements/" not in page


def test_the_dashboard_lists_overdue_reviews(world, engagement):
    page = http_as(world, "viewer").get("/dashboard/").content.decode()
    assert 'id="overdue-reviews"' in page and engagement.title in page
    other = http_as(world, "other_workspace").get("/dashboard/").content.decode()
    assert 'id="overdue-reviews"' not in other


def queries(world, url, kind="owner"):
    http = http_as(world, kind)
    http.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = http.get(url)
    assert response.status_code == 200, url
    return len(captured)


def test_pages_cost_the_same_with_more_reviews(world, engagement):
    anne = contact_create(actor=world.actor("owner"), client_id=world.client.pk, full_name="Anne")
    first = review(
        world,
        engagement,
        "strategic",
        days(-300),
        client_attendee_ids=[anne.pk],
        decisions=[{"title": "A", "decision": "accepted", "decided_by": "Anne"}],
    )
    urls = [
        f"/clients/{world.client.pk}/",
        f"/engagements/{engagement.pk}/",
        f"/reviews/{first.pk}/",
        "/dashboard/",
    ]
    before = {url: queries(world, url) for url in urls}
    portal_before = queries(world, "/portal/", "portal")
    other = started_engagement(world, days_ago=300, title="Autre")
    cadence(world, other, operational=True, tactical=True)
    for n in range(1, 12):
        review(
            world,
            engagement,
            "strategic",
            days(-300 + n * 25),
            client_attendee_ids=[anne.pk],
            provider_attendee_ids=[world.users["owner"].pk],
            decisions=[{"title": f"D{n}", "decision": "refused", "decided_by": "Anne"}],
        )
    after = {url: queries(world, url) for url in urls}
    assert after == before
    assert queries(world, "/portal/", "portal") == portal_before


def test_stage_endpoints_as_each_actor(world, engagement):
    url = f"/api/v1/clients/{world.client.pk}/stage"
    responses = check_endpoint_as_each_actor(world, url, API_MEMBERS_READ)
    body = responses["owner"].json()
    assert body["stage"] is None and "suggested" in body
    assert body["relationship"]["median_months_today"] == 54
    responses = check_endpoint_as_each_actor(
        world,
        url,
        {**API_WRITERS, "consultant": 403},
        method="post",
        json={"stage": "commitment", "note": "Un an de comités tenus"},
    )
    body = responses["manager"].json()
    assert body["stage"] == "commitment" and body["note"] == "Un an de comités tenus"
    assert len(body["history"]) == 2
    bad = check_endpoint_as_each_actor(
        world,
        url,
        # The schema refuses it before anything else is looked at.
        {kind: 401 if kind == "anonymous" else 400 for kind in API_WRITERS},
        method="post",
        json={"stage": "divorce"},
    )
    assert bad["owner"].json()["code"] == "invalid"


def test_cadence_and_review_endpoints_as_each_actor(world, engagement):
    url = f"/api/v1/engagements/{engagement.pk}/cadence"
    body = check_endpoint_as_each_actor(world, url, API_MEMBERS_READ)["owner"].json()
    assert body["strategic"] and body["overdue"] and body["overdue"][0]["kind"] == "strategic"
    check_endpoint_as_each_actor(
        world,
        url,
        {**API_WRITERS, "owner": 200, "manager": 200, "consultant": 200},
        method="put",
        json={"strategic": True, "tactical": True},
    )
    reviews = f"/api/v1/engagements/{engagement.pk}/reviews"
    created = check_endpoint_as_each_actor(
        world,
        reviews,
        API_WRITERS,
        method="post",
        json={
            "kind": "tactical",
            "held_on": days(-2).isoformat(),
            "provider_attendee_ids": [world.users["owner"].pk],
            "decisions": [{"title": "Refus", "decision": "refused", "decided_by": "Anne"}],
        },
    )
    one = created["owner"].json()
    assert one["decisions"][0]["status"] == "refused"
    listed = check_endpoint_as_each_actor(world, reviews, API_MEMBERS_READ)["viewer"].json()
    assert listed["count"] == 3
    check_endpoint_as_each_actor(world, f"/api/v1/reviews/{one['id']}", API_MEMBERS_READ)
    future = check_endpoint_as_each_actor(
        world,
        reviews,
        # Input is judged before the engagement is looked up: 400 even for another workspace.
        {**API_WRITERS, "owner": 400, "manager": 400, "consultant": 400, "other_workspace": 400},
        method="post",
        json={"kind": "tactical", "held_on": days(3).isoformat()},
    )
    assert future["owner"].json()["code"] == "date_in_future"


def test_scorecard_endpoint_as_each_actor(world, engagement):
    responses = check_endpoint_as_each_actor(
        world, f"/api/v1/clients/{world.client.pk}/scorecard", API_READ
    )
    ours, theirs = responses["owner"].json(), responses["portal"].json()
    assert [line["key"] for line in ours["client"]] == [line["key"] for line in theirs["client"]]
    assert all(
        line["evidence"] == "" or line["evidence"].startswith("/portal/")
        for side in ("client", "provider")
        for line in theirs[side]
    )
    check_endpoint_as_each_actor(
        world,
        f"/api/v1/clients/{world.client.pk}/process-assessments",
        API_WRITERS,
        method="post",
        json={"level": "partly", "note": "Quelques fiches"},
    )
