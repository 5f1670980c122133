"""Invoices and payments: what is due, what was paid, in which currency, and how punctual
each client is. A refused invoice or payment writes nothing."""

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pacte.billing.models import Invoice, Payment
from pacte.billing.selectors import client_punctuality, punctuality_from
from pacte.billing.services import invoice_create, payment_record
from pacte.engagements.models import Engagement
from pacte.engagements.services import engagement_activate, engagement_create
from pacte.kernel.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from pacte.kernel.models import LedgerEntry
from pacte.kernel.money import CurrencyMismatch, Money, money_sum

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def days(n: int) -> dt.date:
    return TODAY + dt.timedelta(days=n)


def eur(amount) -> Money:
    return Money(Decimal(amount), "EUR")


def counts():
    return tuple(
        model.objects.across_workspaces().count()
        for model in (Invoice, Payment, Engagement, LedgerEntry)
    )


def engagement(world, client=None, currency="EUR", title="Refonte du site"):
    return engagement_create(
        actor=world.actor("owner"),
        client_id=(client or world.client).pk,
        title=title,
        value="10000",
        currency=currency,
    )


def invoice(world, on, *, kind="progress", amount="1000.00", issued=-30, due=-1, **kwargs):
    return invoice_create(
        actor=world.actor("manager"),
        engagement_id=on.pk,
        kind=kind,
        amount=amount,
        issued_on=days(issued),
        due_on=days(due),
        **kwargs,
    )


def pay(world, bill, amount, on=-1, **kwargs):
    return payment_record(
        actor=world.actor("manager"), invoice_id=bill.pk, amount=amount, paid_on=days(on), **kwargs
    )


def stored(bill):
    return Invoice.objects.in_workspace(bill.workspace_id).get(pk=bill.pk)


def status_of(e):
    return Engagement.objects.in_workspace(e.workspace_id).get(pk=e.pk).status


# --- Invoices -------------------------------------------------------------------------------


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


# --- Payments -------------------------------------------------------------------------------


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


# --- Money ----------------------------------------------------------------------------------


def test_money_never_adds_two_currencies():
    with pytest.raises(CurrencyMismatch) as refused:
        _ = eur("10") + Money(Decimal("10"), "CAD")
    assert refused.value.code == "currency_mismatch"
    with pytest.raises(CurrencyMismatch):
        _ = eur("10") - Money(Decimal("1"), "CAD")
    with pytest.raises(CurrencyMismatch):
        _ = eur("10") < Money(Decimal("11"), "CAD")
    with pytest.raises(CurrencyMismatch):
        money_sum([eur("1"), Money(Decimal("1"), "CAD")], "EUR")
    assert money_sum([eur("1.10"), eur("2.20")], "EUR") == eur("3.30")
    assert eur("10000").percent(Decimal("33.33")) == eur("3333.00")


# --- Punctuality ----------------------------------------------------------------------------


def bill_(due, paid=None):
    return SimpleNamespace(due_on=days(due), paid_in_full_on=None if paid is None else days(paid))


def test_punctuality_counts_paid_and_due_invoices_only():
    p = punctuality_from(
        [
            bill_(due=-20, paid=-25),  # paid 5 days early: on time
            bill_(due=-30, paid=-30),  # paid on the day: on time
            bill_(due=-40, paid=-30),  # 10 days late
            bill_(due=-6),  # unpaid, due 6 days ago: late up to today
            bill_(due=10),  # not due yet: ignored
            bill_(due=0),  # due today: not late yet, ignored
        ],
        today=TODAY,
    )
    assert p.counted == 4 and p.on_time == 2
    assert p.on_time_share == 0.5
    # On average an invoice is paid (10 + 6) / 4 = 4 days late; on-time ones count as 0.
    assert p.average_days_late == 4


def test_an_invoice_paid_before_it_is_due_counts_as_on_time():
    p = punctuality_from([bill_(due=15, paid=-1)], today=TODAY)
    assert (p.counted, p.on_time, p.on_time_share, p.average_days_late) == (1, 1, 1.0, 0)


def test_without_any_due_invoice_punctuality_says_nothing():
    p = punctuality_from([bill_(due=3)], today=TODAY)
    assert (p.counted, p.on_time_share, p.average_days_late) == (0, None, None)


def test_an_unpaid_invoice_grows_later_every_day():
    invoices = [bill_(due=-1)]
    assert punctuality_from(invoices, today=TODAY).average_days_late == 1
    assert punctuality_from(invoices, today=days(9)).average_days_late == 10


def test_a_client_punctuality_comes_from_its_own_invoices(world):
    mine = engagement(world)
    on_time = invoice(world, mine, issued=-30, due=-20)
    pay(world, on_time, "1000", on=-21)
    late = invoice(world, mine, issued=-40, due=-12)
    pay(world, late, "400", on=-10)  # partial: still late
    pay(world, late, "600", on=-2)  # 10 days late in all
    overdue = invoice(world, mine, issued=-20, due=-5)
    pay(world, overdue, "999.99", on=-3)  # one cent short: late up to today
    invoice(world, mine, issued=-1, due=30)  # not due yet
    theirs = engagement(world, client=world.other_client)
    invoice(world, theirs, issued=-90, due=-60)  # another client's, very late

    p = client_punctuality(actor=world.actor("viewer"), client=world.client)
    assert (p.counted, p.on_time) == (3, 1)
    assert p.average_days_late == pytest.approx((10 + 5) / 3)
    other = client_punctuality(actor=world.actor("owner"), client=world.other_client)
    assert (other.counted, other.on_time, other.average_days_late) == (1, 0, 60)
