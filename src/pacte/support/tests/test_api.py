"""The API contract of the issue, exactly; bad input answered 400/409 with nothing written;
every actor on every endpoint."""

import datetime as dt

import pytest
from django.test import Client as HttpClient
from django.utils import timezone

from pacte.testing import check_endpoint_as_each_actor

from .helpers import at, contact, counts, engagement, move, request, sla

pytestmark = pytest.mark.django_db
API = "/api/v1"


def http(world, kind="owner"):
    return HttpClient(
        headers={"Authorization": f"Bearer {world.token(kind)}", "Accept-Language": "en"}
    )


def post(world, url, body, kind="owner"):
    return http(world, kind).post(API + url, data=body, content_type="application/json")


def test_the_issue_contract(world):
    e = engagement(world)
    created = post(
        world,
        "/slas",
        {
            "engagement_id": e.pk,
            "metric": "first_response",
            "target_minutes": 480,
            "window": "month",
            "agreed_on": "2026-05-04",
        },
    )
    assert created.status_code == 201, created.content
    sla_id = created.json()["id"]
    assert created.json() == {
        "id": sla_id,
        "client_id": world.client.pk,
        "engagement_id": e.pk,
        "metric": "first_response",
        "target_minutes": 480,
        "target_percent": None,
        "window": "month",
        "priority": "",
        "calendar": "business_hours",
        "agreed_on": "2026-05-04",
        "agreed_in_portal": False,
        "agreed_by": "",
    }
    opened = post(
        world,
        "/support-requests",
        {
            "client_id": world.client.pk,
            "engagement_id": e.pk,
            "summary": "Le site ne répond plus",
            "priority": "normal",
            "received_at": "2026-05-07T17:00:00+02:00",
        },
    )
    assert opened.status_code == 201, opened.content
    body = opened.json()
    assert body["status"] == "open" and isinstance(body["id"], int)
    assert body["moves"] == ["respond", "resolve", "cancel"]
    request_id = body["id"]
    responded = post(
        world, f"/support-requests/{request_id}/respond", {"at": "2026-05-11T10:00:00+02:00"}
    )
    assert responded.status_code == 200 and responded.json()["status"] == "responded"
    assert responded.json()["clocks"] == [
        {
            "sla_id": sla_id,
            "metric": "first_response",
            "agreed": True,
            "target_minutes": 480,
            "elapsed_minutes": 120,
            "stopped": True,
            "breached": False,
        }
    ]
    resolved = post(
        world, f"/support-requests/{request_id}/resolve", {"at": "2026-05-11T12:00:00+02:00"}
    )
    assert resolved.status_code == 200 and resolved.json()["status"] == "resolved"
    compliance = http(world).get(f"{API}/slas/{sla_id}/compliance?period=2026-05")
    assert compliance.json() == {
        "met": 1,
        "judged": 1,
        "ratio": 1.0,
        "window_start": "2026-05-01",
        "window_end": "2026-05-31",
    }
    current = http(world).get(f"{API}/slas/{sla_id}/compliance").json()
    assert (current["met"], current["judged"], current["ratio"]) == (0, 0, None)
    assert current["window_start"] == timezone.localdate().replace(day=1).isoformat()


@pytest.mark.parametrize("period", ["2026-13", "2026-5", "mai", "2026-05-01"])
def test_a_bad_period_is_invalid(world, period):
    s = sla(world)
    response = http(world).get(f"{API}/slas/{s.pk}/compliance", {"period": period})
    assert response.status_code == 400 and response.json()["code"] == "invalid"


def test_the_waits_and_other_moves(world):
    req = request(world, at(2026, 6, 8, 9))
    for path, when, status in (
        ("respond", "2026-06-08T10:00:00+02:00", "responded"),
        ("wait", "2026-06-08T11:00:00+02:00", "waiting_client"),
        ("client-replied", "2026-06-09T11:00:00+02:00", "in_progress"),
        ("cancel", "2026-06-09T12:00:00+02:00", "cancelled"),
    ):
        response = post(world, f"/support-requests/{req.pk}/{path}", {"at": when})
        assert response.status_code == 200, response.content
        assert response.json()["status"] == status
    body = http(world).get(f"{API}/support-requests/{req.pk}").json()
    assert body["waits"] == [
        {"started_at": "2026-06-08T09:00:00Z", "ended_at": "2026-06-09T09:00:00Z"}
    ]
    assert body["moves"] == []


@pytest.mark.parametrize(
    "body,status,code,field",
    [
        ({"received_at": "demain"}, 400, "invalid", "received_at"),
        ({"received_at": "2026-06-08T09:00:00"}, 400, "invalid", "received_at"),  # no offset
        ({"received_at": "2999-01-01T09:00:00+00:00"}, 400, "in_future", "received_at"),
    ],
)
def test_bad_requests_write_nothing(world, body, status, code, field):
    world.token("owner")
    before = counts()
    payload = {"client_id": world.client.pk, "summary": "Panne", **body}
    response = post(world, "/support-requests", payload)
    assert response.status_code == status, response.content
    assert response.json()["code"] == code and field in response.json()["fields"]
    assert counts() == before


def test_another_clients_engagement_or_contact_is_refused(world):
    e = engagement(world, client=world.other_client)
    c = contact(world, "Bruno Garage", client=world.other_client)
    world.token("owner")
    before = counts()
    for extra, code in (
        ({"engagement_id": e.pk}, "engagement_of_another_client"),
        ({"contact_id": c.pk}, "contact_of_another_client"),
    ):
        payload = {"client_id": world.client.pk, "summary": "Panne", **extra}
        response = post(world, "/support-requests", payload)
        assert (response.status_code, response.json()["code"]) == (400, code)
    assert counts() == before


def test_a_move_before_the_reception_or_twice_is_refused(world):
    req = request(world, at(2026, 6, 8, 9))
    world.token("owner")
    before = counts()
    early = post(world, f"/support-requests/{req.pk}/respond", {"at": "2026-06-08T06:00:00Z"})
    assert early.status_code == 400 and early.json()["code"] == "before_previous_event"
    assert counts() == before
    move(world, req, "resolve", at(2026, 6, 8, 10))
    again = post(world, f"/support-requests/{req.pk}/respond", {"at": "2026-06-08T10:00:00Z"})
    assert again.status_code == 409 and again.json()["code"] == "invalid_transition"


def test_an_sla_without_target_or_subject_is_refused(world):
    world.token("owner")
    before = counts()
    missing = post(world, "/slas", {"client_id": world.client.pk, "metric": "resolution"})
    assert missing.status_code == 400 and "target_minutes" in missing.json()["fields"]
    nobody = post(world, "/slas", {"metric": "resolution", "target_minutes": 60})
    assert nobody.status_code == 400
    assert counts() == before


def test_measurements_and_agreement(world):
    s = sla(world, metric="availability", agreed=False)
    agreed = post(world, f"/slas/{s.pk}/agree", {"agreed_on": "2026-06-01", "agreed_by": "Anne"})
    assert agreed.status_code == 200 and agreed.json()["agreed_on"] == "2026-06-01"
    assert post(world, f"/slas/{s.pk}/agree", {}).json()["code"] == "already_agreed"
    measured = post(world, f"/slas/{s.pk}/measurements", {"period": "2026-06", "value_percent": 99})
    assert measured.status_code == 201 and measured.json()["period_start"] == "2026-06-01"
    twice = post(world, f"/slas/{s.pk}/measurements", {"period": "2026-06", "value_percent": 98})
    assert (twice.status_code, twice.json()["code"]) == (409, "already_measured")
    compliance = http(world).get(f"{API}/slas/{s.pk}/compliance?period=2026-06").json()
    assert (compliance["met"], compliance["judged"], compliance["ratio"]) == (0, 1, 0.0)


def test_requesters(world):
    claire = contact(world, "Claire Petit", for_operations=True)
    for name in ("Paul Martin", "Zoé Roux"):
        request(world, timezone.now() - dt.timedelta(days=2), contact_id=contact(world, name).pk)
    request(world, timezone.now() - dt.timedelta(days=1), contact_id=claire.pk)
    body = http(world).get(f"{API}/clients/{world.client.pk}/requesters").json()
    assert (body["requesters"], body["designated"], body["window_days"]) == (3, 1, 30)
    assert body["words"] == "3 different requesters in 30 days, 1 designated"
    assert [c["full_name"] for c in body["contacts"]] == ["Claire Petit", "Paul Martin", "Zoé Roux"]


# --- Every actor on every endpoint ----------------------------------------------------------

READERS = {
    "anonymous": 401,
    "owner": 200,
    "manager": 200,
    "consultant": 200,
    "viewer": 200,
    "portal": 200,
    "portal_other_client": 404,
    "other_workspace": 404,
}


def test_reading_a_request_and_an_sla(world):
    req = request(world, at(2026, 6, 8, 9))
    s = sla(world)
    for url in (
        f"/support-requests/{req.pk}",
        f"/slas/{s.pk}",
        f"/slas/{s.pk}/compliance",
        f"/clients/{world.client.pk}/requesters",
    ):
        check_endpoint_as_each_actor(world, API + url, READERS)


def test_the_lists_show_each_actor_their_own(world):
    req = request(world, at(2026, 6, 8, 9))
    s = sla(world)
    lists = {"anonymous": 401, **{k: 200 for k in READERS if k != "anonymous"}}
    for url, pk in (("/support-requests", req.pk), ("/slas", s.pk)):
        responses = check_endpoint_as_each_actor(world, API + url, lists)
        for kind in ("owner", "viewer", "portal"):
            assert [i["id"] for i in responses[kind].json()["items"]] == [pk]
        for kind in ("portal_other_client", "other_workspace"):
            assert responses[kind].json()["items"] == []


def test_opening_a_request(world):
    before = counts()
    responses = check_endpoint_as_each_actor(
        world,
        API + "/support-requests",
        {
            "anonymous": 401,
            "owner": 201,
            "manager": 201,
            "consultant": 201,
            "viewer": 403,
            "portal": 201,
            "portal_other_client": 404,
            "other_workspace": 404,
        },
        method="post",
        json={"client_id": world.client.pk, "summary": "Accès perdu"},
    )
    portal = responses["portal"].json()
    assert portal["opened_in_portal"] and portal["channel"] == "portal"
    assert counts()[0] == before[0] + 4


def test_moving_a_request(world):
    req = request(world, at(2026, 6, 8, 9))
    check_endpoint_as_each_actor(
        world,
        f"{API}/support-requests/{req.pk}/respond",
        {
            "anonymous": 401,
            "owner": 200,
            "manager": 409,
            "consultant": 409,
            "viewer": 403,
            "portal": 403,
            "portal_other_client": 403,
            "other_workspace": 404,
        },
        method="post",
        json={"at": "2026-06-08T10:00:00+02:00"},
    )


def test_proposing_agreeing_measuring(world):
    check_endpoint_as_each_actor(
        world,
        API + "/slas",
        {
            "anonymous": 401,
            "owner": 201,
            "manager": 201,
            "consultant": 403,
            "viewer": 403,
            "portal": 403,
            "portal_other_client": 403,
            "other_workspace": 404,
        },
        method="post",
        json={"client_id": world.client.pk, "metric": "resolution", "target_minutes": 960},
    )
    proposal = sla(world, agreed=False)
    check_endpoint_as_each_actor(
        world,
        f"{API}/slas/{proposal.pk}/agree",
        {
            "anonymous": 401,
            "owner": 200,
            "manager": 409,
            "consultant": 403,
            "viewer": 403,
            "portal": 409,
            "portal_other_client": 404,
            "other_workspace": 404,
        },
        method="post",
        json={},
    )
    availability = sla(world, metric="availability")
    check_endpoint_as_each_actor(
        world,
        f"{API}/slas/{availability.pk}/measurements",
        {
            "anonymous": 401,
            "owner": 201,
            "manager": 409,
            "consultant": 403,
            "viewer": 403,
            "portal": 403,
            "portal_other_client": 403,
            "other_workspace": 404,
        },
        method="post",
        json={"period": "2026-06", "value_percent": 99.9},
    )
