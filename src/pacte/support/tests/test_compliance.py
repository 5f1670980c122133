"""Compliance: met among the requests judged in the window; "not yet measured" (ratio None)
when none; the priority an SLA applies to; cancelled requests never count; a holiday week is
no breach when the business minutes are within target."""

import datetime as dt

import pytest

from pacte.support.selectors import client_sla_standing, sla_compliance
from pacte.support.services import sla_measurement_record
from pacte.workspace.services import workspace_update_calendar

from .helpers import at, engagement, move, request, sla

pytestmark = pytest.mark.django_db
JUNE = dt.date(2026, 6, 1)


def compliance(world, s, period=JUNE):
    c = sla_compliance(actor=world.actor("viewer"), sla=s, period=period)
    return c.met, c.judged, c.ratio


def test_nothing_judged_is_not_yet_measured(world):
    s = sla(world)
    c = sla_compliance(actor=world.actor("owner"), sla=s, period=JUNE)
    assert (c.met, c.judged, c.ratio) == (0, 0, None)
    assert (c.window_start, c.window_end) == (dt.date(2026, 6, 1), dt.date(2026, 6, 30))


def test_met_among_judged(world):
    s = sla(world, target=120)
    ok = request(world, at(2026, 6, 8, 9))
    move(world, ok, "respond", at(2026, 6, 8, 10))
    late = request(world, at(2026, 6, 9, 9))
    move(world, late, "respond", at(2026, 6, 9, 15))
    assert compliance(world, s) == (1, 2, 0.5)


def test_a_request_is_judged_in_the_window_of_its_event(world):
    s = sla(world, target=600)
    req = request(world, at(2026, 5, 29, 17))  # a Friday in May…
    move(world, req, "respond", at(2026, 6, 1, 10))  # …answered in June
    assert compliance(world, s, dt.date(2026, 5, 1)) == (0, 0, None)
    assert compliance(world, s, JUNE) == (1, 1, 1.0)


def test_a_running_request_is_judged_breached_where_it_passed_its_target(world):
    s = sla(world, target=120)
    request(world, at(2026, 6, 30, 17))  # never answered: passed on 1 July at 10:01
    assert compliance(world, s, JUNE) == (0, 0, None)
    assert compliance(world, s, dt.date(2026, 7, 1)) == (0, 1, 0.0)


def test_cancelled_requests_never_count(world):
    s = sla(world, target=60)
    req = request(world, at(2026, 6, 8, 9))
    move(world, req, "respond", at(2026, 6, 8, 15))
    move(world, req, "cancel", at(2026, 6, 8, 16))
    assert compliance(world, s) == (0, 0, None)


def test_an_sla_applies_to_its_priority_only_when_set(world):
    urgent = sla(world, target=60, priority="urgent")
    every = sla(world, target=60)
    for priority in ("urgent", "low"):
        req = request(world, at(2026, 6, 8, 9), priority=priority)
        move(world, req, "respond", at(2026, 6, 8, 9, 30))
    assert compliance(world, urgent) == (1, 1, 1.0)
    assert compliance(world, every) == (2, 2, 1.0)


def test_an_engagement_sla_judges_its_engagement_only(world):
    e = engagement(world)
    s = sla(world, target=60, engagement_id=e.pk)
    for engagement_id in (e.pk, None):
        req = request(world, at(2026, 6, 8, 9), engagement_id=engagement_id)
        move(world, req, "respond", at(2026, 6, 8, 9, 30))
    assert compliance(world, s) == (1, 1, 1.0)


def test_another_clients_requests_do_not_count(world):
    s = sla(world, target=60)
    req = request(world, at(2026, 6, 8, 9), client=world.other_client)
    move(world, req, "respond", at(2026, 6, 8, 15))
    assert compliance(world, s) == (0, 0, None)


def test_a_holiday_week_is_not_a_breach(world):
    """Received the Thursday before the 8 May bridge, answered on Monday: four days of wall
    clock, two business hours."""
    s = sla(world, target=480)
    req = request(world, at(2026, 5, 7, 17))
    move(world, req, "respond", at(2026, 5, 11, 10))
    assert compliance(world, s, dt.date(2026, 5, 1)) == (1, 1, 1.0)
    # The same wall-clock delay counted round the clock is a breach.
    plain = sla(world, target=480, calendar="round_the_clock")
    assert compliance(world, plain, dt.date(2026, 5, 1)) == (0, 1, 0.0)


def test_the_resolution_clock_pauses_while_waiting(world):
    s = sla(world, metric="resolution", target=240)
    req = request(world, at(2026, 6, 8, 9))
    move(world, req, "respond", at(2026, 6, 8, 9, 30))
    move(world, req, "wait_for_client", at(2026, 6, 8, 10))
    move(world, req, "client_replied", at(2026, 6, 10, 10))
    move(world, req, "resolve", at(2026, 6, 10, 12))
    assert compliance(world, s) == (1, 1, 1.0)  # 60 + 120 business minutes


def test_the_delivery_delay_judges_changes_only(world):
    s = sla(world, metric="delivery_delay", target=60)
    for category in ("change", "question"):
        req = request(world, at(2026, 6, 8, 9), category=category)
        move(world, req, "resolve", at(2026, 6, 8, 12))
    assert compliance(world, s) == (0, 1, 0.0)


def test_a_quarterly_sla_judges_the_quarter(world):
    s = sla(world, target=60, window="quarter")
    for month in (4, 6):
        req = request(world, at(2026, month, 8, 9))
        move(world, req, "respond", at(2026, month, 8, 9, 30))
    c = sla_compliance(actor=world.actor("owner"), sla=s, period=dt.date(2026, 5, 1))
    assert (c.met, c.judged, c.window_start, c.window_end) == (
        2,
        2,
        dt.date(2026, 4, 1),
        dt.date(2026, 6, 30),
    )


def test_availability_is_met_when_the_measure_reaches_the_target(world):
    s = sla(world, metric="availability", target_percent="99.5")
    owner = world.actor("owner")
    sla_measurement_record(actor=owner, sla_id=s.pk, period="2026-05", value_percent="99.9")
    sla_measurement_record(actor=owner, sla_id=s.pk, period="2026-06", value_percent="98.0")
    assert compliance(world, s, dt.date(2026, 5, 1)) == (1, 1, 1.0)
    assert compliance(world, s, JUNE) == (0, 1, 0.0)


def test_a_change_of_target_recomputes_the_past(world):
    s = sla(world, target=120)
    req = request(world, at(2026, 6, 8, 9))
    move(world, req, "respond", at(2026, 6, 8, 11))
    assert compliance(world, s) == (1, 1, 1.0)
    s.target_minutes = 119
    s.save(update_fields=["target_minutes"])
    assert compliance(world, s) == (0, 1, 0.0)


def test_the_client_standing_counts_agreed_slas_only(world):
    sla(world, target=60)
    sla(world, target=1, agreed=False)
    req = request(world, at(2026, 6, 8, 9))
    move(world, req, "respond", at(2026, 6, 8, 9, 30))
    standing = client_sla_standing(
        actor=world.actor("owner"),
        client=world.client,
        since=dt.date(2026, 6, 1),
        until=dt.date(2026, 6, 30),
    )
    assert standing == (1, 1)
    assert client_sla_standing(
        actor=world.actor("owner"),
        client=world.other_client,
        since=dt.date(2026, 6, 1),
        until=dt.date(2026, 6, 30),
    ) == (0, 0)


def test_the_workspace_calendar_decides_a_quebec_holiday(world):
    """24 June is off in Québec: a workspace on the Québec calendar does not count it."""
    s = sla(world, target=480)
    req = request(world, at(2026, 6, 23, 17))
    move(world, req, "respond", at(2026, 6, 25, 10))
    assert compliance(world, s) == (0, 1, 0.0)  # France: 60 + 540 + 60 minutes
    workspace_update_calendar(actor=world.actor("owner"), country="CA", subdivision="QC")
    world.workspace.refresh_from_db()
    fresh = world.actor("owner")
    c = sla_compliance(actor=fresh, sla=s, period=JUNE)
    assert (c.met, c.judged) == (1, 1)  # Québec: 60 + 60 minutes
