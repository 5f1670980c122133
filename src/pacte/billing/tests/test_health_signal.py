"""Billing's signals for the health score: the deposit paid upfront (R-INVEST) and the
payment lateness (§1, payments)."""

import pytest
from django.utils import translation

from pacte.billing.tests.helpers import TODAY, days, engagement, invoice, pay
from pacte.engagements.models import Engagement
from pacte.engagements.services import engagement_activate, engagement_override_deposit
from pacte.engagements.tests.signal_helpers import (
    assert_registered,
    clients,
    engagements,
    measure,
    queries_to_measure,
)
from pacte.kernel.signals import CLIENT, ENGAGEMENT
from pacte.workspace.services import workspace_update_policy

pytestmark = pytest.mark.django_db

DEPOSIT = "deposit_ratio"
LATENESS = "payment_lateness"


@pytest.fixture(autouse=True)
def _in_english():
    with translation.override("en"):
        yield


def one(world, key, level, subject, **kwargs):
    subjects = (engagements if level == ENGAGEMENT else clients)(world.workspace, subject.pk)
    return measure(key, world.workspace, level, subjects, **kwargs).get(subject.pk)


def deposit_paid(world, on, amount):
    bill = invoice(world, on, kind="deposit", amount=amount, issued=-10, due=-5)
    pay(world, bill, amount, on=-6)
    return bill


# R-INVEST: the deposit ratio.


def test_deposit_ratio_is_registered_under_r_invest():
    assert_registered(DEPOSIT, "R-INVEST", 15)


def test_deposit_ratio_is_healthy_from_the_workspace_default(world):
    mission = engagement(world)  # 10,000; the workspace asks 30 % by default
    assert one(world, DEPOSIT, ENGAGEMENT, mission).score == 0  # nothing paid yet
    deposit_paid(world, mission, "1500")
    reading = one(world, DEPOSIT, ENGAGEMENT, mission)
    assert (reading.value, reading.score) == (15.0, 50)
    assert reading.shown == "15 % of the value paid upfront; the policy asks 30 %"
    assert reading.evidence == f"/engagements/{mission.pk}/#deposit"
    deposit_paid(world, mission, "1500")  # 30 %: healthy
    assert one(world, DEPOSIT, ENGAGEMENT, mission).score == 100
    deposit_paid(world, mission, "2000")  # more than asked: still 100
    assert one(world, DEPOSIT, ENGAGEMENT, mission).score == 100


def test_a_lower_policy_makes_the_same_deposit_healthier(world):
    mission = engagement(world)
    deposit_paid(world, mission, "1000")  # 10 %
    assert one(world, DEPOSIT, ENGAGEMENT, mission).score == 33
    workspace_update_policy(actor=world.actor("owner"), default_deposit_percent=20, silence_days=10)
    world.workspace.refresh_from_db()
    assert one(world, DEPOSIT, ENGAGEMENT, mission).score == 50


def test_only_deposit_invoices_count(world):
    mission = engagement(world)
    progress = invoice(world, mission, kind="progress", amount="3000")
    pay(world, progress, "3000")
    assert one(world, DEPOSIT, ENGAGEMENT, mission).value == 0


def test_a_client_reads_its_running_engagements_weighted_by_value(world):
    owner = world.actor("owner")
    paid_in_full = engagement(world)  # 10,000
    deposit_paid(world, paid_in_full, "3000")
    engagement_activate(actor=owner, engagement_id=paid_in_full.pk)
    started_anyway = engagement(world, title="Audit")  # started without a deposit
    engagement_override_deposit(actor=owner, engagement_id=started_anyway.pk, reason="Urgence")
    Engagement.objects.in_workspace(world.workspace).filter(pk=started_anyway.pk).update(
        value=20000
    )
    engagement(world, title="Brouillon")  # a draft: not running, left out
    reading = one(world, DEPOSIT, CLIENT, world.client)
    # 3,000 paid over 30,000 running: 10 % (the mean of 30 % and 0 % would be 15 %).
    assert (reading.value, reading.score) == (10.0, 33)
    assert reading.evidence == f"/clients/{world.client.pk}/#engagements"


def test_no_deposit_reading_without_value_or_running_engagement(world):
    mission = engagement(world)
    Engagement.objects.in_workspace(world.workspace).filter(pk=mission.pk).update(value=0)
    assert one(world, DEPOSIT, ENGAGEMENT, mission) is None
    assert one(world, DEPOSIT, CLIENT, world.client) is None  # only a draft


# §1 payments: lateness.


def test_payment_lateness_is_registered():
    assert_registered(LATENESS, "§1 payments", 15)


def test_lateness_is_the_average_days_late_weighted_by_amount(world):
    mission = engagement(world)
    on_time = invoice(world, mission, amount="1000", issued=-40, due=-30)
    pay(world, on_time, "1000", on=-31)  # early: 0 days late
    late = invoice(world, mission, amount="3000", issued=-60, due=-50)
    pay(world, late, "3000", on=-10)  # 40 days late
    invoice(world, mission, amount="5000", issued=-1, due=20)  # not due yet: says nothing
    reading = one(world, LATENESS, ENGAGEMENT, mission, today=TODAY)
    # (1,000 × 0 + 3,000 × 40) / 4,000 = 30 days: 100 at 0, 0 at 60: 50.
    assert (reading.value, reading.score) == (30.0, 50)
    assert reading.shown == "30 days late on average, weighted by amount, over 2 invoices"
    assert reading.evidence == f"/engagements/{mission.pk}/#invoices"


def test_an_unpaid_invoice_grows_later_every_day_until_alarming(world):
    mission = engagement(world)
    invoice(world, mission, amount="1000", issued=-20, due=-15)
    reading = one(world, LATENESS, ENGAGEMENT, mission, today=TODAY)
    assert (reading.value, reading.score) == (15.0, 75)
    assert reading.shown.endswith(" · 1 invoice overdue and unpaid")
    assert one(world, LATENESS, ENGAGEMENT, mission, today=days(45)).score == 0


def test_invoices_paid_on_time_read_healthy(world):
    mission = engagement(world)
    for due in (-30, -20):
        pay(world, invoice(world, mission, issued=due - 10, due=due), "1000", on=due)
    reading = one(world, LATENESS, ENGAGEMENT, mission, today=TODAY)
    assert (reading.value, reading.score) == (0.0, 100)
    assert reading.shown == "2 invoices, all paid on time"


def test_lateness_reads_the_last_12_months_of_payments(world):
    mission = engagement(world)
    old = invoice(world, mission, amount="1000", issued=-500, due=-490)
    pay(world, old, "1000", on=-400)  # 90 days late, but paid more than a year ago
    assert one(world, LATENESS, ENGAGEMENT, mission, today=TODAY) is None
    assert one(world, LATENESS, ENGAGEMENT, mission, today=days(-100)).value == 90.0


def test_a_client_reads_every_engagement_and_only_its_own(world):
    running = engagement(world)
    pay(world, invoice(world, running, amount="1000", issued=-30, due=-20), "1000", on=-10)
    draft = engagement(world, title="Ancienne mission")  # any status counts for payments
    pay(world, invoice(world, draft, amount="1000", issued=-30, due=-20), "1000", on=-20)
    theirs = engagement(world, client=world.other_client)
    invoice(world, theirs, amount="1000", issued=-90, due=-60)  # very late, not ours
    reading = one(world, LATENESS, CLIENT, world.client, today=TODAY)
    assert (reading.value, reading.score) == (5.0, 92)
    assert reading.evidence == f"/clients/{world.client.pk}/#punctuality"
    assert one(world, LATENESS, CLIENT, world.other_client, today=TODAY).value == 60.0


def test_no_lateness_reading_without_an_invoice_paid_or_due(world):
    mission = engagement(world)
    assert one(world, LATENESS, ENGAGEMENT, mission) is None
    invoice(world, mission, issued=-1, due=30)
    assert one(world, LATENESS, ENGAGEMENT, mission) is None
    assert one(world, LATENESS, CLIENT, world.client) is None


@pytest.mark.parametrize("key", [DEPOSIT, LATENESS])
def test_measuring_many_subjects_costs_the_same_queries_as_two(world, key):
    made = [engagement(world, title=f"Mission {n}") for n in range(20)]
    for mission in made[:4]:
        deposit_paid(world, mission, "500")
        invoice(world, mission, issued=-30, due=-10)
    ids = [m.pk for m in made]
    few = queries_to_measure(
        key, world.workspace, ENGAGEMENT, engagements(world.workspace, *ids[:2])
    )
    many = queries_to_measure(key, world.workspace, ENGAGEMENT, engagements(world.workspace, *ids))
    assert few == many == 1
    both = clients(world.workspace, world.client.pk, world.other_client.pk)
    assert queries_to_measure(key, world.workspace, CLIENT, both) == 1
