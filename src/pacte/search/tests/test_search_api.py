"""GET /api/v1/search?q=: the same search, scoping and refusals as the page, in JSON."""

import pytest

from pacte.testing import check_endpoint_as_each_actor

from .helpers import api, seed

pytestmark = pytest.mark.django_db

EVERY_TOKEN = {
    "anonymous": 401,
    "owner": 200,
    "manager": 200,
    "consultant": 200,
    "viewer": 200,
    "portal": 200,
    "portal_other_client": 200,
    "other_workspace": 200,
}


def _titles(body):
    return {g["kind"]: [r["title"] for r in g["results"]] for g in body["groups"]}


def test_the_endpoint_as_each_actor(world):
    seed(world)
    responses = check_endpoint_as_each_actor(world, "/api/v1/search?q=refonte", EVERY_TOKEN)
    assert responses["anonymous"].json()["code"] == "unauthenticated"
    body = {kind: r.json() for kind, r in responses.items() if r.status_code == 200}
    assert _titles(body["viewer"]) == {
        "engagements": ["Refonte boutique Alpha", "Refonte garage Beta"]
    }
    assert _titles(body["other_workspace"]) == {"engagements": ["Refonte cave Gamma Alpha"]}
    assert _titles(body["portal"]) == {"engagements": ["Refonte boutique Alpha"]}
    assert _titles(body["portal_other_client"]) == {"engagements": ["Refonte garage Beta"]}
    assert body["portal"]["groups"][0]["results"][0]["url"] == "/portal/#engagements"


def test_the_answer_groups_results_with_title_subtitle_and_link(world):
    seeded = seed(world)
    response = api(world, "owner").get("/api/v1/search", {"q": "alpha", "limit": 1})
    assert response.status_code == 200
    body = response.json()
    assert body["query"] == "alpha" and body["count"] == 4
    assert [g["kind"] for g in body["groups"]] == ["clients", "contacts", "engagements", "assets"]
    engagements = body["groups"][2]
    assert engagements["label"] == "Engagements" and engagements["more"] is False
    assert engagements["results"] == [
        {
            "title": "Refonte boutique Alpha",
            "subtitle": "Boulangerie Alpha · Draft",
            "url": f"/engagements/{seeded.alpha_engagement.pk}/",
        }
    ]


def test_a_portal_token_finds_only_its_clients_invoices(world):
    seed(world)
    body = api(world, "portal").get("/api/v1/search", {"q": "F-2026"}).json()
    (group,) = body["groups"]
    assert [r["title"].split()[-1] for r in group["results"]] == ["F-2026-001", "F-2026-002"]
    assert [r["url"] for r in group["results"]] == ["/portal/#open-invoices", ""]


@pytest.mark.parametrize("limit", ["0", "51", "many"])
def test_a_limit_out_of_bounds_is_refused(world, limit):
    response = api(world, "owner").get("/api/v1/search", {"q": "alpha", "limit": limit})
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
