"""The handoff plan built from the registry when an engagement starts closing, with its due
dates."""

import datetime as dt

import holidays
import pytest

from pacte.handoff.models import HandoffPlan
from pacte.handoff.services import (
    add_working_days,
    engagement_close,
    engagement_start_closing,
    handoff_plan_build,
)
from pacte.handoff.tests.helpers import (
    FRIDAY,
    NEXT_FRIDAY,
    TODAY,
    active_engagement,
    entries,
    ledger_size,
    plan_of,
    register,
    reload,
    steps_of,
)
from pacte.kernel.errors import PermissionDenied
from pacte.kernel.models import Workspace
from pacte.workspace.services import closure_day_add, workspace_update_calendar

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_in_english")]


TUESDAY_AFTER = dt.date(2026, 11, 10)  # 2 working days after the call: Mon 9, Tue 10


US = "Atelier Nord"


CLIENT = "Boulangerie Alpha"


def working_days_after(start: dt.date, n: int) -> dt.date:
    """Weekdays that are not French public holidays (the default calendar), counted here
    independently of the calendar's own arithmetic."""
    day = start
    while n:
        day += dt.timedelta(days=1)
        n -= day.weekday() < 5 and day not in FRENCH_HOLIDAYS
    return day


FRENCH_HOLIDAYS = set(holidays.country_holidays("FR", years=range(2025, 2031)))


EXPECTED_STEPS = {
    "domain": [
        ("transfer_ownership", US),
        ("grant_client_admin", US),
        ("revoke_our_access", US),
        ("rotate_credentials", CLIENT),
    ],
    "hosting": [("transfer_ownership", "Ancienne Agence")],
    "code": [("transfer_ownership", "third party")],
    "backups": [("transfer_ownership", US), ("hand_over_backups", US)],
    "alias": [("cut_alias", CLIENT)],
    "analytics": [],
}


def steps_by_asset(steps, registry):
    names = {asset.pk: name for name, asset in registry.items()}
    out = {name: [] for name in EXPECTED_STEPS}
    for step in steps:
        out[names[step.asset_id]].append((step.kind, step.owner))
    return {name: sorted(found) for name, found in out.items()}


def test_add_working_days_skips_weekends():
    assert add_working_days(FRIDAY, 5) == NEXT_FRIDAY
    assert add_working_days(FRIDAY, 1) == dt.date(2026, 11, 2)  # Monday
    assert add_working_days(dt.date(2026, 10, 31), 5) == NEXT_FRIDAY  # from a Saturday
    assert add_working_days(dt.date(2026, 11, 1), 1) == dt.date(2026, 11, 2)  # from a Sunday
    assert add_working_days(NEXT_FRIDAY, 2) == TUESDAY_AFTER
    assert add_working_days(FRIDAY, 0) == FRIDAY


def test_starting_to_close_builds_the_plan_from_the_registry(world, registry):
    engagement = active_engagement(world)
    engagement_start_closing(actor=world.actor("consultant"), engagement_id=engagement.pk)
    assert reload(engagement).status == "closing"

    plan = plan_of(world, engagement)
    call_due = working_days_after(TODAY, 5)
    assert (plan.requested_on, plan.sla_working_days, plan.call_due_on) == (TODAY, 5, call_due)
    assert plan.call_held_on is None
    steps = steps_of(world, engagement)
    assert steps_by_asset(steps, registry) == {k: sorted(v) for k, v in EXPECTED_STEPS.items()}
    assert all(step.status == "open" for step in steps)
    late_kinds = {"revoke_our_access", "rotate_credentials"}
    for step in steps:
        expected = working_days_after(call_due, 2) if step.kind in late_kinds else call_due
        assert step.due_on == expected, step.kind

    [entry] = entries(world, "handoff.planned")
    assert entry.subject_id == str(plan.pk)
    assert entry.payload["steps"] == len(steps) == 9
    assert entry.payload["requested_on"] == TODAY.isoformat()
    assert entry.payload["call_due_on"] == call_due.isoformat()


def test_a_friday_request_is_due_the_next_friday_and_access_goes_the_tuesday_after(world, registry):
    engagement = active_engagement(world)
    plan = handoff_plan_build(
        actor=world.actor("owner"), engagement=engagement, requested_on=FRIDAY
    )
    assert (plan.requested_on, plan.call_due_on) == (FRIDAY, NEXT_FRIDAY)
    dues = {(s.asset_id, s.kind): s.due_on for s in steps_of(world, engagement)}
    domain = registry["domain"].pk
    assert dues[(domain, "transfer_ownership")] == NEXT_FRIDAY
    assert dues[(domain, "grant_client_admin")] == NEXT_FRIDAY
    assert dues[(domain, "revoke_our_access")] == TUESDAY_AFTER
    assert dues[(domain, "rotate_credentials")] == TUESDAY_AFTER
    assert dues[(registry["alias"].pk, "cut_alias")] == NEXT_FRIDAY
    assert dues[(registry["backups"].pk, "hand_over_backups")] == NEXT_FRIDAY


def test_the_workspace_sla_sets_the_call_due_date(world, registry):
    Workspace.objects.filter(pk=world.workspace.pk).update(handoff_sla_working_days=3)
    engagement = active_engagement(world)
    plan = handoff_plan_build(
        actor=world.actor("owner"), engagement=engagement, requested_on=FRIDAY
    )
    assert (plan.sla_working_days, plan.call_due_on) == (3, dt.date(2026, 11, 4))  # Wednesday


def test_the_call_due_date_skips_public_holidays_and_closure_days(world, registry):
    """The handoff call SLA uses the workspace's business calendar (issue 11, item 2): a
    request made before 14 July skips the holiday, one before Christmas skips it and the
    workspace's bridge day, and a Québec workspace skips 24 June instead."""
    owner = world.actor("owner")
    engagement = active_engagement(world)
    plan = handoff_plan_build(actor=owner, engagement=engagement, requested_on=dt.date(2026, 7, 10))
    # Friday 10 July + 5 working days: Mon 13, (Tue 14 July off), Wed 15 … Mon 20.
    assert plan.call_due_on == dt.date(2026, 7, 20)
    dues = {s.kind: s.due_on for s in steps_of(world, engagement)}
    assert dues["revoke_our_access"] == dt.date(2026, 7, 22)

    HandoffPlan.objects.in_workspace(world.workspace).filter(pk=plan.pk).delete()
    closure_day_add(actor=owner, date="2026-12-24", label="Bridge day")
    plan = handoff_plan_build(
        actor=world.actor("owner"), engagement=engagement, requested_on=dt.date(2026, 12, 21)
    )
    # Mon 21 + 5: Tue 22, Wed 23, (Thu 24 closed, Fri 25 Christmas), Mon 28, Tue 29, Wed 30.
    assert plan.call_due_on == dt.date(2026, 12, 30)

    HandoffPlan.objects.in_workspace(world.workspace).filter(pk=plan.pk).delete()
    workspace_update_calendar(actor=owner, country="CA", subdivision="QC")
    plan = handoff_plan_build(
        actor=world.actor("owner"), engagement=engagement, requested_on=dt.date(2026, 6, 22)
    )
    # Mon 22 June + 5: Tue 23, (Wed 24 Fête nationale), Thu 25, Fri 26, Mon 29, Tue 30.
    assert plan.call_due_on == dt.date(2026, 6, 30)


def test_a_fully_client_owned_registry_needs_no_step(world):
    register(world, "domain", "boulangerie-alpha.fr")
    register(world, "hosting", "o2switch")
    engagement = active_engagement(world)
    engagement_start_closing(actor=world.actor("owner"), engagement_id=engagement.pk)
    assert steps_of(world, engagement) == []
    assert entries(world, "handoff.planned")[0].payload["steps"] == 0
    # Nothing to do: it closes right away.
    engagement_close(actor=world.actor("consultant"), engagement_id=engagement.pk)
    assert reload(engagement).status == "closed"


def test_building_twice_returns_the_same_plan(world, registry):
    engagement = active_engagement(world)
    owner = world.actor("owner")
    first = handoff_plan_build(actor=owner, engagement=engagement, requested_on=FRIDAY)
    register(world, "crm", "HubSpot", legal_owner="us")  # registered after the plan
    size = ledger_size(world)
    again = handoff_plan_build(actor=owner, engagement=engagement, requested_on=TODAY)
    assert again.pk == first.pk
    assert again.requested_on == FRIDAY
    assert len(steps_of(world, engagement)) == 9
    assert ledger_size(world) == size
    assert HandoffPlan.objects.in_workspace(world.workspace).count() == 1


def test_only_writers_build_a_plan(world, registry):
    engagement = active_engagement(world)
    for kind in ("viewer", "portal"):
        with pytest.raises(PermissionDenied):
            handoff_plan_build(actor=world.actor(kind), engagement=engagement)
    assert not HandoffPlan.objects.in_workspace(world.workspace).exists()
