"""The API contract of the issue for conflicts, exactly; bad input answered 400/404/409 with
nothing written; every actor on every endpoint."""

from __future__ import annotations

import pytest
from django.test import Client as HttpClient

from pacte.conflicts.models import ConflictCase, ConflictStep
from pacte.kernel.models import LedgerEntry
from pacte.testing import API_MEMBERS_READ, API_WRITERS, check_endpoint_as_each_actor

from .helpers import answer, days_ago, open_case, running_engagement, to_awaiting

pytestmark = pytest.mark.django_db
API = "/api/v1"


def http(world, kind="owner"):
    return HttpClient(
        headers={"Authorization": f"Bearer {world.token(kind)}", "Accept-Language": "en"}
    )


def post(world, url, body, kind="owner"):
    return http(world, kind).post(API + url, data=body, content_type="application/json")


def counts():
    return tuple(
        m.objects.across_workspaces().count() for m in (ConflictCase, ConflictStep, LedgerEntry)
    )


def test_the_issue_contract(world):
    e = running_engagement(world)
    created = post(
        world,
        "/conflicts",
        {
            "client_id": world.client.pk,
            "engagement_ids": [e.pk],
            "summary": "Le client conteste la facture",
            "opened_on": days_ago(10).isoformat(),
        },
    )
    assert created.status_code == 201, created.content
    body = created.json()
    case_id = body["id"]
    assert body["status"] == "opened" and body["moves"] == ["cause_identified"]
    assert body["engagement_ids"] == [e.pk] and body["client_id"] == world.client.pk
    assert [s["to_status"] for s in body["steps"]] == ["opened"]
    assert body["advice"].startswith("Find the cause first")

    steps = [
        {"to": "cause_identified", "cause": "payment"},
        {"to": "listening"},
        {
            "to": "solution_proposed",
            "proposed": "Un échéancier en trois fois",
            "follow_up_on": days_ago(2).isoformat(),
        },
        {"to": "awaiting_decision", "follow_up_on": days_ago(1).isoformat()},
    ]
    for i, step in enumerate(steps):
        moved = post(
            world,
            f"/conflicts/{case_id}/move",
            {"on": days_ago(9 - i).isoformat(), "notes": f"Étape {i}", **step},
        )
        assert moved.status_code == 200, moved.content
        assert moved.json()["status"] == step["to"]
    body = moved.json()
    assert set(body["moves"]) == {
        "listening",
        "solution_proposed",
        "resolved",
        "apologised",
        "exit",
    }
    assert body["solution_status"] == "open" and body["past_follow_up"] is True
    # The solution is a recommendation of the decisions API, answered like any other.
    rec = http(world).get(f"{API}/recommendations/{body['solution_id']}")
    assert rec.status_code == 200 and rec.json()["title"] == "Un échéancier en trois fois"

    illegal = post(world, f"/conflicts/{case_id}/move", {"to": "cause_identified", "notes": "x"})
    assert illegal.status_code == 409 and illegal.json()["code"] == "invalid_transition"
    opened = post(world, f"/conflicts/{case_id}/move", {"to": "opened", "notes": "x"})
    assert opened.status_code == 409 and opened.json()["code"] == "invalid_transition"
    not_yet = post(world, f"/conflicts/{case_id}/move", {"to": "resolved", "notes": "x"})
    assert not_yet.status_code == 409 and not_yet.json()["code"] == "solution_not_accepted"

    before = counts()
    ended = post(
        world,
        f"/conflicts/{case_id}/move",
        {
            "to": "exit",
            "on": days_ago(3).isoformat(),
            "notes": "Le client refuse tout échéancier",
            "terminated_by": "client",
            "reason": "Désaccord sur le paiement",
            "notice_days": 30,
            "terminate_engagement_ids": [e.pk],
        },
    )
    assert ended.status_code == 200, ended.content
    assert ended.json()["status"] == "exit" and ended.json()["moves"] == []
    assert counts()[1] == before[1] + 1
    terminated = http(world).get(f"{API}/engagements/{e.pk}").json()
    assert terminated["status"] == "terminated"

    got = http(world).get(f"{API}/conflicts/{case_id}").json()
    assert [s["to_status"] for s in got["steps"]] == [
        "opened",
        "cause_identified",
        "listening",
        "solution_proposed",
        "awaiting_decision",
        "exit",
    ]
    assert got["closed_on"] == days_ago(3).isoformat() and got["cause"] == "payment"


def test_the_list_is_a_page_with_filters(world):
    a = open_case(world, summary="Chez Alpha")
    open_case(world, client=world.other_client, summary="Chez Beta")
    page = http(world).get(f"{API}/conflicts").json()
    assert page["count"] == 2
    assert [c["summary"] for c in page["items"]] == ["Chez Beta", "Chez Alpha"]
    mine = http(world).get(f"{API}/conflicts?client_id={world.client.pk}").json()
    assert [c["id"] for c in mine["items"]] == [a.pk]
    assert http(world).get(f"{API}/conflicts?status=resolved").json()["count"] == 0
    assert http(world).get(f"{API}/conflicts?state=open").json()["count"] == 2
    assert http(world).get(f"{API}/conflicts?status=nowhere").status_code == 400


def test_bad_input_changes_nothing(world):
    foreign = running_engagement(world, client=world.other_client, title="Chez Beta")
    before = counts()
    other_client = post(
        world,
        "/conflicts",
        {"client_id": world.client.pk, "engagement_ids": [foreign.pk], "summary": "x"},
    )
    assert other_client.status_code == 400
    assert other_client.json()["code"] == "engagement_of_another_client"
    unknown = post(
        world,
        "/conflicts",
        {"client_id": world.client.pk, "engagement_ids": [999999], "summary": "x"},
    )
    assert unknown.status_code == 404
    future = post(
        world,
        "/conflicts",
        {"client_id": world.client.pk, "summary": "x", "opened_on": "2999-01-01"},
    )
    assert future.status_code == 400 and future.json()["code"] == "in_future"
    assert post(world, "/conflicts", {"client_id": world.client.pk}).status_code == 400
    case = open_case(world)
    before = counts()
    no_cause = post(world, f"/conflicts/{case.pk}/move", {"to": "cause_identified", "notes": "x"})
    assert no_cause.status_code == 400 and no_cause.json()["code"] == "cause_required"
    no_notes = post(
        world, f"/conflicts/{case.pk}/move", {"to": "cause_identified", "cause": "scope"}
    )
    assert no_notes.status_code == 400
    assert counts() == before


def test_exit_with_another_clients_engagement_is_refused(world):
    e = running_engagement(world)
    foreign = running_engagement(world, client=world.other_client, title="Chez Beta")
    case = to_awaiting(world, open_case(world, [e]))
    answer(world, case, "refused")
    refused = post(
        world,
        f"/conflicts/{case.pk}/move",
        {
            "to": "exit",
            "notes": "x",
            "terminated_by": "us",
            "terminate_engagement_ids": [foreign.pk],
        },
    )
    assert refused.status_code == 400
    assert refused.json()["code"] == "engagement_of_another_client"
    foreign.refresh_from_db()
    assert foreign.status == "active"


def test_every_actor_on_every_endpoint(world):
    case = open_case(world)
    check_endpoint_as_each_actor(world, f"{API}/conflicts/{case.pk}", API_MEMBERS_READ)
    check_endpoint_as_each_actor(
        world, f"{API}/conflicts", {**API_MEMBERS_READ, "other_workspace": 200}
    )
    responses = check_endpoint_as_each_actor(
        world,
        f"{API}/conflicts/{case.pk}/move",
        {
            "anonymous": 401,
            "owner": 200,
            "manager": 409,  # the owner moved it already
            "consultant": 409,
            "viewer": 403,
            "portal": 403,
            "portal_other_client": 403,
            "other_workspace": 404,
        },
        method="post",
        json={
            "to": "cause_identified",
            "cause": "scope",
            "notes": "x",
            "on": days_ago(1).isoformat(),
        },
    )
    assert responses["manager"].json()["code"] == "invalid_transition"
    check_endpoint_as_each_actor(
        world,
        f"{API}/conflicts",
        API_WRITERS,
        method="post",
        json={"client_id": world.client.pk, "summary": "Un désaccord"},
    )
    other = http(world, "other_workspace").get(f"{API}/conflicts").json()
    assert other["count"] == 0
