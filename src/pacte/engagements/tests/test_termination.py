"""Terminating an engagement records who, when, why and the notice, and refuses bad input."""

import datetime as dt

import pytest

from pacte.engagements.models import Engagement
from pacte.engagements.tests.helpers import TODAY, S, counts, create, engagement_in, reload, row
from pacte.handoff.services import engagement_terminate
from pacte.kernel.errors import InvalidInput
from pacte.kernel.models import LedgerEntry

pytestmark = pytest.mark.django_db


def test_termination_records_who_when_why_and_the_notice(world):
    engagement = engagement_in(world, S.ACTIVE)
    Engagement.objects.in_workspace(world.workspace).filter(pk=engagement.pk).update(
        activated_on=dt.date(2026, 1, 5)
    )
    engagement_terminate(
        actor=world.actor("manager"),
        engagement_id=engagement.pk,
        terminated_by="client",
        reason="  The client is selling the shop  ",
        terminated_on="2026-03-31",
        notice_days="30",
    )
    engagement = reload(engagement)
    assert engagement.status == S.TERMINATED
    assert engagement.terminated_by == "client"
    assert engagement.terminated_on == dt.date(2026, 3, 31)
    assert engagement.termination_reason == "The client is selling the shop"
    assert engagement.notice_days == 30
    entry = (
        LedgerEntry.objects.in_workspace(world.workspace)
        .filter(action="engagement.status_changed")
        .last()
    )
    assert entry.action == "engagement.status_changed"
    assert entry.payload == {
        "from": "active",
        "to": "terminated",
        "by": "client",
        "on": "2026-03-31",
        "reason": "The client is selling the shop",
        "notice_days": 30,
    }


def test_termination_defaults_to_today_without_notice(world):
    engagement = create(world)
    engagement_terminate(
        actor=world.actor("owner"), engagement_id=engagement.pk, terminated_by="mutual", reason="x"
    )
    engagement = reload(engagement)
    assert (engagement.terminated_on, engagement.notice_days) == (TODAY, None)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"terminated_by": "the weather"},
        {"terminated_by": ""},
        {"reason": ""},
        {"reason": "   "},
        {"notice_days": -1},
        {"notice_days": 366},
        {"notice_days": "a month"},
        {"terminated_on": "31/03/2026"},
    ],
)
def test_bad_termination_input_writes_nothing(world, kwargs):
    engagement = engagement_in(world, S.ACTIVE)
    values = {"terminated_by": "us", "reason": "Unpaid invoices"}
    values.update(kwargs)
    before, stored = counts(), row(engagement)
    with pytest.raises(InvalidInput):
        engagement_terminate(actor=world.actor("owner"), engagement_id=engagement.pk, **values)
    assert counts() == before and row(engagement) == stored
