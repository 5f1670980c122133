"""The "status report due" reminder kind: which engagements are due, from when, and what the
reminder says. The scan that stores and sends reminders calls these (reminders app)."""

from __future__ import annotations

import datetime as dt

import pytest
from dateutil.relativedelta import relativedelta
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from pacte.clients.services import client_update
from pacte.kernel.tenancy import Actor
from pacte.reminders.kinds import reminder_kind
from pacte.reports.reminders import KEY, report_due_message, reports_due

from .helpers import days_ago, designate, running_engagement, sent_report

pytestmark = pytest.mark.django_db


def frequency(world, value, client=None):
    client_update(
        actor=world.actor("owner"), client_id=(client or world.client).pk, report_frequency=value
    )


def due(world, today=None):
    return reports_due(Actor.system(world.workspace), today or timezone.localdate())


def test_the_kind_is_registered():
    kind = reminder_kind(KEY)
    assert kind is not None and kind.find_due is reports_due


def test_due_from_the_engagement_start_when_no_report_was_sent(world):
    e = running_engagement(world, activated=20)
    frequency(world, "weekly")
    found = due(world)
    assert [(d.object_type, d.object_id, d.client_id) for d in found] == [
        ("engagements.engagement", e.pk, world.client.pk)
    ]
    assert found[0].due_on == days_ago(13)
    assert found[0].params["client"] == "Boulangerie Alpha"
    assert found[0].params["last_sent_on"] == ""
    frequency(world, "monthly")
    assert due(world) == []  # 20 days in: a month has not passed
    assert len(due(world, today=days_ago(-15))) == 1


def test_a_report_sent_resets_the_clock(world):
    e = running_engagement(world, activated=40)
    designate(world)
    frequency(world, "fortnightly")
    assert len(due(world)) == 1
    sent_report(world, e)
    assert due(world) == []
    later = due(world, today=timezone.localdate() + dt.timedelta(days=14))
    assert [d.object_id for d in later] == [e.pk]
    assert later[0].params["last_sent_on"] == timezone.localdate().isoformat()


def test_on_demand_blank_or_not_active_is_never_due(world):
    running_engagement(world, activated=200)
    for value in ("on_demand", ""):
        frequency(world, value)
        assert due(world) == []
    frequency(world, "quarterly")
    assert len(due(world)) == 1
    assert due(world)[0].due_on == days_ago(200) + relativedelta(months=3)


def test_one_query_whatever_the_number_of_engagements(world):
    frequency(world, "weekly")
    frequency(world, "weekly", client=world.other_client)
    running_engagement(world)
    with CaptureQueriesContext(connection) as one:
        due(world)
    for i in range(5):
        running_engagement(world, client=world.other_client, title=f"Mission {i}")
    with CaptureQueriesContext(connection) as many:
        assert len(due(world)) == 6
    assert len(many) == len(one)


def test_the_message_names_the_client_and_the_last_report(world):
    e = running_engagement(world, activated=20)
    frequency(world, "weekly")
    message = report_due_message(due(world)[0])
    assert message.subject == "Status report due: Boulangerie Alpha, Refonte du site"
    assert "(weekly)" in message.lines[0] and "None has been sent" in message.lines[0]
    assert message.path == f"/engagements/{e.pk}/#status-reports"
