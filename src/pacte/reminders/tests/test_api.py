"""Issue 13: the reminders in the API, for owners, and each member's own settings."""

import pytest
from django.test import Client as HttpClient

from pacte.reminders.models import ReminderPreference
from pacte.testing import API_MEMBERS_READ, check_endpoint_as_each_actor

pytestmark = pytest.mark.django_db

# Another workspace's owner reads their own (empty) list, never this one's.
OWNERS_READ = {
    **API_MEMBERS_READ,
    "manager": 403,
    "consultant": 403,
    "viewer": 403,
    "other_workspace": 200,
}


def test_every_actor_on_the_reminder_endpoints(world):
    check_endpoint_as_each_actor(world, "/api/v1/reminders", OWNERS_READ)
    check_endpoint_as_each_actor(
        world, "/api/v1/me/reminder-settings", {**API_MEMBERS_READ, "other_workspace": 200}
    )


def test_a_member_changes_their_settings_and_a_bad_kind_changes_nothing(world):
    http_headers = {"Authorization": f"Bearer {world.token('viewer')}"}
    http = HttpClient(headers=http_headers)
    url = "/api/v1/me/reminder-settings"
    response = http.put(
        url,
        {"language": "en", "deliveries": {"deadlines.cancel_by": "weekly"}},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    kinds = {k["kind"]: k for k in response.json()["kinds"]}
    assert kinds["deadlines.cancel_by"]["delivery"] == "weekly"
    assert not kinds["deadlines.cancel_by"]["is_default"]
    assert response.json()["language"] == "en"
    refused = http.put(
        url,
        {"deliveries": {"deadlines.cancel_by": "off", "nope": "daily"}},
        content_type="application/json",
    )
    assert refused.status_code == 400 and refused.json()["code"]
    assert (
        ReminderPreference.objects.in_workspace(world.workspace)
        .get(kind="deadlines.cancel_by")
        .delivery
        == "weekly"
    )
