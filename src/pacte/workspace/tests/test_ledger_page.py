"""The ledger page (a page of the journal at a time, the state of the chain, the full walk's
button) and its verification through the API, for owners and managers."""

import re

import pytest
from django.db import connection
from django.test import Client as HttpClient
from django.test.utils import CaptureQueriesContext

from pacte.kernel import ledger, tasks
from pacte.kernel.models import LedgerEntry
from pacte.kernel.tenancy import Actor
from pacte.testing import ANY_MEMBER, check_endpoint_as_each_actor, check_page_as_each_actor
from pacte.workspace.selectors import LEDGER_PAGE_SIZE

pytestmark = pytest.mark.django_db


def test_ledger_page_is_for_owners_and_managers(world):
    responses = check_page_as_each_actor(
        world,
        "/ledger/",
        {
            **ANY_MEMBER,
            "consultant": 403,
            "viewer": 403,
        },
    )
    assert b"member.added" in responses["owner"].content


def test_ledger_verification_through_the_api(world):
    responses = check_endpoint_as_each_actor(
        world,
        "/api/v1/ledger/verify",
        {
            "anonymous": 401,
            "owner": 200,
            "manager": 200,
            "consultant": 403,
            "viewer": 403,
            "portal": 403,
            "portal_other_client": 403,
            "other_workspace": 200,
        },
    )
    assert responses["owner"].json()["ok"] is True


# --- the page: newest first, a page at a time, and the state of the chain -------------------


def grow(workspace, n):
    for i in range(n):
        ledger.append(actor=Actor.system(workspace), action="test.note", payload={"i": i})
    workspace.refresh_from_db()


def browser(world, kind="owner"):
    http = HttpClient(headers={"Accept-Language": "en"})
    http.force_login(world.users[kind])
    return http


def seqs(html: str) -> list[int]:
    return [int(n) for n in re.findall(r'id="entry-(\d+)"', html)]


def test_the_journal_is_paged_newest_first(world):
    grow(world.workspace, 120)
    length = world.workspace.ledger_length
    http = browser(world)
    first = http.get("/ledger/").content.decode()
    assert seqs(first) == list(range(length, length - LEDGER_PAGE_SIZE, -1))
    pages = -(-length // LEDGER_PAGE_SIZE)
    assert f"Page 1 of {pages}" in first
    second = http.get("/ledger/?page=2").content.decode()
    assert seqs(second) == list(range(length - 50, length - 100, -1))
    last = http.get(f"/ledger/?page={pages}").content.decode()
    assert seqs(last)[-1] == 1 and len(seqs(last)) == length - (pages - 1) * 50


@pytest.mark.parametrize("page", ["999", "0", "-3", "abc", "1.5", ""])
def test_a_page_out_of_range_gives_the_nearest_one(world, page):
    grow(world.workspace, 60)
    response = browser(world).get(f"/ledger/?page={page}")
    assert response.status_code == 200
    assert seqs(response.content.decode())


def test_the_page_shows_the_checks_and_offers_a_full_walk(world):
    html = browser(world).get("/ledger/").content.decode()
    length = world.workspace.ledger_length
    assert f"Chain intact: {length} entries verified" in html
    assert f"Verified up to entry #{length}" in html
    assert re.search(r"Last full walk</dt>\s*<dd>never", html)
    assert 'action="/ledger/verify/"' in html and "Verify the whole chain" in html


def test_the_button_queues_a_walk_whose_result_lands_on_the_page(world):
    http = browser(world)
    response = http.post("/ledger/verify/", follow=True)
    html = response.content.decode()
    assert "A full walk of the chain is queued" in html  # the message, and the state
    assert "Verify the whole chain" not in html
    again = http.post("/ledger/verify/", follow=True).content.decode()
    assert "already under way" in again
    assert tasks.run_queued() == 1
    html = http.get("/ledger/").content.decode()
    assert "is queued" not in html
    assert f"intact, {world.workspace.ledger_length} entries" in html


def test_a_change_before_the_checkpoint_shows_after_the_full_walk(world):
    http = browser(world)
    http.get("/ledger/")  # the check moves the checkpoint to the head
    LedgerEntry.objects.in_workspace(world.workspace).filter(seq=2).update(action="forged")
    assert "Chain intact" in http.get("/ledger/").content.decode()
    http.post("/ledger/verify/")
    tasks.run_queued()
    html = http.get("/ledger/").content.decode()
    assert "The chain breaks at entry #2." in html and "broken" in html
    dashboard = browser(world, "viewer").get("/dashboard/").content.decode()
    assert "Chain broken" in dashboard and "entry #2" in dashboard


def test_the_full_walk_button_is_for_owners_and_managers(world):
    check_page_as_each_actor(
        world,
        "/ledger/verify/",
        {
            "anonymous": 302,
            "owner": 302,
            "manager": 302,
            "consultant": 403,
            "viewer": 403,
            "portal": 404,
            "portal_other_client": 404,
            "other_workspace": 302,
        },
        method="post",
    )
    assert ledger.status(world.workspace).full_state == "queued"
    assert ledger.status(world.other_workspace).full_state == "queued"


def test_a_get_on_the_button_is_refused(world):
    assert browser(world).get("/ledger/verify/").status_code == 405


def test_the_ledger_page_costs_the_same_at_10_and_500_entries(world):
    """Never a walk of the chain, never a COUNT over it: the same queries at any length."""
    http = browser(world)

    def cost():
        http.get("/ledger/?page=2")  # the session, and a checkpoint at the head
        grow(world.workspace, 1)  # one write since: the usual case under load
        with CaptureQueriesContext(connection) as captured:
            assert http.get("/ledger/?page=2").status_code == 200
        assert not any("COUNT(" in q["sql"].upper() for q in captured)
        return len(captured)

    grow(world.workspace, 10)
    small = cost()
    grow(world.workspace, 490)
    assert cost() == small
    assert small <= 10, small


def test_the_dashboard_shows_the_last_full_walk(world):
    http = browser(world, "viewer")
    assert "Last full walk: never." in http.get("/dashboard/").content.decode()
    ledger.verify_full(world.workspace)
    assert "Last full walk: never." not in http.get("/dashboard/").content.decode()
    assert "Last full walk:" in http.get("/dashboard/").content.decode()


def test_a_full_walk_through_the_api(world):
    http = HttpClient(headers={"Authorization": f"Bearer {world.token('manager')}"})
    incremental = http.get("/api/v1/ledger/verify").json()
    assert incremental["ok"] and incremental["kind"] == "incremental"
    full = http.get("/api/v1/ledger/verify?full=true").json()
    assert full["ok"] and full["kind"] == "full" and full["checked_at"]
    assert ledger.status(world.workspace).last_full.ok
    refused = http.get("/api/v1/ledger/verify?full=maybe")
    assert refused.status_code == 400 and refused.json()["code"]
