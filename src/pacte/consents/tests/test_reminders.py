"""Consents' reminder kind: a grant running out is due at 30 days, then 7, on its end date;
one already run out is due while a publication depends on it; superseded, revoked, open-ended
or foreign ones are not."""

import datetime as dt

import pytest

from pacte.consents.tests.helpers import days, grant, level, refuse, revoke, today
from pacte.reminders.kinds import Delivery, reminder_kind
from pacte.reminders.tests.kind_helpers import find, message, queries

pytestmark = pytest.mark.django_db

KEY = "consents.expiring"


def test_the_kind_is_registered_for_a_daily_digest():
    kind = reminder_kind(KEY)
    assert kind.default == Delivery.DAILY and kind.audience == "members"


def test_a_grant_running_out_is_due_at_30_then_7_days_on_its_end_date(world):
    consent = grant(world, "testimonial", until=days(30))
    [due] = find(world, KEY, today())
    assert (due.object_type, due.object_id) == ("consents.consent", consent.pk)
    assert (due.due_on, due.stage, due.client_id) == (days(30), "30", world.client.pk)
    assert due.params["days_left"] == 30 and due.params["scope"] == "testimonial"
    assert find(world, KEY, days(-1)) == []  # 31 days before: not yet
    [week] = find(world, KEY, days(23))
    assert (week.due_on, week.stage) == (days(30), "7")
    assert find(world, KEY, days(31)) == []  # ran out, nothing depends on it


def test_one_recorded_late_gets_the_most_urgent_stage_alone(world):
    grant(world, "figures", until=days(5))
    assert [d.stage for d in find(world, KEY, today())] == ["7"]


def test_a_run_out_consent_is_due_while_a_publication_depends_on_it(world):
    level(world, "named")
    grant(world, "reference", on=days(-100), until=days(-3))
    [due] = find(world, KEY, today())
    assert (due.due_on, due.stage) == (days(-3), "0")


def test_open_ended_superseded_revoked_or_foreign_consents_are_not_due(world):
    level(world, "named")
    grant(world, "logo")  # no end
    grant(world, "reference", on=days(-20), until=days(10))
    refuse(world, "reference", on=days(-2))
    revoke(world, grant(world, "testimonial", on=days(-20), until=days(10)), on=days(-1))
    assert find(world, KEY, today()) == []
    assert find(world, KEY, today(), workspace=world.other_workspace) == []


def test_the_message_names_the_consent_and_its_end_in_both_languages(world):
    grant(world, "testimonial", on=dt.date(2026, 1, 15), until=days(10))
    [due] = find(world, KEY, today())
    english = message(KEY, due, "en")
    assert "Boulangerie Alpha" in english.subject and "Testimonial" in english.subject
    assert days(10).strftime("%b %-d, %Y") in english.subject
    assert "in 10 days" in english.lines[0] and "Jan 15, 2026" in english.lines[0]
    assert english.path == f"/clients/{world.client.pk}/consents/"
    french = message(KEY, due, "fr")
    assert "Boulangerie Alpha" in french.subject and "15 jan. 2026" in french.lines[0]
    level(world, "named")
    grant(world, "reference", on=days(-100), until=days(-3))
    ran_out = next(d for d in find(world, KEY, today()) if d.stage == "0")
    assert "ran out" in message(KEY, ran_out, "en").subject


def test_the_scan_costs_the_same_for_one_consent_or_many(world):
    grant(world, "testimonial", until=days(20))
    one = queries(world, KEY, today())
    for scope in ("figures", "case_study", "logo"):
        grant(world, scope, until=days(12))
        grant(world, scope, client=world.other_client, until=days(25))
    assert len(find(world, KEY, today())) == 7
    assert queries(world, KEY, today()) == one
