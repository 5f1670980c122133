"""Handoff's reminder kinds: steps due, the handover call's SLA, takeover items to chase. Each
finds what is due in one workspace for a fixed number of queries, and says it in French and
in English."""

import datetime as dt

import pytest
from django.utils import translation

from pacte.handoff.reminders import CALL_MISSED, CALL_SOON
from pacte.handoff.services import (
    engagement_terminate,
    handoff_call_held,
    handoff_step_update,
    takeover_item_create,
    takeover_record,
)
from pacte.handoff.tests.helpers import (
    FRIDAY,
    NEXT_FRIDAY,
    active_engagement,
    days,
    plan_of,
    register,
    steps_of,
)
from pacte.reminders.kinds import Delivery, reminder_kind
from pacte.reminders.tests.kind_helpers import find, message, queries

pytestmark = pytest.mark.django_db


def terminated_on_friday(world, client=None):
    engagement = active_engagement(world, client, started=dt.date(2026, 9, 1))
    engagement_terminate(
        actor=world.actor("owner"),
        engagement_id=engagement.pk,
        terminated_by="client",
        reason="Fin anticipée",
        terminated_on=FRIDAY,
    )
    return engagement


@pytest.fixture
def friday_plan(world, registry):
    return terminated_on_friday(world)


def test_every_kind_is_registered_for_a_daily_digest():
    for key in ("handoff.step_due", "handoff.call_sla", "handoff.takeover_chase"):
        kind = reminder_kind(key)
        assert kind is not None and kind.default == Delivery.DAILY and kind.audience == "members"


# --- Steps due --------------------------------------------------------------------------------


def test_a_step_due_and_not_done_is_due_once(world, friday_plan):
    steps = steps_of(world, friday_plan)
    on_call_day = [s for s in steps if s.due_on == NEXT_FRIDAY]
    assert on_call_day and len(on_call_day) < len(steps)  # revoking access comes two days later
    found = find(world, "handoff.step_due", NEXT_FRIDAY)
    assert {d.object_id for d in found} == {s.pk for s in on_call_day}
    step = on_call_day[0]
    [due] = [d for d in found if d.object_id == step.pk]
    assert due.object_type == "handoff.handoffstep"
    assert due.due_on == NEXT_FRIDAY
    assert due.stage == ""
    assert due.client_id == world.client.pk
    assert due.params["engagement_id"] == friday_plan.pk
    assert due.params["step"] == step.kind


def test_a_step_done_or_not_yet_due_is_not_due(world, friday_plan):
    owner = world.actor("owner")
    assert find(world, "handoff.step_due", NEXT_FRIDAY - dt.timedelta(days=1)) == []
    for step in steps_of(world, friday_plan):
        if step.due_on == NEXT_FRIDAY:
            handoff_step_update(actor=owner, step_id=step.pk, status="done")
    assert find(world, "handoff.step_due", NEXT_FRIDAY) == []
    assert find(world, "handoff.step_due", NEXT_FRIDAY, workspace=world.other_workspace) == []


def test_a_blocked_step_is_still_due(world, friday_plan):
    step = next(s for s in steps_of(world, friday_plan) if s.due_on == NEXT_FRIDAY)
    handoff_step_update(
        actor=world.actor("owner"), step_id=step.pk, status="blocked", notes="Accès perdu"
    )
    [due] = [d for d in find(world, "handoff.step_due", NEXT_FRIDAY) if d.object_id == step.pk]
    assert due.params["blocked"] is True
    with translation.override("en"):
        assert "blocked" in reminder_kind("handoff.step_due").message(due).lines[1]


def test_the_step_message_names_the_step_and_its_date_in_both_languages(world, friday_plan):
    due = next(d for d in find(world, "handoff.step_due", NEXT_FRIDAY) if d.params["asset"])
    english = message("handoff.step_due", due, "en")
    assert "Refonte" in english.subject and "Boulangerie Alpha" in english.subject
    assert "Nov 6, 2026" in english.subject
    assert due.params["asset"] in english.lines[0]
    assert english.path == f"/engagements/{friday_plan.pk}/handoff/"
    french = message("handoff.step_due", due, "fr")
    assert "6 nov. 2026" in french.subject and "Refonte" in french.subject


def test_steps_due_cost_the_same_for_one_or_many(world, registry):
    terminated_on_friday(world)
    one = queries(world, "handoff.step_due", NEXT_FRIDAY)
    for _ in range(3):
        terminated_on_friday(world)
    register(world, "domain", "garage-beta.fr", client=world.other_client, legal_owner="us")
    terminated_on_friday(world, world.other_client)
    assert len(find(world, "handoff.step_due", NEXT_FRIDAY)) > 10
    assert queries(world, "handoff.step_due", NEXT_FRIDAY) == one


# --- The handover call's SLA ------------------------------------------------------------------


def test_the_call_is_due_soon_then_missed_each_once(world, friday_plan):
    plan = plan_of(world, friday_plan)
    # Two working days before its due day (Wednesday 4 November): not yet.
    assert find(world, "handoff.call_sla", dt.date(2026, 11, 3)) == []
    [soon] = find(world, "handoff.call_sla", dt.date(2026, 11, 4))
    assert (soon.object_type, soon.object_id) == ("handoff.handoffplan", plan.pk)
    assert (soon.due_on, soon.stage, soon.client_id) == (NEXT_FRIDAY, CALL_SOON, world.client.pk)
    assert soon.params["working_days_left"] == 2
    [on_the_day] = find(world, "handoff.call_sla", NEXT_FRIDAY)
    assert on_the_day.stage == CALL_SOON  # the same reminder: the scan stores it once
    [missed] = find(world, "handoff.call_sla", dt.date(2026, 11, 9))
    assert (missed.due_on, missed.stage) == (NEXT_FRIDAY, CALL_MISSED)


def test_a_call_held_is_not_due(world, friday_plan):
    plan = plan_of(world, friday_plan)
    handoff_call_held(actor=world.actor("owner"), plan_id=plan.pk, held_on=NEXT_FRIDAY)
    assert find(world, "handoff.call_sla", dt.date(2026, 11, 9)) == []
    assert find(world, "handoff.call_sla", NEXT_FRIDAY, workspace=world.other_workspace) == []


def test_the_call_message_says_soon_or_missed_in_both_languages(world, friday_plan):
    [soon] = find(world, "handoff.call_sla", NEXT_FRIDAY)
    [missed] = find(world, "handoff.call_sla", dt.date(2026, 11, 9))
    english = message("handoff.call_sla", soon, "en")
    assert "Refonte" in english.subject and "Nov 6, 2026" in english.subject
    assert "5 working days" in english.lines[0] and "Oct 30, 2026" in english.lines[0]
    assert english.path == f"/engagements/{friday_plan.pk}/handoff/"
    assert "missed" in message("handoff.call_sla", missed, "en").subject
    french = message("handoff.call_sla", soon, "fr")
    assert "6 nov. 2026" in french.subject and "30 oct. 2026" in french.lines[0]


def test_calls_due_cost_the_same_for_one_or_many(world, registry):
    terminated_on_friday(world)
    one = queries(world, "handoff.call_sla", NEXT_FRIDAY)
    for _ in range(3):
        terminated_on_friday(world)
    assert len(find(world, "handoff.call_sla", NEXT_FRIDAY)) == 4
    assert queries(world, "handoff.call_sla", NEXT_FRIDAY) == one


# --- Takeover chases --------------------------------------------------------------------------


def takeover_item(world, asked_on, client=None, what="Code de transfert du domaine"):
    return takeover_item_create(
        actor=world.actor("consultant"),
        client_id=(client or world.client).pk,
        kind="domain",
        what=what,
        previous_provider="Ancienne Agence",
        asked_on=asked_on,
    )


def test_an_item_is_chased_a_week_after_the_request_then_after_each_chase(world):
    today = days(0)
    item = takeover_item(world, days(-7))
    [due] = find(world, "handoff.takeover_chase", today)
    assert (due.object_type, due.object_id) == ("handoff.takeoveritem", item.pk)
    assert (due.due_on, due.stage, due.client_id) == (today, "", world.client.pk)
    assert due.params["days_waiting"] == 7
    takeover_record(actor=world.actor("consultant"), item_id=item.pk, event="chased", on=days(-1))
    assert find(world, "handoff.takeover_chase", today) == []
    [later] = find(world, "handoff.takeover_chase", days(6))
    assert later.due_on == days(6) and later.params["chase_count"] == 1


def test_an_item_not_asked_received_or_recent_is_not_chased(world):
    takeover_item(world, None, what="Accès à l'hébergement")
    takeover_item(world, days(-6), what="Sauvegardes")
    received = takeover_item(world, days(-30), what="Dépôt de code")
    takeover_record(
        actor=world.actor("consultant"), item_id=received.pk, event="received", on=days(-1)
    )
    assert find(world, "handoff.takeover_chase", days(0)) == []
    assert find(world, "handoff.takeover_chase", days(0), workspace=world.other_workspace) == []


def test_the_chase_message_names_the_item_and_its_date_in_both_languages(world):
    takeover_item(world, dt.date(2026, 11, 2))
    [due] = find(world, "handoff.takeover_chase", dt.date(2026, 11, 10))
    english = message("handoff.takeover_chase", due, "en")
    assert "Code de transfert du domaine" in english.subject
    assert "Nov 9, 2026" in english.subject
    assert "Ancienne Agence" in english.lines[0] and "8 days" in english.lines[0]
    assert english.path == f"/clients/{world.client.pk}/takeover/"
    french = message("handoff.takeover_chase", due, "fr")
    assert "9 nov. 2026" in french.subject and "2 nov. 2026" in french.lines[0]


def test_chases_cost_the_same_for_one_or_many(world):
    takeover_item(world, days(-10))
    one = queries(world, "handoff.takeover_chase", days(0))
    for n in range(4):
        takeover_item(world, days(-20), client=world.other_client, what=f"Accès {n}")
    assert len(find(world, "handoff.takeover_chase", days(0))) == 5
    assert queries(world, "handoff.takeover_chase", days(0)) == one
