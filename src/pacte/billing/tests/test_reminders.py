"""Billing's reminder kind: an unpaid invoice past its due date is due once, named with its
number, its client and its due date; the scan costs the same for one invoice or many."""

import pytest

from pacte.billing.services import invoice_create
from pacte.billing.tests.helpers import days, engagement, invoice, pay
from pacte.engagements.services import engagement_create
from pacte.kernel.tenancy import Actor
from pacte.reminders.kinds import Delivery, reminder_kind
from pacte.reminders.tests.kind_helpers import find, message, queries

pytestmark = pytest.mark.django_db

KEY = "billing.invoice_overdue"


def test_the_kind_is_registered_for_a_daily_digest():
    kind = reminder_kind(KEY)
    assert kind.default == Delivery.DAILY and kind.audience == "members"


def test_an_unpaid_invoice_past_its_due_date_is_due_once(world):
    e = engagement(world)
    bill = invoice(world, e, amount="1200.00", number="F-2026-014", due=-3)
    pay(world, bill, "200.00")
    [due] = find(world, KEY, days(0))
    assert (due.object_type, due.object_id) == ("billing.invoice", bill.pk)
    assert (due.due_on, due.stage, due.client_id) == (days(-3), "", world.client.pk)
    assert due.params["balance"] == "1000.00" and due.params["currency"] == "EUR"
    assert due.params["engagement_id"] == e.pk


def test_a_paid_invoice_one_not_due_yet_or_of_another_workspace_is_not_due(world):
    e = engagement(world)
    pay(world, invoice(world, e, amount="500.00", due=-5), "500.00")
    invoice(world, e, due=0)  # due today: overdue tomorrow
    invoice(world, e, due=10)
    assert find(world, KEY, days(0)) == []
    assert len(find(world, KEY, days(1))) == 1
    # Another workspace's overdue invoice is its own, never ours.
    system = Actor.system(world.other_workspace)
    theirs = engagement_create(
        actor=system, client_id=world.foreign_client.pk, title="Cave", value="900"
    )
    foreign = invoice_create(
        actor=system,
        engagement_id=theirs.pk,
        kind="progress",
        amount="90",
        due_on=days(-5),
        issued_on=days(-9),
    )
    assert [d.object_id for d in find(world, KEY, days(0), workspace=world.other_workspace)] == [
        foreign.pk
    ]
    assert find(world, KEY, days(0)) == []


def test_the_message_names_the_invoice_and_its_due_date_in_both_languages(world):
    e = engagement(world, title="Refonte du site")
    bill = invoice(world, e, amount="1200.00", number="F-2026-014", due=-3)
    [due] = find(world, KEY, days(0))
    english = message(KEY, due, "en")
    assert "F-2026-014" in english.subject and "Boulangerie Alpha" in english.subject
    assert due.due_on.strftime("%b %-d, %Y") in english.subject
    assert "1,200.00\u00a0EUR" in english.lines[0] and "Refonte du site" in english.lines[0]
    assert english.path == f"/engagements/{e.pk}/"
    french = message(KEY, due, "fr")
    assert "F-2026-014" in french.subject and "1\u00a0200,00\u00a0EUR" in french.lines[0]
    assert f"{bill.due_on.day} " in french.subject and str(bill.due_on.year) in french.subject


def test_an_invoice_without_a_number_is_named_by_its_kind_and_issue_date(world):
    invoice(world, engagement(world), kind="deposit", issued=-30, due=-1)
    [due] = find(world, KEY, days(0))
    english = message(KEY, due, "en")
    assert english.subject.startswith("Invoice Deposit of ")
    assert days(-30).strftime("%b %-d, %Y") in english.subject


def test_the_scan_costs_the_same_for_one_invoice_or_many(world):
    e = engagement(world)
    invoice(world, e, due=-2)
    one = queries(world, KEY, days(0))
    other = engagement(world, client=world.other_client, title="Maintenance")
    for n in range(5):
        invoice(world, other, due=-10 - n)
    assert len(find(world, KEY, days(0))) == 6
    assert queries(world, KEY, days(0)) == one
