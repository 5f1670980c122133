"""The API's `moves`: on each engagement and change request, what the caller may do now,
read from the lifecycle tables (ENGAGEMENT_TRANSITIONS, CHANGE_REQUEST_TRANSITIONS)."""

import pytest
from django.test import Client as HttpClient
from django.utils import timezone, translation

from pacte.billing.services import invoice_create, payment_record
from pacte.engagements.services import change_request_create, engagement_create

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_english():
    with translation.override("en"):
        yield


@pytest.fixture
def engagement(world):
    return engagement_create(
        actor=world.actor("owner"), client_id=world.client.pk, title="Refonte", value="10000.00"
    )


def api(world, kind):
    return HttpClient(
        headers={"Authorization": f"Bearer {world.token(kind)}", "Accept-Language": "en"}
    )


def get(world, kind, url):
    response = api(world, kind).get(f"/api/v1{url}")
    assert response.status_code == 200, response.content
    return response.json()


def post(world, kind, url, body=None):
    return api(world, kind).post(f"/api/v1{url}", body or {}, content_type="application/json")


# "activate" is offered once the deposit is secured (R-DEPOSIT would refuse it before).
DRAFT_MOVES = ["request_deposit", "override_deposit", "terminate"]


def test_engagement_moves_by_actor(world, engagement):
    url = f"/engagements/{engagement.pk}"
    assert get(world, "owner", url)["moves"] == DRAFT_MOVES
    # Only an owner may start without the deposit (R-DEPOSIT).
    assert get(world, "manager", url)["moves"] == [
        m for m in DRAFT_MOVES if m != "override_deposit"
    ]
    assert get(world, "viewer", url)["moves"] == []
    assert get(world, "portal", url)["moves"] == []
    listed = get(world, "owner", "/engagements")["items"]
    assert [e["moves"] for e in listed] == [DRAFT_MOVES]
    assert [e["moves"] for e in get(world, "viewer", "/engagements")["items"]] == [[]]


def test_a_move_answers_the_engagement_with_its_next_moves(world, engagement):
    moved = post(world, "owner", f"/engagements/{engagement.pk}/request-deposit")
    assert moved.status_code == 200
    assert moved.json()["status"] == "awaiting_deposit"
    assert moved.json()["moves"] == ["override_deposit", "terminate"]
    # A move the table no longer offers is refused.
    again = post(world, "owner", f"/engagements/{engagement.pk}/request-deposit")
    assert (again.status_code, again.json()["code"]) == (409, "invalid_transition")


def test_activation_is_offered_once_the_deposit_is_paid(world, engagement):
    owner = world.actor("owner")
    today = timezone.localdate()
    invoice = invoice_create(
        actor=owner, engagement_id=engagement.pk, kind="deposit", amount="3000", due_on=today
    )
    url = f"/engagements/{engagement.pk}"
    assert "activate" not in get(world, "owner", url)["moves"]
    payment_record(actor=owner, invoice_id=invoice.pk, amount="1000", paid_on=today)
    assert "activate" not in get(world, "owner", url)["moves"]
    payment_record(actor=owner, invoice_id=invoice.pk, amount="2000", paid_on=today)
    assert "activate" in get(world, "owner", url)["moves"]
    assert "activate" in get(world, "owner", "/engagements")["items"][0]["moves"]


def test_change_request_moves_by_actor(world, engagement):
    change_request_create(
        actor=world.actor("consultant"), engagement_id=engagement.pk, title="Page Recrutement"
    )
    url = f"/change-requests?engagement_id={engagement.pk}"
    [change] = get(world, "owner", url)["items"]
    assert change["moves"] == ["estimated", "refused", "absorbed"]
    assert [c["moves"] for c in get(world, "viewer", url)["items"]] == [[]]
    assert [c["moves"] for c in get(world, "portal", url)["items"]] == [[]]

    estimated = post(
        world,
        "consultant",
        f"/change-requests/{change['id']}/move",
        {"to": "estimated", "estimate_hours": "4"},
    )
    assert estimated.status_code == 200
    assert estimated.json()["moves"] == ["estimated", "accepted", "refused", "absorbed"]
