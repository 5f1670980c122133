"""The health score on every face, always with its reasons: the API, the CLI, the client and
engagement pages, the dashboard's ranking, the weights on the settings page."""

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client as HttpClient

from pacte.engagements.services import engagement_create
from pacte.health.services import health_policy_update, health_snapshot_take
from pacte.kernel.errors import InvalidInput, PermissionDenied
from pacte.kernel.models import LedgerEntry
from pacte.testing import (
    API_MEMBERS_READ,
    MEMBERS_ONLY,
    check_endpoint_as_each_actor,
    check_page_as_each_actor,
)

from .fakes import fixed_signal, only_signals

pytestmark = pytest.mark.django_db


def two_signals(world, engagement=None):
    return only_signals(
        fixed_signal("deposit", 60, {"client": {world.client.pk: 30}, "engagement": {0: 100}}),
        fixed_signal("silence", 40, {0: 80}, order=2),
    )


def test_the_api_gives_the_score_with_its_reasons(world):
    e = engagement_create(
        actor=world.actor("owner"), client_id=world.client.pk, title="Site", value="100"
    )
    with two_signals(world):
        responses = check_endpoint_as_each_actor(
            world, f"/api/v1/clients/{world.client.pk}/health", API_MEMBERS_READ
        )
        check_endpoint_as_each_actor(world, f"/api/v1/engagements/{e.pk}/health", API_MEMBERS_READ)
        check_endpoint_as_each_actor(
            world, f"/api/v1/clients/{world.client.pk}/health/trend", API_MEMBERS_READ
        )
    body = responses["owner"].json()
    assert body["score"] == 50 and body["band"] == "red"  # 0.6×30 + 0.4×80
    assert [
        {k: s[k] for k in ("key", "weight", "value", "score", "rule")} for s in body["signals"]
    ] == [
        {"key": "deposit", "weight": 60, "value": 30, "score": 30, "rule": "R-DEPOSIT"},
        {"key": "silence", "weight": 40, "value": 80, "score": 80, "rule": "R-SILENCE"},
    ]
    assert body["without_data"] == []


def test_weights_through_the_api(world):
    with two_signals(world):
        check_endpoint_as_each_actor(
            world,
            "/api/v1/health/weights",
            {**API_MEMBERS_READ, "other_workspace": 200},
        )
        owner = HttpClient(headers={"Authorization": f"Bearer {world.token('owner')}"})
        done = owner.put(
            "/api/v1/health/weights",
            {"weights": {"silence": 0}},
            content_type="application/json",
        )
        assert done.status_code == 200, done.content
        assert {w["key"]: w["weight"] for w in done.json()["signals"]} == {
            "deposit": 60,
            "silence": 0,
        }
        bad = owner.put(
            "/api/v1/health/weights",
            {"weights": {"nonsense": 3}},
            content_type="application/json",
        )
        assert bad.status_code == 400 and bad.json()["code"] == "invalid"
        manager = HttpClient(headers={"Authorization": f"Bearer {world.token('manager')}"})
        refused = manager.put(
            "/api/v1/health/weights", {"weights": {"silence": 5}}, content_type="application/json"
        )
        assert refused.status_code == 403
        body = owner.get(f"/api/v1/clients/{world.client.pk}/health").json()
    assert body["score"] == 30
    assert [s["key"] for s in body["signals"]] == ["deposit"]


def test_the_weights_are_checked_journaled_and_at_least_one_counts(world):
    owner = world.actor("owner")
    with two_signals(world):
        for weights in ({"silence": 101}, {"silence": -1}, {"silence": "x"}, {"x": 1}):
            with pytest.raises(InvalidInput):
                health_policy_update(actor=owner, weights=weights)
        with pytest.raises(InvalidInput) as none_left:
            health_policy_update(actor=owner, weights={"silence": 0, "deposit": 0})
        assert none_left.value.code == "no_signal"
        with pytest.raises(PermissionDenied):
            health_policy_update(actor=world.actor("manager"), weights={"silence": 5})
        world.workspace.refresh_from_db()
        assert world.workspace.health_weights == {}
        health_policy_update(actor=owner, weights={"silence": 20, "deposit": 60})
    world.workspace.refresh_from_db()
    # Only what differs from the default is stored.
    assert world.workspace.health_weights == {"silence": 20}
    entry = LedgerEntry.objects.for_actor(owner).order_by("-seq").first()
    assert entry.action == "health.weights_changed"


def test_the_cli_shows_a_clients_score_with_its_reasons(world):
    with two_signals(world):
        out = StringIO()
        call_command(
            "health", "show", world.client.name, "--workspace", world.workspace.name, stdout=out
        )
        text = out.getvalue()
        assert "50/100" in text and "R-DEPOSIT" in text and "silence is 80" in text
        out = StringIO()
        call_command(
            "health",
            "show",
            str(world.client.pk),
            "--workspace",
            world.workspace.name,
            "--format",
            "json",
            stdout=out,
        )
        body = json.loads(out.getvalue())
    assert body["score"] == 50 and [s["key"] for s in body["signals"]] == ["deposit", "silence"]
    with pytest.raises(CommandError, match="no client"):
        call_command("health", "show", "Nobody", "--workspace", world.workspace.name)
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("health", "snapshot", "--date", "30/11/2026")


def test_the_pages_show_the_score_with_its_reasons(world):
    e = engagement_create(
        actor=world.actor("owner"), client_id=world.client.pk, title="Site", value="100"
    )
    with two_signals(world):
        pages = check_page_as_each_actor(world, f"/clients/{world.client.pk}/", MEMBERS_ONLY)
        check_page_as_each_actor(world, f"/engagements/{e.pk}/", MEMBERS_ONLY)
    page = pages["owner"].content.decode()
    assert 'id="health"' in page and "50/100" in page and "R-SILENCE" in page
    assert "silence is 80" in page


def test_the_dashboard_ranks_the_lowest_scores(world):
    owner = world.actor("owner")
    e = engagement_create(actor=owner, client_id=world.client.pk, title="Site", value="100")
    type(e).objects.in_workspace(world.workspace.pk).filter(pk=e.pk).update(status="active")
    http = HttpClient(headers={"Accept-Language": "en"})
    http.force_login(world.users["owner"])
    assert "No health snapshot yet" in http.get("/dashboard/").content.decode()
    with two_signals(world):
        health_snapshot_take(actor=owner, today=dt.date.today())
    page = http.get("/dashboard/").content.decode()
    assert 'id="health-ranking"' in page and world.client.name in page


def test_the_weights_on_the_settings_page(world):
    http = HttpClient(headers={"Accept-Language": "en"})
    http.force_login(world.users["owner"])
    with two_signals(world):
        page = http.get("/workspace/settings/").content.decode()
        assert 'id="health-weights"' in page
        bad = http.post(
            "/workspace/settings/do/health-weights/",
            {"health-weights-weight_deposit": "0", "health-weights-weight_silence": "0"},
        )
        # The panel comes back with the error, nothing saved.
        assert bad.status_code == 200
        assert "At least one signal must count" in bad.content.decode()
        done = http.post(
            "/workspace/settings/do/health-weights/",
            {"health-weights-weight_deposit": "10", "health-weights-weight_silence": "30"},
        )
        assert done.status_code == 302
    world.workspace.refresh_from_db()
    assert world.workspace.health_weights == {"deposit": 10, "silence": 30}
    check_page_as_each_actor(
        world,
        "/workspace/settings/do/health-weights/",
        {
            "anonymous": 302,
            "owner": 200,
            "manager": 403,
            "consultant": 403,
            "viewer": 403,
            "portal": 404,
            "portal_other_client": 404,
            "other_workspace": 200,
        },
        method="post",
        data={"health-weights-weight_deposit": "x"},
    )
