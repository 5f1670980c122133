"""Conflicts' reminder kind: a running case past its agreed follow-up date is due once for
that date; a closed case, one still before its date or another workspace's, is not."""

import pytest

from pacte.conflicts.tests.helpers import (
    answer,
    days_ago,
    move,
    open_case,
    running_engagement,
    to_awaiting,
)
from pacte.reminders.kinds import Delivery, reminder_kind
from pacte.reminders.tests.kind_helpers import find, message, queries

pytestmark = pytest.mark.django_db

KEY = "conflicts.follow_up"
TODAY = days_ago(0)


def test_the_kind_is_registered_for_a_daily_digest():
    kind = reminder_kind(KEY)
    assert kind.default == Delivery.DAILY and kind.audience == "members"


def test_a_case_past_its_follow_up_is_due_once(world):
    case = to_awaiting(world, open_case(world, [running_engagement(world)]))
    [due] = find(world, KEY, TODAY)
    assert (due.object_type, due.object_id) == ("conflicts.conflictcase", case.pk)
    assert (due.due_on, due.stage, due.client_id) == (days_ago(19), "", world.client.pk)
    assert due.params["status"] == "awaiting_decision"
    # On the follow-up day itself it is not late yet.
    assert find(world, KEY, days_ago(19)) == []


def test_a_closed_case_one_before_its_date_or_another_workspaces_is_not_due(world):
    e = running_engagement(world)
    on_time = open_case(world, [e], summary="Rappel prévu", opened_on=days_ago(2))
    move(world, on_time, "cause_identified", on=days_ago(1), follow_up_on=days_ago(-3))
    closed = to_awaiting(world, open_case(world, [e], summary="Réglé"))
    answer(world, closed, "accepted")
    move(world, closed, "resolved", on=days_ago(1))
    assert find(world, KEY, TODAY) == []
    assert len(find(world, KEY, days_ago(-4))) == 1  # the other one, once its date passed
    assert find(world, KEY, days_ago(-30), workspace=world.other_workspace) == []


def test_the_message_names_the_case_and_its_date_in_both_languages(world):
    case = to_awaiting(world, open_case(world, [running_engagement(world)]))
    [due] = find(world, KEY, TODAY)
    english = message(KEY, due, "en")
    assert "Le client conteste la maquette livrée" in english.subject
    assert "Boulangerie Alpha" in english.subject
    day = days_ago(19)
    assert day.strftime("%b %-d, %Y") in english.subject
    assert "Awaiting the client's decision" in english.lines[0]
    assert english.lines[1].startswith("Call back on the agreed date: ")
    assert english.path == f"/conflicts/{case.pk}/"
    french = message(KEY, due, "fr")
    assert "Le client conteste la maquette livrée" in french.subject
    assert str(day.year) in french.subject and french.subject != english.subject


def test_the_scan_costs_the_same_for_one_case_or_many(world):
    e = running_engagement(world)
    to_awaiting(world, open_case(world, [e]))
    one = queries(world, KEY, TODAY)
    other = running_engagement(world, world.other_client, title="Maintenance")
    for n in range(4):
        to_awaiting(world, open_case(world, [other], client=world.other_client, summary=f"Cas {n}"))
    assert len(find(world, KEY, TODAY)) == 5
    assert queries(world, KEY, TODAY) == one
