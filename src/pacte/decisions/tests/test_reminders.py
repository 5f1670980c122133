"""Decisions' reminder kind: a recommendation left unanswered for the workspace's wait is due
once, on the day the wait ends; an answered one, or a recent one, is not."""

import datetime as dt

import pytest

from pacte.decisions.tests.helpers import active_engagement, days, decide, recommend
from pacte.kernel.models import Workspace
from pacte.reminders.kinds import Delivery, reminder_kind
from pacte.reminders.tests.kind_helpers import find, message, queries

pytestmark = pytest.mark.django_db

KEY = "decisions.awaited"


def test_the_kind_is_registered_for_a_daily_digest():
    kind = reminder_kind(KEY)
    assert kind.default == Delivery.DAILY and kind.audience == "members"


def test_a_recommendation_unanswered_past_the_wait_is_due_once(world):
    wait = world.workspace.decision_wait_days
    engagement = active_engagement(world)
    rec = recommend(world, engagement, made_on=days(-wait))
    [due] = find(world, KEY, days(0))
    assert (due.object_type, due.object_id) == ("decisions.recommendation", rec.pk)
    assert (due.due_on, due.stage, due.client_id) == (days(0), "", world.client.pk)
    assert due.params["engagement_id"] == engagement.pk
    assert due.params["title"] == "Passer le site en HTTPS"
    # The next days find it again with the same due date: the scan stores it once.
    assert [d.due_on for d in find(world, KEY, days(5))] == [days(0)]


def test_answered_recent_or_foreign_recommendations_are_not_due(world):
    wait = world.workspace.decision_wait_days
    engagement = active_engagement(world)
    recommend(world, engagement, title="Récente", made_on=days(1 - wait))
    for answer in ("accepted", "refused", "deferred"):
        decide(world, recommend(world, engagement, title=answer, made_on=days(-60)), answer)
    assert find(world, KEY, days(0)) == []
    assert find(world, KEY, days(30), workspace=world.other_workspace) == []


def test_the_wait_is_the_workspaces(world):
    Workspace.objects.filter(pk=world.workspace.pk).update(decision_wait_days=3)
    rec = recommend(world, made_on=days(-3))
    [due] = find(world, KEY, days(0), workspace=Workspace.objects.get(pk=world.workspace.pk))
    assert (due.object_id, due.due_on) == (rec.pk, days(0))


def test_the_message_names_the_recommendation_and_its_dates_in_both_languages(world):
    engagement = active_engagement(world)
    recommend(world, engagement, made_on=dt.date(2026, 10, 1))
    [due] = find(world, KEY, dt.date(2026, 10, 20))
    english = message(KEY, due, "en")
    assert "Passer le site en HTTPS" in english.subject and "Boulangerie Alpha" in english.subject
    assert "Oct 1, 2026" in english.subject
    assert "19 days" in english.lines[0] and "Oct 15, 2026" in english.lines[0]
    assert english.path == f"/engagements/{engagement.pk}/"
    french = message(KEY, due, "fr")
    assert "Passer le site en HTTPS" in french.subject and "1 oct. 2026" in french.subject
    assert "15 oct. 2026" in french.lines[0]


def test_the_scan_costs_the_same_for_one_recommendation_or_many(world):
    engagement = active_engagement(world)
    recommend(world, engagement, made_on=days(-60))
    one = queries(world, KEY, days(0))
    other = active_engagement(world, world.other_client)
    for n in range(5):
        recommend(world, other, title=f"Conseil {n}", made_on=days(-30 - n))
    assert len(find(world, KEY, days(0))) == 6
    assert queries(world, KEY, days(0)) == one
