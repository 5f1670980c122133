"""The final settlement's faces: its API contract, each actor on its endpoints (tenancy), the
engagement page's panel and its actions, the portal."""

import pytest
from django.test import Client as HttpClient
from django.utils import translation

from pacte.billing.models import SettlementAdjustment
from pacte.billing.tests.test_settlement import change, log, started, terminate
from pacte.engagements.services import engagement_create
from pacte.kernel.models import LedgerEntry
from pacte.testing import API_READ, check_endpoint_as_each_actor

pytestmark = pytest.mark.django_db

# Reads: the members, and the client's own people in the portal (BILLING_VIEW); writes: below.


def ended(world):
    """A terminated T&M engagement: deposit 500 paid, 8 h × 100 logged, a change of 250
    accepted. Balance = 0 + (800 − 500) + 250 = 550, all of it not invoiced yet."""
    e = started(world, kind="time_and_materials", rate="100.00", deposit="500.00")
    log(world, e, 480)
    change(world, e, "accepted", amount="250.00")
    terminate(world, e)
    return e


def test_the_api_contract(world):
    e = ended(world)
    url = f"/api/v1/engagements/{e.pk}/settlement"
    body = check_endpoint_as_each_actor(world, url, API_READ)["owner"].json()
    assert {
        k: body[k]
        for k in (
            "invoiced",
            "paid",
            "deposit_held",
            "unbilled_time",
            "unbilled_changes",
            "balance",
            "currency",
        )
    } == {
        "invoiced": "500.00",
        "paid": "500.00",
        "deposit_held": "500.00",
        "unbilled_time": "300.00",
        "unbilled_changes": "250.00",
        "balance": "550.00",
        "currency": "EUR",
    }
    assert body["unbilled_hours"] == "3.00" and body["to_invoice"] == "550.00"
    assert body["absorbed_count"] == 0 and body["written_off"] == "0.00"
    assert "Balance" in body["formula"] or "Solde" in body["formula"]


def test_the_final_invoice_endpoint(world):
    e = ended(world)
    url = f"/api/v1/engagements/{e.pk}/settlement/final-invoice"
    # Writers of billing only; the first success invoices everything, so the others find
    # nothing left to invoice (409); the portal and the other workspace are refused first.
    responses = check_endpoint_as_each_actor(
        world,
        url,
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
        json={},
    )
    body = responses["owner"].json()
    assert (body["kind"], body["amount"], body["engagement_id"]) == (
        "final_balance",
        "550.00",
        e.pk,
    )
    refused = responses["manager"].json()
    assert refused["code"] == "nothing_due" and refused["detail"]


def test_the_write_off_endpoint(world):
    e = ended(world)
    url = f"/api/v1/engagements/{e.pk}/settlement/write-off"
    responses = check_endpoint_as_each_actor(
        world,
        url,
        {
            "anonymous": 401,
            "owner": 201,
            "manager": 403,
            "consultant": 403,
            "viewer": 403,
            "portal": 403,
            "portal_other_client": 403,
            "other_workspace": 404,
        },
        method="post",
        json={"amount": "50.00", "reason": "Geste commercial"},
    )
    body = responses["owner"].json()
    assert (body["kind"], body["amount"], body["reason"]) == (
        "write_off",
        "50.00",
        "Geste commercial",
    )
    http = HttpClient()
    headers = {"Authorization": f"Bearer {world.token('owner')}"}
    settlement = http.get(f"/api/v1/engagements/{e.pk}/settlement", headers=headers).json()
    assert settlement["balance"] == "500.00"  # 550 − 50
    blank = http.post(url, data={"reason": " "}, content_type="application/json", headers=headers)
    assert blank.status_code == 400 and blank.json()["code"]
    rest = http.post(
        url, data={"reason": "Solde abandonné"}, content_type="application/json", headers=headers
    )
    assert rest.status_code == 201 and rest.json()["amount"] == "500.00"
    settlement = http.get(f"/api/v1/engagements/{e.pk}/settlement", headers=headers).json()
    assert settlement["balance"] == "0.00" and settlement["written_off"] == "550.00"


def test_settling_an_engagement_still_running_answers_409(world):
    e = started(world, deposit="500.00")
    change(world, e, "accepted", amount="100.00")
    http = HttpClient()
    headers = {"Authorization": f"Bearer {world.token('owner')}"}
    for path, payload in (("final-invoice", {}), ("write-off", {"reason": "x"})):
        response = http.post(
            f"/api/v1/engagements/{e.pk}/settlement/{path}",
            data=payload,
            content_type="application/json",
            headers=headers,
        )
        assert response.status_code == 409 and response.json()["code"] == "not_ending"


def test_the_engagement_page_shows_the_settlement_once_it_ends(world):
    running = started(world, deposit="500.00")
    http = HttpClient()
    http.force_login(world.users["owner"])
    with translation.override("en"):
        page = http.get(f"/engagements/{running.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
        assert 'id="settlement"' not in page
        e = ended(world)
        page = http.get(f"/engagements/{e.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'id="settlement"' in page and "Final settlement" in page
    assert "The client owes us" in page and "Balance = invoiced" in page
    assert "settlement-final-invoice" in page and "settlement-write-off" in page
    viewer = HttpClient()
    viewer.force_login(world.users["viewer"])
    seen = viewer.get(f"/engagements/{e.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'id="settlement"' in seen and "settlement-write-off" not in seen
    # A viewer cannot write off through the page either.
    refused = viewer.post(
        f"/engagements/{e.pk}/do/settlement-write-off/",
        {"settlement-write-off-reason": "Non"},
    )
    assert refused.status_code == 403
    assert not SettlementAdjustment.objects.across_workspaces().exists()


def test_the_page_records_a_write_off_with_its_reason(world):
    e = ended(world)
    http = HttpClient()
    http.force_login(world.users["owner"])
    response = http.post(
        f"/engagements/{e.pk}/do/settlement-write-off/",
        {"settlement-write-off-amount": "", "settlement-write-off-reason": "Client disparu"},
    )
    assert response.status_code == 302
    adjustment = SettlementAdjustment.objects.across_workspaces().get()
    assert adjustment.amount == 550 and adjustment.reason == "Client disparu"
    assert LedgerEntry.objects.across_workspaces().filter(action="settlement.write_off").exists()
    page = http.get(f"/engagements/{e.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Settled: nothing is due either way." in page or "Rien n" in page


def test_the_portal_shows_only_its_own_clients_settlement(world):
    mine = ended(world)
    theirs = engagement_create(
        actor=world.actor("owner"),
        client_id=world.other_client.pk,
        title="Campagne secrète",
        value="1000.00",
    )
    assert theirs
    http = HttpClient()
    http.force_login(world.users["portal"])
    page = http.get("/portal/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'id="portal-settlement"' in page and "You owe us" in page
    assert mine.title in page and "Campagne secrète" not in page
    assert "550.00" in page  # the same figures as the provider's, time included
    other = HttpClient()
    other.force_login(world.users["portal_other_client"])
    page = other.get("/portal/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'id="portal-settlement"' not in page and mine.title not in page
