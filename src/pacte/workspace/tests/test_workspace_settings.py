"""The owner's settings page: the workspace's rules as typed fields, saved to the ledger."""

import pytest
from django.test import Client as HttpClient

from pacte.kernel.models import LedgerEntry, Workspace
from pacte.testing import check_page_as_each_actor

pytestmark = pytest.mark.django_db

OWNER_ONLY = {
    "anonymous": 302,
    "owner": 200,
    "manager": 403,
    "consultant": 403,
    "viewer": 403,
    "portal": 404,
    "portal_other_client": 404,
    "other_workspace": 200,  # the owner of another workspace sees their own rules
}


def owner(world):
    http = HttpClient(headers={"Accept-Language": "en"})
    http.force_login(world.users["owner"])
    return http


def rules(world):
    workspace = Workspace.objects.get(pk=world.workspace.pk)
    return workspace.default_deposit_percent, workspace.silence_days


def test_the_settings_page_as_each_actor(world):
    check_page_as_each_actor(world, "/workspace/settings/", OWNER_ONLY)


def test_the_owner_saves_the_rules_and_the_ledger_keeps_the_change(world):
    response = owner(world).post(
        "/workspace/settings/", {"default_deposit_percent": "40", "silence_days": "14"}
    )
    assert response.status_code == 302
    percent, days = rules(world)
    assert (str(percent), days) == ("40.00", 14)
    assert (
        LedgerEntry.objects.in_workspace(world.workspace)
        .filter(action="workspace.policy_changed")
        .exists()
    )


def test_an_invalid_rule_comes_back_beside_its_field_and_changes_nothing(world):
    before = rules(world)
    response = owner(world).post(
        "/workspace/settings/", {"default_deposit_percent": "35", "silence_days": "0"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="35"' in html and 'class="field-error"' in html
    assert rules(world) == before


def test_the_governance_policies_are_saved_with_the_rules(world):
    response = owner(world).post(
        "/workspace/settings/",
        {
            "default_deposit_percent": "30",
            "silence_days": "10",
            "review_grace_days": "3",
            "contacts_window_days": "60",
            "decision_wait_days": "21",
        },
    )
    assert response.status_code == 302
    workspace = Workspace.objects.get(pk=world.workspace.pk)
    assert (
        workspace.review_grace_days,
        workspace.contacts_window_days,
        workspace.decision_wait_days,
    ) == (3, 60, 21)
    entry = LedgerEntry.objects.filter(workspace=world.workspace).order_by("-seq").first()
    assert entry.action == "workspace.policy_changed"
    assert entry.payload["to"]["contacts_window_days"] == 60


def test_a_governance_policy_out_of_bounds_changes_nothing(world):
    response = owner(world).post(
        "/workspace/settings/",
        {
            "default_deposit_percent": "45",
            "silence_days": "10",
            "contacts_window_days": "2",
        },
    )
    assert response.status_code == 200
    assert "contacts_window_days" in response.content.decode()
    workspace = Workspace.objects.get(pk=world.workspace.pk)
    assert (workspace.default_deposit_percent, workspace.contacts_window_days) == (30, 30)


def test_the_page_title_is_the_title_alone(world):
    """Sections added by other areas belong to the page, not to its <title>."""
    html = owner(world).get("/workspace/settings/").content.decode()
    title = html.split("<title>", 1)[1].split("</title>", 1)[0]
    assert "<" not in title and "form" not in title
