"""The API contract of the handoff, as an outside client uses it: reading the handoff plan,
updating its steps, recording the handover call and closing the engagement."""

import datetime as dt

import pytest
from django.test import Client as HttpClient
from django.utils import timezone, translation

from pacte.engagements.models import Engagement
from pacte.engagements.services import (
    engagement_create,
)
from pacte.handoff.models import HandoffStep
from pacte.handoff.tests.helpers import closing_engagement, register
from pacte.kernel.models import LedgerEntry
from pacte.testing import check_endpoint_as_each_actor

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_english():
    with translation.override("en"):
        yield


TODAY = timezone.localdate()


class Api:
    def __init__(self, token):
        self.http = HttpClient(
            headers={"Authorization": f"Bearer {token}", "Accept-Language": "en"}
        )

    def post(self, url, body=None):
        return self.http.post(f"/api/v1{url}", body or {}, content_type="application/json")

    def patch(self, url, body):
        return self.http.patch(f"/api/v1{url}", body, content_type="application/json")

    def get(self, url):
        return self.http.get(f"/api/v1{url}")


@pytest.fixture
def api(world):
    return Api(world.token("owner"))


def ledger_count():
    return LedgerEntry.objects.across_workspaces().count()


@pytest.fixture
def closing(world):
    """An engagement closing on a registry where our domain still needs four steps."""
    register(
        world,
        "domain",
        "boulangerie-alpha.fr",
        legal_owner="us",
        client_has_admin=False,
        we_have_admin=True,
    )
    return closing_engagement(world, world.client)


def steps(world, engagement):
    return list(
        HandoffStep.objects.in_workspace(world.workspace)
        .filter(plan__engagement=engagement)
        .order_by("pk")
    )


def status(engagement):
    return Engagement.objects.in_workspace(engagement.workspace_id).get(pk=engagement.pk).status


def test_the_handoff_plan_as_each_actor(world, closing):
    responses = check_endpoint_as_each_actor(
        world,
        f"/api/v1/engagements/{closing.pk}/handoff",
        {
            "anonymous": 401,
            "owner": 200,
            "manager": 200,
            "consultant": 200,
            "viewer": 200,
            "portal": 200,  # the client sees what is handed back to it
            "portal_other_client": 404,
            "other_workspace": 404,
        },
    )
    body = responses["owner"].json()
    assert body["engagement_id"] == closing.pk
    assert body["requested_on"] == TODAY.isoformat()
    assert (body["steps_open"], body["steps_done"], body["call_late"]) == (4, 0, False)
    assert sorted(s["kind"] for s in body["steps"]) == [
        "grant_client_admin",
        "revoke_our_access",
        "rotate_credentials",
        "transfer_ownership",
    ]
    assert all("boulangerie-alpha.fr" in s["asset"] and s["asset_id"] for s in body["steps"])
    assert responses["portal"].json()["plan_id"] == body["plan_id"]


def test_an_engagement_without_a_plan_answers_an_empty_handoff(world, api):
    engagement = engagement_create(
        actor=world.actor("owner"), client_id=world.client.pk, title="Audit", value="500.00"
    )
    body = api.get(f"/engagements/{engagement.pk}/handoff").json()
    assert (body["plan_id"], body["steps"], body["steps_open"]) == (None, [], 0)


def test_updating_a_step_as_each_actor(world, closing):
    step = steps(world, closing)[0]
    responses = check_endpoint_as_each_actor(
        world,
        f"/api/v1/handoff-steps/{step.pk}",
        {
            "anonymous": 401,
            "owner": 200,
            "manager": 200,
            "consultant": 200,
            "viewer": 403,
            "portal": 403,
            "portal_other_client": 403,
            "other_workspace": 404,
        },
        method="post",
        json={"status": "done", "notes": "Transfert validé chez Gandi"},
    )
    body = responses["consultant"].json()
    assert (body["id"], body["status"], body["done_on"]) == (step.pk, "done", TODAY.isoformat())
    assert body["notes"] == "Transfert validé chez Gandi"


def test_a_blocked_step_without_a_note_answers_400(world, api, closing):
    step = steps(world, closing)[0]
    refused = api.post(f"/handoff-steps/{step.pk}", {"status": "blocked"})
    assert refused.status_code == 400 and "notes" in refused.json()["fields"]
    assert api.post(
        f"/handoff-steps/{step.pk}", {"status": "blocked", "notes": ""}
    ).status_code == (400)
    assert steps(world, closing)[0].status == "open"
    blocked = api.post(f"/handoff-steps/{step.pk}", {"status": "blocked", "notes": "Code EPP"})
    assert blocked.status_code == 200 and blocked.json()["status"] == "blocked"


def test_closing_with_open_steps_as_each_actor(world, closing):
    check_endpoint_as_each_actor(
        world,
        f"/api/v1/engagements/{closing.pk}/close",
        {
            "anonymous": 401,
            "owner": 409,
            "manager": 409,
            "consultant": 409,
            "viewer": 403,
            "portal": 403,
            "portal_other_client": 403,
            "other_workspace": 404,
        },
        method="post",
        json={"override_reason": ""},
    )
    assert status(closing) == "closing"


def test_closing_with_an_override_is_the_owners_call(world, api, closing):
    writers = {kind: Api(world.token(kind)) for kind in ("manager", "consultant")}
    entries = ledger_count()
    for writer in writers.values():
        denied = writer.post(
            f"/engagements/{closing.pk}/close", {"override_reason": "Client injoignable"}
        )
        assert denied.status_code == 403 and denied.json()["code"] == "forbidden"
    refused = api.post(f"/engagements/{closing.pk}/close", {"override_reason": ""})
    assert refused.status_code == 409 and refused.json()["code"] == "handoff_open"
    assert api.post(f"/engagements/{closing.pk}/close").json()["code"] == "handoff_open"
    assert status(closing) == "closing"
    assert ledger_count() == entries

    closed = api.post(f"/engagements/{closing.pk}/close", {"override_reason": "Client injoignable"})
    assert closed.status_code == 200, closed.content
    assert closed.json()["status"] == "closed"
    entry = (
        LedgerEntry.objects.in_workspace(world.workspace)
        .filter(action="handoff.closed_with_open_steps")
        .get()
    )
    assert entry.payload == {"reason": "Client injoignable", "open_steps": 4}


def test_with_every_step_done_any_writer_closes(world, closing):
    manager = Api(world.token("manager"))
    for step in steps(world, closing):
        assert manager.post(f"/handoff-steps/{step.pk}", {"status": "done"}).status_code == 200
    body = manager.get(f"/engagements/{closing.pk}/handoff").json()
    assert (body["steps_open"], body["steps_done"]) == (0, 4)
    closed = manager.post(f"/engagements/{closing.pk}/close", {})
    assert closed.status_code == 200 and closed.json()["status"] == "closed"


def test_the_handover_call_from_the_api(world, api, closing):
    plan_id = api.get(f"/engagements/{closing.pk}/handoff").json()["plan_id"]
    future = (TODAY + dt.timedelta(days=1)).isoformat()
    assert api.post(f"/handoff/{plan_id}/call", {"held_on": future}).status_code == 400
    held = api.post(f"/handoff/{plan_id}/call", {"held_on": TODAY.isoformat()})
    assert held.status_code == 200
    assert held.json()["late"] is False
    body = api.get(f"/engagements/{closing.pk}/handoff").json()
    assert (body["call_held_on"], body["call_late"]) == (TODAY.isoformat(), False)
    outsider = Api(world.token("other_workspace"))
    assert outsider.post(f"/handoff/{plan_id}/call", {}).status_code == 404
