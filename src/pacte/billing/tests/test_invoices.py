"""Issuing an invoice: its currency, dates, the deposit it asks, bad input refused, and who may
invoice."""

from decimal import Decimal

import pytest

from pacte.billing.services import invoice_create, payment_record
from pacte.billing.tests.helpers import TODAY, counts, days, engagement, invoice, pay, stored
from pacte.engagements.models import Engagement
from pacte.engagements.services import engagement_activate
from pacte.kernel.errors import InvalidInput, NotFound, PermissionDenied
from pacte.kernel.models import LedgerEntry
from pacte.kernel.money import CurrencyMismatch

pytestmark = pytest.mark.django_db


def status_of(e):
    return Engagement.objects.in_workspace(e.workspace_id).get(pk=e.pk).status


def test_an_invoice_takes_the_engagement_currency_and_is_journaled(world):
    e = engagement(world, currency="CAD")
    bill = invoice(world, e, amount="1250.5", number="  F-2026-001 ", currency="CAD")
    assert (bill.amount, bill.currency, bill.number) == (Decimal("1250.50"), "CAD", "F-2026-001")
    assert bill.paid_amount == 0 and bill.paid_in_full_on is None and not bill.is_paid
    entry = LedgerEntry.objects.in_workspace(world.workspace).last()
    assert entry.action == "invoice.created"
    assert entry.payload["amount"] == "1250.50 CAD" and entry.payload["kind"] == "progress"
    assert entry.actor == "manager@nord.test (manager)"


def test_an_invoice_issued_without_a_date_is_issued_today(world):
    bill = invoice_create(
        actor=world.actor("owner"),
        engagement_id=engagement(world).pk,
        kind="progress",
        amount="10",
        due_on=days(30),
    )
    assert bill.issued_on == TODAY


def test_a_deposit_invoice_means_the_deposit_is_now_awaited(world):
    e = engagement(world)
    invoice(world, e, kind="deposit", amount="3000")
    assert status_of(e) == "awaiting_deposit"
    last_two = list(LedgerEntry.objects.in_workspace(world.workspace).order_by("-seq")[:2])
    assert [x.action for x in last_two] == ["engagement.status_changed", "invoice.created"]
    assert (last_two[0].payload["from"], last_two[0].payload["to"]) == (
        "draft",
        "awaiting_deposit",
    )
    # A second deposit invoice leaves it awaiting.
    invoice(world, e, kind="deposit", amount="100")
    assert status_of(e) == "awaiting_deposit"


@pytest.mark.parametrize("kind", ["progress", "change_request", "final_balance"])
def test_other_invoices_leave_a_draft_as_it_is(world, kind):
    e = engagement(world)
    invoice(world, e, kind=kind)
    assert status_of(e) == "draft"


def test_a_deposit_invoice_on_an_active_engagement_leaves_it_active(world):
    e = engagement(world)
    pay(world, invoice(world, e, kind="deposit", amount="3000"), "3000")
    engagement_activate(actor=world.actor("owner"), engagement_id=e.pk)
    invoice(world, e, kind="deposit", amount="500")
    assert status_of(e) == "active"


@pytest.mark.parametrize(
    "kwargs",
    [
        {"issued": 0, "due": -1},  # due before it is issued
        {"kind": "gift"},
        {"kind": ""},
        {"amount": "0"},
        {"amount": "0.00"},
        {"amount": "-100"},
        {"amount": "10.001"},
        {"amount": "mille"},
        {"amount": None},
        {"amount": "1000000000000"},
    ],
)
def test_bad_invoices_write_nothing(world, kwargs):
    e = engagement(world)
    before = counts()
    with pytest.raises(InvalidInput):
        invoice(world, e, **kwargs)
    assert counts() == before
    assert status_of(e) == "draft"


@pytest.mark.parametrize("due_on", [None, "", "le 15", "2026-13-01"])
def test_an_invoice_needs_a_due_date(world, due_on):
    e = engagement(world)
    before = counts()
    with pytest.raises(InvalidInput):
        invoice_create(
            actor=world.actor("owner"),
            engagement_id=e.pk,
            kind="deposit",
            amount="1",
            due_on=due_on,
        )
    assert counts() == before


def test_an_invoice_in_another_currency_than_its_engagement_is_refused(world):
    e = engagement(world, currency="EUR")
    before = counts()
    with pytest.raises(CurrencyMismatch) as refused:
        invoice(world, e, kind="deposit", currency="CAD")
    assert refused.value.code == "currency_mismatch"
    assert counts() == before
    assert status_of(e) == "draft"


def test_an_invoice_due_the_day_it_is_issued_is_fine(world):
    bill = invoice(world, engagement(world), issued=-3, due=-3)
    assert bill.issued_on == bill.due_on


@pytest.mark.parametrize("kind", ["consultant", "viewer", "portal"])
def test_only_owners_and_managers_invoice(world, kind):
    e = engagement(world)
    before = counts()
    with pytest.raises(PermissionDenied):
        invoice_create(
            actor=world.actor(kind), engagement_id=e.pk, kind="progress", amount="1", due_on=TODAY
        )
    assert counts() == before


def test_an_engagement_of_another_workspace_is_not_found(world):
    e = engagement(world)
    with pytest.raises(NotFound):
        invoice_create(
            actor=world.actor("other_workspace"),
            engagement_id=e.pk,
            kind="progress",
            amount="1",
            due_on=TODAY,
        )
    bill = invoice(world, e)
    with pytest.raises(NotFound):
        payment_record(
            actor=world.actor("other_workspace"), invoice_id=bill.pk, amount="1", paid_on=TODAY
        )
    assert stored(bill).paid_amount == 0
