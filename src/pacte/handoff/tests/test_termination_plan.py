"""Terminating an engagement builds its handoff plan on the termination date, if it ever
started."""

import datetime as dt

import pytest

from pacte.billing.services import invoice_create
from pacte.engagements.services import engagement_create
from pacte.handoff.models import HandoffPlan
from pacte.handoff.selectors import handoff_for
from pacte.handoff.services import engagement_start_closing, engagement_terminate
from pacte.handoff.tests.helpers import (
    FRIDAY,
    NEXT_FRIDAY,
    TODAY,
    active_engagement,
    entries,
    plan_of,
    reload,
    steps_of,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_in_english")]


def test_terminating_an_active_engagement_builds_the_plan_on_the_termination_date(world, registry):
    engagement = active_engagement(world, started=dt.date(2026, 9, 1))
    engagement_terminate(
        actor=world.actor("manager"),
        engagement_id=engagement.pk,
        terminated_by="client",
        reason="Le client reprend en interne",
        terminated_on=FRIDAY,
    )
    assert reload(engagement).status == "terminated"
    plan = plan_of(world, engagement)
    assert (plan.requested_on, plan.call_due_on) == (FRIDAY, NEXT_FRIDAY)
    assert len(steps_of(world, engagement)) == 9
    assert len(entries(world, "handoff.planned")) == 1


def test_terminating_a_closing_engagement_keeps_its_plan(world, registry):
    engagement = active_engagement(world)
    engagement_start_closing(actor=world.actor("owner"), engagement_id=engagement.pk)
    plan = plan_of(world, engagement)
    engagement_terminate(
        actor=world.actor("owner"),
        engagement_id=engagement.pk,
        terminated_by="us",
        reason="Impayés",
        terminated_on=FRIDAY,
    )
    assert plan_of(world, engagement).pk == plan.pk
    assert plan_of(world, engagement).requested_on == TODAY


@pytest.mark.parametrize("deposit_invoiced", [False, True])
def test_terminating_an_engagement_that_never_started_builds_no_plan(
    world, registry, deposit_invoiced
):
    owner = world.actor("owner")
    engagement = engagement_create(
        actor=owner, client_id=world.client.pk, title="Devis", value="1000.00"
    )
    if deposit_invoiced:
        invoice_create(
            actor=owner, engagement_id=engagement.pk, kind="deposit", amount="300", due_on=TODAY
        )
        assert reload(engagement).status == "awaiting_deposit"
    engagement_terminate(
        actor=owner, engagement_id=engagement.pk, terminated_by="client", reason="Refus du devis"
    )
    assert reload(engagement).status == "terminated"
    assert not HandoffPlan.objects.in_workspace(world.workspace).exists()
    assert entries(world, "handoff.planned") == []
    assert handoff_for(actor=owner, engagement=engagement).plan is None
