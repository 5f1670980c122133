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
