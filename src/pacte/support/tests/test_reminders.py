"""Support's reminder kind: a request over an agreed SLA's target is due once per day of
breach, with the metrics breached that day; met, proposed-only or foreign ones are not."""

import datetime as dt

import pytest
from django.utils import timezone

from pacte.reminders.kinds import Delivery, reminder_kind
from pacte.reminders.tests.kind_helpers import find, message, queries
from pacte.support.services import sla_propose, support_request_move, support_request_open

pytestmark = pytest.mark.django_db

KEY = "support.sla_breach"


def sla(world, metric="first_response", minutes=60, agreed=True):
    return sla_propose(
        actor=world.actor("owner"),
        client_id=world.client.pk,
        metric=metric,
        target_minutes=minutes,
        window="month",
        calendar="round_the_clock",
        agreed_on=timezone.localdate() if agreed else None,
        agreed_by="Direction" if agreed else "",
    )


def request(world, hours_ago: float, summary="Le site est lent", respond_after=None):
    received = timezone.now() - dt.timedelta(hours=hours_ago)
    found = support_request_open(
        actor=world.actor("owner"), client_id=world.client.pk, summary=summary, received_at=received
    )
    if respond_after is not None:
        support_request_move(
            actor=world.actor("owner"),
            request_id=found.pk,
            move="respond",
            at=received + dt.timedelta(minutes=respond_after),
        )
    return found


def today():
    return timezone.localdate()


def test_the_kind_is_registered_for_a_daily_digest():
    kind = reminder_kind(KEY)
    assert kind.default == Delivery.DAILY and kind.audience == "members"


def test_a_request_over_its_target_is_due_on_the_day_it_passed_it(world):
    sla(world)
    late = request(world, 3, "Sans réponse depuis trois heures")
    [due] = find(world, KEY, today())
    assert (due.object_type, due.object_id) == ("support.supportrequest", late.pk)
    passed = timezone.localdate(late.received_at + dt.timedelta(minutes=61))
    assert (due.due_on, due.stage, due.client_id) == (passed, "", world.client.pk)
    assert due.params["metrics"] == ["first_response"]


def test_each_day_of_breach_is_its_own_reminder(world):
    sla(world, "first_response", 60)
    sla(world, "resolution", 60 * 24 * 3)
    late = request(world, 24 * 5, "Toujours pas résolu")
    found = find(world, KEY, today())
    assert [d.object_id for d in found] == [late.pk, late.pk]
    assert [d.params["metrics"] for d in found] == [["first_response"], ["resolution"]]
    assert found[0].due_on < found[1].due_on


def test_met_proposed_or_foreign_requests_are_not_due(world):
    sla(world)
    sla(world, "resolution", 60, agreed=False)
    request(world, 5, "Répondu en vingt minutes", respond_after=20)
    request(world, 0.25, "Arrivé il y a un quart d'heure")
    assert find(world, KEY, today()) == []
    assert find(world, KEY, today(), workspace=world.other_workspace) == []


def test_the_message_names_the_request_and_the_date_in_both_languages(world):
    sla(world)
    late = request(world, 3, "Sans réponse depuis trois heures")
    [due] = find(world, KEY, today())
    english = message(KEY, due, "en")
    assert "Sans réponse depuis trois heures" in english.subject
    assert "Boulangerie Alpha" in english.subject
    assert due.due_on.strftime("%b %-d, %Y") in english.subject
    assert "First response" in english.lines[0]
    assert english.path == f"/requests/{late.pk}/"
    french = message(KEY, due, "fr")
    assert "Sans réponse depuis trois heures" in french.subject
    assert str(due.due_on.year) in french.subject and french.subject != english.subject


def test_the_scan_costs_the_same_for_one_request_or_many(world):
    sla(world)
    request(world, 3)
    one = queries(world, KEY, today())
    for hours in range(4, 12):
        request(world, hours, f"Demande {hours}")
    assert len(find(world, KEY, today())) == 9
    assert queries(world, KEY, today()) == one
