"""The status report endpoints as each kind of actor (tenancy), and the errors' codes."""

from __future__ import annotations

import pytest
from django.test import Client as HttpClient

from pacte.testing import API_MEMBERS_READ, API_READ, API_WRITERS, check_endpoint_as_each_actor

from .helpers import days_ago, designate, generate, running_engagement, sent_report

pytestmark = pytest.mark.django_db

PERIOD = {"period_start": days_ago(7).isoformat(), "period_end": days_ago(0).isoformat()}
# A step on an existing report: 200 for those allowed, 403 for the others, 404 outside.
STEP = {**API_MEMBERS_READ, "viewer": 403}


def api(world, kind="owner"):
    return HttpClient(headers={"Authorization": f"Bearer {world.token(kind)}"})


def test_generating_as_each_actor(world):
    e = running_engagement(world)
    check_endpoint_as_each_actor(
        world, f"/api/v1/engagements/{e.pk}/status-reports", API_WRITERS, method="post", json=PERIOD
    )


def test_reading_as_each_actor(world):
    e = running_engagement(world)
    designate(world)
    report = sent_report(world, e)
    check_endpoint_as_each_actor(world, f"/api/v1/status-reports/{report.pk}", API_READ)
    responses = check_endpoint_as_each_actor(
        world, f"/api/v1/engagements/{e.pk}/status-reports", API_READ
    )
    assert [r["id"] for r in responses["portal"].json()["items"]] == [report.pk]


def test_a_draft_is_read_by_members_only(world):
    draft = generate(world, running_engagement(world))
    expected = {**API_MEMBERS_READ, "portal": 404, "portal_other_client": 404}
    check_endpoint_as_each_actor(world, f"/api/v1/status-reports/{draft.pk}", expected)


def test_editing_and_reviewing_as_each_actor(world):
    report = generate(world, running_engagement(world))
    check_endpoint_as_each_actor(
        world,
        f"/api/v1/status-reports/{report.pk}",
        STEP,
        method="patch",
        json={"body": "# Rapport\n\nCourt."},
    )
    reviewing = {**STEP, "manager": 409, "consultant": 409}  # the owner reviewed it first
    responses = check_endpoint_as_each_actor(
        world, f"/api/v1/status-reports/{report.pk}/review", reviewing, method="post"
    )
    assert responses["manager"].json()["code"] == "already_reviewed"


def test_sending_as_each_actor_and_its_conflicts(world):
    e = running_engagement(world)
    report = generate(world, e)
    http = api(world)
    refused = http.post(f"/api/v1/status-reports/{report.pk}/send")
    assert refused.status_code == 409 and refused.json()["code"] == "not_reviewed"
    http.post(f"/api/v1/status-reports/{report.pk}/review")
    refused = http.post(f"/api/v1/status-reports/{report.pk}/send")
    assert refused.status_code == 409 and refused.json()["code"] == "no_recipient"
    assert set(refused.json()) >= {"code", "detail"}
    designate(world)
    sending = {**STEP, "owner": 200, "manager": 409, "consultant": 403}
    responses = check_endpoint_as_each_actor(
        world, f"/api/v1/status-reports/{report.pk}/send", sending, method="post"
    )
    assert responses["owner"].json()["sent_at"]
    assert responses["manager"].json()["code"] == "already_sent"
    edited = http.patch(
        f"/api/v1/status-reports/{report.pk}",
        {"body": "Autre"},
        content_type="application/json",
    )
    assert edited.status_code == 409 and edited.json()["code"] == "already_sent"
