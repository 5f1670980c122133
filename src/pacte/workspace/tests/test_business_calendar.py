"""The workspace's business calendar: hours, public holidays, closure days (issue 11, item 2:
"business hours", "the default calendar", the workspace chooses its country or subdivision)."""

import datetime as dt

import pytest
from django.test import Client as HttpClient
from django.utils import translation

from pacte.kernel.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from pacte.kernel.journal import describe
from pacte.kernel.models import ClosureDay, LedgerEntry, Workspace
from pacte.kernel.selectors import business_calendar
from pacte.testing import check_endpoint_as_each_actor, check_page_as_each_actor
from pacte.workspace.services import (
    closure_day_add,
    closure_day_remove,
    workspace_update_calendar,
)

pytestmark = pytest.mark.django_db

LUNCH_WEEK = {
    "mon": "09:00-12:30, 13:30-18:00",
    "tue": "09:00-12:30, 13:30-18:00",
    "wed": "09:00-12:00",
    "thu": "08:30-17:30",
    "fri": "08:30-16:00",
}

OWNER_ONLY_PAGE = {
    "anonymous": 302,
    "owner": 200,
    "manager": 403,
    "consultant": 403,
    "viewer": 403,
    "portal": 404,
    "portal_other_client": 404,
    "other_workspace": 200,
}
MEMBERS_READ = {
    "anonymous": 401,
    "owner": 200,
    "manager": 200,
    "consultant": 200,
    "viewer": 200,
    "portal": 403,
    "portal_other_client": 403,
    "other_workspace": 200,
}


def owner_http(world, language="en"):
    http = HttpClient(headers={"Accept-Language": language})
    http.force_login(world.users["owner"])
    return http


def stored(world):
    workspace = Workspace.objects.get(pk=world.workspace.pk)
    return workspace.holiday_country, workspace.holiday_subdivision, workspace.business_hours


def entries(world, action):
    return list(LedgerEntry.objects.in_workspace(world.workspace).filter(action=action))


def test_the_default_calendar_is_france_monday_to_friday_nine_to_six(world):
    calendar = business_calendar(Workspace.objects.get(pk=world.workspace.pk))
    assert (calendar.country, calendar.subdivision, calendar.time_zone) == (
        "FR",
        "",
        "Europe/Paris",
    )
    assert calendar.week == (((540, 1080),),) * 5 + ((), ())
    assert not calendar.is_working_day(dt.date(2026, 7, 14))


def test_the_owner_sets_the_calendar_and_the_ledger_keeps_the_change(world):
    owner = world.actor("owner")
    workspace_update_calendar(actor=owner, country="ca", subdivision="qc", hours=LUNCH_WEEK)
    country, subdivision, hours = stored(world)
    assert (country, subdivision) == ("CA", "QC")
    assert hours["mon"] == [["09:00", "12:30"], ["13:30", "18:00"]]
    assert hours["sat"] == [] and hours["sun"] == []

    calendar = business_calendar(Workspace.objects.get(pk=world.workspace.pk))
    assert not calendar.is_working_day(dt.date(2026, 6, 24))  # Fête nationale du Québec
    assert calendar.is_working_day(dt.date(2026, 7, 14))
    # The actor's own workspace object sees the change at once (no stale cached calendar).
    assert business_calendar(owner.workspace).country == "CA"

    [entry] = entries(world, "workspace.calendar_changed")
    assert entry.payload["from"]["country"] == "FR"
    assert entry.payload["to"] == {
        "country": "CA",
        "subdivision": "QC",
        "hours": {**dict.fromkeys(("sat", "sun"), ""), **LUNCH_WEEK},
    }
    with translation.override("en"):
        sentence = describe(entry).sentence
    assert "Mon 09:00-12:30, 13:30-18:00" in sentence and "CA-QC" in sentence


def test_leaving_the_hours_out_keeps_them(world):
    owner = world.actor("owner")
    workspace_update_calendar(actor=owner, country="FR", hours=LUNCH_WEEK)
    workspace_update_calendar(actor=owner, country="FR", subdivision="57")
    assert stored(world)[1] == "57"
    assert stored(world)[2]["wed"] == [["09:00", "12:00"]]


@pytest.mark.parametrize("kind", ["manager", "consultant", "viewer"])
def test_only_the_owner_sets_the_calendar(world, kind):
    before = stored(world)
    with pytest.raises(PermissionDenied):
        workspace_update_calendar(actor=world.actor(kind), country="CA", subdivision="QC")
    with pytest.raises(PermissionDenied):
        closure_day_add(actor=world.actor(kind), date="2026-05-15")
    assert stored(world) == before
    assert not ClosureDay.objects.in_workspace(world.workspace).exists()


@pytest.mark.parametrize(
    ("arguments", "field"),
    [
        ({"country": "XX"}, "country"),
        ({"country": ""}, "country"),
        ({"country": "FR", "subdivision": "QC"}, "subdivision"),
        ({"country": "CA", "subdivision": "57"}, "subdivision"),
        ({"country": "FR", "hours": {"mon": "18:00-09:00"}}, "hours_mon"),
        ({"country": "FR", "hours": {"tue": "9h-18h"}}, "hours_tue"),
        ({"country": "FR", "hours": {"wed": "09:00-13:00, 12:00-18:00"}}, "hours_wed"),
        ({"country": "FR", "hours": {"thu": "09:00-25:00"}}, "hours_thu"),
        ({"country": "FR", "hours": {}}, "hours_mon"),
        ({"country": "FR", "hours": {"someday": "09:00-18:00"}}, "hours"),
        ({"country": "FR", "hours": {"fri": 17}}, "hours_fri"),
    ],
)
def test_a_bad_calendar_is_refused_and_nothing_is_written(world, arguments, field):
    before = stored(world)
    with pytest.raises(InvalidInput) as refused:
        workspace_update_calendar(actor=world.actor("owner"), **arguments)
    assert field in refused.value.fields
    assert stored(world) == before
    assert not entries(world, "workspace.calendar_changed")


def test_closure_days_are_added_removed_and_journaled(world):
    owner = world.actor("owner")
    closure = closure_day_add(actor=owner, date="2026-05-15", label="Pont de l'Ascension")
    calendar = business_calendar(Workspace.objects.get(pk=world.workspace.pk))
    assert not calendar.is_working_day(dt.date(2026, 5, 15))
    assert calendar.add_working_days(dt.date(2026, 5, 13), 1) == dt.date(2026, 5, 18)
    with pytest.raises(Conflict):
        closure_day_add(actor=owner, date="2026-05-15")
    with pytest.raises(InvalidInput):
        closure_day_add(actor=owner, date="15 mai")
    # Another workspace's owner cannot remove it.
    with pytest.raises(NotFound):
        closure_day_remove(actor=world.actor("other_workspace"), closure_day_id=closure.pk)
    with pytest.raises(PermissionDenied):
        closure_day_remove(actor=world.actor("manager"), closure_day_id=closure.pk)

    closure_day_remove(actor=owner, closure_day_id=closure.pk)
    assert not ClosureDay.objects.in_workspace(world.workspace).exists()
    assert business_calendar(owner.workspace).is_working_day(dt.date(2026, 5, 15))
    [added] = entries(world, "closure_day.added")
    [removed] = entries(world, "closure_day.removed")
    assert added.payload == {"date": "2026-05-15", "label": "Pont de l'Ascension"}
    assert removed.payload["date"] == "2026-05-15"
    with translation.override("en"):
        assert "2026-05-15 as a closure day: Pont" in describe(added).sentence
        assert "removed the closure day of 2026-05-15" in describe(removed).sentence


# --- The settings page ----------------------------------------------------------------------


def test_the_settings_page_shows_the_calendar_as_each_actor(world):
    responses = check_page_as_each_actor(world, "/workspace/settings/", OWNER_ONLY_PAGE)
    html = responses["owner"].content.decode()
    assert 'id="calendar"' in html and 'value="09:00-18:00"' in html
    assert "Europe/Paris" in html
    assert 'id="public-holidays"' in html


def test_the_owner_saves_the_hours_from_the_page(world):
    response = owner_http(world).post(
        "/workspace/settings/calendar/",
        {"country": "CA", "subdivision": "QC", **{f"hours_{d}": t for d, t in LUNCH_WEEK.items()}},
    )
    assert response.status_code == 302
    assert stored(world)[:2] == ("CA", "QC")


def test_a_bad_region_comes_back_beside_its_field_and_changes_nothing(world):
    before = stored(world)
    response = owner_http(world).post(
        "/workspace/settings/calendar/",
        {"country": "FR", "subdivision": "QC", "hours_mon": "09:00-18:00"},
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert 'value="QC"' in html and 'class="field-error"' in html
    assert stored(world) == before


def test_the_calendar_posts_as_each_actor(world):
    """Only owners post the calendar and closure days; nothing else changes anything."""
    data = {"country": "FR", "subdivision": "", "hours_mon": "09:00-18:00"}
    check_page_as_each_actor(
        world,
        "/workspace/settings/calendar/",
        {**OWNER_ONLY_PAGE, "owner": 302, "other_workspace": 302},
        method="post",
        data=data,
    )
    check_page_as_each_actor(
        world,
        "/workspace/settings/closure-days/",
        {**OWNER_ONLY_PAGE, "owner": 302, "other_workspace": 302},
        method="post",
        data={"date": "2026-05-15", "label": "Pont"},
    )
    closure = ClosureDay.objects.in_workspace(world.workspace).get()
    check_page_as_each_actor(
        world,
        f"/workspace/settings/closure-days/{closure.pk}/remove/",
        {**OWNER_ONLY_PAGE, "owner": 302, "other_workspace": 404},
        method="post",
    )
    assert not ClosureDay.objects.in_workspace(world.workspace).exists()


def test_closure_days_are_listed_and_added_from_the_page(world):
    http = owner_http(world)
    assert (
        http.post(
            "/workspace/settings/closure-days/", {"date": "2026-12-24", "label": "Réveillon"}
        ).status_code
        == 302
    )
    html = http.get("/workspace/settings/").content.decode()
    assert "Réveillon" in html
    again = http.post("/workspace/settings/closure-days/", {"date": "2026-12-24"})
    assert again.status_code == 400
    assert ClosureDay.objects.in_workspace(world.workspace).count() == 1


# --- The API --------------------------------------------------------------------------------


def test_reading_the_calendar_through_the_api_as_each_actor(world):
    closure_day_add(actor=world.actor("owner"), date="2026-05-15", label="Pont")
    responses = check_endpoint_as_each_actor(world, "/api/v1/workspace/calendar", MEMBERS_READ)
    body = responses["viewer"].json()
    assert body["country"] == "FR" and body["time_zone"] == "Europe/Paris"
    assert body["hours"]["mon"] == "09:00-18:00" and body["hours"]["sat"] == ""
    assert [c["date"] for c in body["closure_days"]] == ["2026-05-15"]
    assert responses["other_workspace"].json()["closure_days"] == []
    listed = check_endpoint_as_each_actor(world, "/api/v1/workspace/closure-days", MEMBERS_READ)
    assert listed["owner"].json()["items"][0]["label"] == "Pont"


def test_setting_the_calendar_through_the_api_as_each_actor(world):
    responses = check_endpoint_as_each_actor(
        world,
        "/api/v1/workspace/calendar",
        {**MEMBERS_READ, "manager": 403, "consultant": 403, "viewer": 403},
        method="put",
        json={"country": "CA", "subdivision": "QC", "hours": LUNCH_WEEK},
    )
    assert responses["owner"].json()["hours"]["mon"] == "09:00-12:30, 13:30-18:00"
    assert stored(world)[:2] == ("CA", "QC")


def test_a_bad_calendar_through_the_api_is_a_400_and_changes_nothing(world):
    before = stored(world)
    http = HttpClient()
    headers = {"Authorization": f"Bearer {world.token('owner')}"}
    for body in (
        {"country": "XX"},
        {"country": "FR", "subdivision": "ON"},
        {"country": "FR", "hours": {"mon": "18:00-09:00"}},
        {"country": "FR", "hours": {"mon": ""}},
    ):
        response = http.put(
            "/api/v1/workspace/calendar", body, content_type="application/json", headers=headers
        )
        assert response.status_code == 400, body
        assert response.json()["code"] == "invalid"
    assert stored(world) == before


def test_closure_days_through_the_api_as_each_actor(world):
    OWNER_WRITES = {**MEMBERS_READ, "manager": 403, "consultant": 403, "viewer": 403}
    responses = check_endpoint_as_each_actor(
        world,
        "/api/v1/workspace/closure-days",
        {**OWNER_WRITES, "owner": 201, "other_workspace": 201},
        method="post",
        json={"date": "2026-05-15", "label": "Pont"},
    )
    created = responses["owner"].json()
    assert created["date"] == "2026-05-15"
    check_endpoint_as_each_actor(
        world,
        f"/api/v1/workspace/closure-days/{created['id']}",
        {**OWNER_WRITES, "owner": 204, "other_workspace": 404},
        method="delete",
    )
    assert not ClosureDay.objects.in_workspace(world.workspace).exists()
    assert ClosureDay.objects.in_workspace(world.other_workspace).count() == 1
