"""Recording payments: they add up until the invoice is paid, and bad payments are refused."""

from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pacte.billing.models import Payment
from pacte.billing.services import payment_record
from pacte.billing.tests.helpers import TODAY, counts, days, engagement, eur, invoice, pay, stored
from pacte.engagements.models import Engagement
from pacte.kernel.errors import Conflict, InvalidInput, PermissionDenied
from pacte.kernel.models import LedgerEntry
from pacte.kernel.money import CurrencyMismatch

pytestmark = pytest.mark.django_db


def test_partial_payments_add_up_until_the_invoice_is_paid(world):
    bill = invoice(world, engagement(world), amount="1000.00")
    pay(world, bill, "300.00", on=-10, reference=" VIR 123 ")
    bill = stored(bill)
    assert bill.paid_money == eur("300.00") and bill.balance_money == eur("700.00")
    assert bill.paid_in_full_on is None and not bill.is_paid
    entry = LedgerEntry.objects.in_workspace(world.workspace).last()
    assert entry.action == "payment.recorded"
    assert (entry.payload["amount"], entry.payload["balance"]) == ("300.00 EUR", "700.00 EUR")

    pay(world, bill, "699.99", on=-6)
    assert stored(bill).paid_in_full_on is None
    pay(world, bill, "0.01", on=-2)
    bill = stored(bill)
    assert bill.is_paid and bill.balance_money == eur("0.00")
    assert bill.paid_in_full_on == days(-2)  # the day of the payment that completed it
    payments = Payment.objects.in_workspace(world.workspace).filter(invoice=bill)
    assert [p.amount for p in payments] == [Decimal("300.00"), Decimal("699.99"), Decimal("0.01")]
    assert payments.first().reference == "VIR 123"


def test_a_single_payment_settles_an_invoice_the_day_it_is_paid(world):
    bill = invoice(world, engagement(world), amount="250")
    pay(world, bill, "250", on=0)
    assert stored(bill).paid_in_full_on == TODAY


def test_a_payment_recorded_late_but_dated_earlier_settles_on_the_last_payment_date(world):
    bill = invoice(world, engagement(world), amount="1000")
    pay(world, bill, "400", on=-3)
    pay(world, bill, "600", on=-8)  # entered after, received before
    assert stored(bill).paid_in_full_on == days(-3)


def refused_payment(world, bill, error, **kwargs):
    values = {"amount": "100", "on": -1}
    values.update(kwargs)
    before, paid = counts(), stored(bill).paid_amount
    with pytest.raises(error) as refused:
        pay(world, bill, values.pop("amount"), values.pop("on"), **values)
    assert counts() == before
    assert stored(bill).paid_amount == paid
    return refused.value


def test_an_overpayment_is_refused(world):
    bill = invoice(world, engagement(world), amount="1000")
    pay(world, bill, "900")
    assert refused_payment(world, bill, Conflict, amount="100.01").code == "overpayment"
    pay(world, bill, "100")
    assert refused_payment(world, bill, Conflict, amount="0.01").code == "overpayment"


def test_a_payment_in_the_future_is_refused(world):
    bill = invoice(world, engagement(world))
    refused_payment(world, bill, InvalidInput, on=1)


def test_a_payment_in_another_currency_is_refused(world):
    bill = invoice(world, engagement(world, currency="EUR"))
    error = refused_payment(world, bill, CurrencyMismatch, currency="CAD")
    assert error.code == "currency_mismatch"
    pay(world, bill, "100", currency="EUR")  # naming the right currency is fine
    assert stored(bill).paid_amount == Decimal("100.00")


@pytest.mark.parametrize("amount", ["0", "-5", "1.005", "cent", None])
def test_a_bad_payment_amount_is_refused(world, amount):
    bill = invoice(world, engagement(world))
    refused_payment(world, bill, InvalidInput, amount=amount)


@pytest.mark.parametrize("paid_on", [None, "", "hier", "2026-02-30"])
def test_a_payment_needs_a_date(world, paid_on):
    bill = invoice(world, engagement(world))
    before = counts()
    with pytest.raises(InvalidInput):
        payment_record(actor=world.actor("owner"), invoice_id=bill.pk, amount="1", paid_on=paid_on)
    assert counts() == before


@pytest.mark.parametrize("kind", ["consultant", "viewer", "portal"])
def test_only_owners_and_managers_record_payments(world, kind):
    bill = invoice(world, engagement(world))
    with pytest.raises(PermissionDenied):
        payment_record(actor=world.actor(kind), invoice_id=bill.pk, amount="1", paid_on=TODAY)
    assert stored(bill).paid_amount == 0


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_any_partial_payments_sum_to_what_was_paid(world, data):
    amount_cents = data.draw(st.integers(min_value=1, max_value=10**9), label="invoice cents")
    parts = data.draw(
        st.lists(st.integers(min_value=1, max_value=amount_cents), max_size=8), label="payments"
    )
    accepted, total = [], 0
    for cents in parts:  # keep the payments that still fit in the invoice
        if total + cents <= amount_cents:
            accepted.append(cents)
            total += cents
    amount = Decimal(amount_cents) / 100
    e = Engagement.objects.in_workspace(world.workspace).filter(title="Propriété").first()
    e = e or engagement(world, title="Propriété")
    bill = invoice(world, e, amount=str(amount))
    for i, cents in enumerate(accepted):
        pay(world, bill, str(Decimal(cents) / 100), on=-len(accepted) + i)
    bill = stored(bill)
    paid = Decimal(total) / 100
    assert bill.paid_amount == paid
    assert bill.balance_money == eur(amount - paid)
    assert bill.is_paid == (total == amount_cents)
    assert (bill.paid_in_full_on is not None) == (total == amount_cents)
    with pytest.raises(Conflict):  # one cent more than the balance never fits
        pay(world, bill, str(amount - paid + Decimal("0.01")))
