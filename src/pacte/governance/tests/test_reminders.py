"""Governance's reminder kind: a review not held within its grace days is due once per
engagement and due date, the latest period of each kind only; kinds due the same day share
one reminder; the scan costs the same for one engagement or many."""

import datetime as dt

import pytest

from pacte.governance.tests.helpers import cadence, review, started_engagement
from pacte.reminders.kinds import Delivery, reminder_kind
from pacte.reminders.tests.kind_helpers import find, message, queries

pytestmark = pytest.mark.django_db

KEY = "governance.review_overdue"
JUNE_30 = dt.date(2026, 6, 30)
JULY_31 = dt.date(2026, 7, 31)


def test_the_kind_is_registered_for_a_daily_digest():
    kind = reminder_kind(KEY)
    assert kind.default == Delivery.DAILY and kind.audience == "members"


@pytest.fixture
def monthly(world):
    engagement = started_engagement(world, days_ago=250)
    cadence(world, engagement, tactical=True, starts_on=dt.date(2026, 6, 1))
    return engagement


def test_a_review_past_its_grace_is_due_once_then_the_next_period_replaces_it(world, monthly):
    grace = world.workspace.review_grace_days
    assert find(world, KEY, JUNE_30 + dt.timedelta(days=grace)) == []  # still within grace
    [due] = find(world, KEY, JUNE_30 + dt.timedelta(days=grace + 1))
    assert (due.object_type, due.object_id) == ("engagements.engagement", monthly.pk)
    assert (due.due_on, due.stage, due.client_id) == (JUNE_30, "", world.client.pk)
    assert due.params["kinds"] == ["tactical"] and due.params["days_late"] == grace + 1
    # A month later June and July are both overdue: the reminder speaks of July.
    [later] = find(world, KEY, JULY_31 + dt.timedelta(days=grace + 1))
    assert later.due_on == JULY_31 and later.params["overdue_in_all"] == 2


def test_a_review_held_or_another_workspace_is_not_due(world, monthly):
    review(world, monthly, "tactical", dt.date(2026, 6, 20))
    assert find(world, KEY, dt.date(2026, 7, 20)) == []
    assert find(world, KEY, dt.date(2026, 7, 20), workspace=world.other_workspace) == []


def test_kinds_due_the_same_day_share_one_reminder(world):
    engagement = started_engagement(world, days_ago=300)
    cadence(world, engagement, tactical=True, strategic=True, starts_on=dt.date(2026, 4, 1))
    [due] = find(world, KEY, dt.date(2026, 7, 10))
    assert due.due_on == JUNE_30 and due.params["kinds"] == ["tactical", "strategic"]
    assert due.params["overdue_in_all"] == 4  # April, May and June's reviews, the quarter's
    english = message(KEY, due, "en")
    assert "Monthly tactical review, Quarterly strategic committee" in english.lines[0]
    assert "4 reviews" in english.lines[0]


def test_the_message_names_the_engagement_and_the_due_date_in_both_languages(world, monthly):
    [due] = find(world, KEY, dt.date(2026, 7, 10))
    english = message(KEY, due, "en")
    assert "Refonte" in english.subject and "Boulangerie Alpha" in english.subject
    assert "Jun 30, 2026" in english.subject and "10 days late" in english.lines[0]
    assert english.path == f"/engagements/{monthly.pk}/"
    french = message(KEY, due, "fr")
    assert "Refonte" in french.subject and "30 juin 2026" in french.subject


def test_the_scan_costs_the_same_for_one_engagement_or_many(world, monthly):
    today = dt.date(2026, 9, 10)
    one = queries(world, KEY, today)
    for n in range(4):
        other = started_engagement(
            world, days_ago=250, title=f"Projet {n}", client=world.other_client
        )
        cadence(world, other, operational=True, strategic=True, starts_on=dt.date(2026, 5, 1))
    assert len(find(world, KEY, today)) > 5
    assert queries(world, KEY, today) == one
