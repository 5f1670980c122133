"""The handoff call and its SLA: late once its due date passes, met for good when held on time."""

import datetime as dt

import pytest

from pacte.handoff.selectors import handoff_for
from pacte.handoff.services import engagement_terminate, handoff_call_held
from pacte.handoff.tests.helpers import (
    FRIDAY,
    NEXT_FRIDAY,
    TODAY,
    active_engagement,
    days,
    entries,
    ledger_size,
    plan_of,
)
from pacte.kernel.errors import InvalidInput, NotFound, PermissionDenied

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_in_english")]


@pytest.fixture
def friday_plan(world, registry):
    engagement = active_engagement(world, started=dt.date(2026, 9, 1))
    engagement_terminate(
        actor=world.actor("owner"),
        engagement_id=engagement.pk,
        terminated_by="client",
        reason="Fin anticipée",
        terminated_on=FRIDAY,
    )
    return engagement


def test_the_call_is_late_once_its_due_date_passes_without_it(world, friday_plan):
    viewer = world.actor("viewer")
    assert handoff_for(actor=viewer, engagement=friday_plan, today=FRIDAY).call_late is False
    assert handoff_for(actor=viewer, engagement=friday_plan, today=NEXT_FRIDAY).call_late is False
    assert (
        handoff_for(actor=viewer, engagement=friday_plan, today=dt.date(2026, 11, 7)).call_late
        is True
    )
    assert handoff_for(actor=viewer, engagement=friday_plan).call_late is True  # today


def test_a_call_held_on_time_meets_the_sla_for_good(world, friday_plan):
    plan = plan_of(world, friday_plan)
    held = handoff_call_held(actor=world.actor("consultant"), plan_id=plan.pk, held_on=NEXT_FRIDAY)
    assert held.call_held_on == NEXT_FRIDAY
    for today in (NEXT_FRIDAY, dt.date(2026, 11, 20), TODAY):
        view = handoff_for(actor=world.actor("owner"), engagement=friday_plan, today=today)
        assert view.call_late is False
    [entry] = entries(world, "handoff.call_held")
    assert entry.payload == {
        "held_on": NEXT_FRIDAY.isoformat(),
        "due_on": NEXT_FRIDAY.isoformat(),
        "late": False,
    }


def test_a_call_held_late_stays_late(world, friday_plan):
    plan = plan_of(world, friday_plan)
    late_day = dt.date(2026, 11, 9)
    handoff_call_held(actor=world.actor("owner"), plan_id=plan.pk, held_on=late_day)
    for today in (late_day, TODAY):
        view = handoff_for(actor=world.actor("owner"), engagement=friday_plan, today=today)
        assert view.call_late is True
    assert entries(world, "handoff.call_held")[0].payload["late"] is True


def test_the_call_cannot_be_recorded_in_the_future_or_by_a_reader(world, friday_plan):
    plan = plan_of(world, friday_plan)
    size = ledger_size(world)
    with pytest.raises(InvalidInput):
        handoff_call_held(actor=world.actor("owner"), plan_id=plan.pk, held_on=days(1))
    with pytest.raises(InvalidInput):
        handoff_call_held(actor=world.actor("owner"), plan_id=plan.pk, held_on="demain")
    with pytest.raises(PermissionDenied):
        handoff_call_held(actor=world.actor("viewer"), plan_id=plan.pk)
    with pytest.raises(NotFound):
        handoff_call_held(actor=world.actor("other_workspace"), plan_id=plan.pk)
    assert plan_of(world, friday_plan).call_held_on is None
    assert ledger_size(world) == size


def test_a_call_held_today_by_default(world, friday_plan):
    plan = plan_of(world, friday_plan)
    assert handoff_call_held(actor=world.actor("owner"), plan_id=plan.pk).call_held_on == TODAY


def test_no_plan_means_no_sla(world):
    engagement = active_engagement(world)
    view = handoff_for(actor=world.actor("owner"), engagement=engagement)
    assert (view.plan, view.steps, view.call_late, view.complete) == (None, [], False, False)
