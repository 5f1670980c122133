"""The final settlement (solde de tout compte, DOMAIN §3) against hand-computed cases in EUR and
CAD, its final-balance invoice, its write-off and refund, and the figures journaled on
termination and on closing.

The formula (billing.settlement): balance = invoiced − paid + time not invoiced + changes
accepted and not billed − written off + refunded.
"""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pacte.billing.models import AdjustmentKind, Invoice, InvoiceKind, SettlementAdjustment
from pacte.billing.services import (
    settlement_issue_final_invoice,
    settlement_record_refund,
    settlement_write_off,
)
from pacte.billing.settlement import engagement_settlement
from pacte.billing.tests.helpers import days, invoice, pay
from pacte.engagements.models import ChangeRequestStatus, Engagement
from pacte.engagements.services import (
    change_request_create,
    change_request_move,
    engagement_activate,
    engagement_create,
    time_entry_log,
)
from pacte.handoff.services import engagement_close, engagement_start_closing, engagement_terminate
from pacte.kernel.errors import Conflict, InvalidInput, PermissionDenied
from pacte.kernel.models import LedgerEntry
from pacte.kernel.money import Money

pytestmark = pytest.mark.django_db


def owner(world):
    return world.actor("owner")


def started(world, *, value="10000.00", currency="EUR", kind="fixed_price", rate=None, deposit):
    """An active engagement whose deposit invoice of `deposit` is issued and paid."""
    e = engagement_create(
        actor=owner(world),
        client_id=world.client.pk,
        title="Refonte",
        value=value,
        currency=currency,
        kind=kind,
        deposit_amount=deposit,
        hourly_rate=rate,
    )
    bill = invoice(world, e, kind="deposit", amount=deposit, issued=-60, due=-50)
    pay(world, bill, deposit, on=-50)
    engagement_activate(actor=owner(world), engagement_id=e.pk, activated_on=days(-50))
    return Engagement.objects.across_workspaces().get(pk=e.pk)


def log(world, e, minutes, on=-10):
    time_entry_log(
        actor=owner(world), engagement_id=e.pk, worked_on=days(on), minutes=minutes, description="x"
    )


def change(world, e, to, *, amount=None, hours=None, invoice_id=None):
    c = change_request_create(actor=owner(world), engagement_id=e.pk, title=f"Demande {to}")
    change_request_move(
        actor=owner(world),
        change_request_id=c.pk,
        to="estimated",
        estimate_amount=amount,
        estimate_hours=hours,
    )
    if to in ("accepted", "billed"):
        change_request_move(actor=owner(world), change_request_id=c.pk, to="accepted")
    if to == "billed":
        change_request_move(
            actor=owner(world), change_request_id=c.pk, to="billed", invoice_id=invoice_id
        )
    if to == "absorbed":
        change_request_move(actor=owner(world), change_request_id=c.pk, to="absorbed")
    return c


def terminate(world, e):
    return engagement_terminate(
        actor=owner(world), engagement_id=e.pk, terminated_by="client", reason="Fin."
    )


def settle(world, e, kind="owner"):
    return engagement_settlement(
        actor=world.actor(kind), engagement=Engagement.objects.across_workspaces().get(pk=e.pk)
    )


def eur(amount):
    return Money(Decimal(amount), "EUR")


def cad(amount):
    return Money(Decimal(amount), "CAD")


def test_fixed_price_in_eur_with_a_partial_payment_and_changes(world):
    e = started(world, value="10000.00", deposit="3000.00")
    progress = invoice(world, e, amount="4000.00")
    pay(world, progress, "2500.00")
    change(world, e, "accepted", amount="800.00")
    change(world, e, "accepted", amount="450.50")
    change(world, e, "absorbed", amount="600.00")
    change(world, e, "estimated", amount="999.00")  # estimated only: not counted
    log(world, e, 90)  # fixed price: the price covers the time, shown in hours only
    s = settle(world, e)
    # invoiced 3000 + 4000 = 7000; paid 3000 + 2500 = 5500; outstanding 1500
    assert (s.invoiced, s.paid, s.deposit_held) == (eur("7000"), eur("5500"), eur("3000"))
    assert s.outstanding == eur("1500.00")
    # accepted not billed: 800 + 450.50 = 1250.50 (2); absorbed 600 (1), not due
    assert (s.unbilled_changes_count, s.unbilled_changes) == (2, eur("1250.50"))
    assert (s.absorbed_count, s.absorbed) == (1, eur("600.00"))
    assert not s.time_valued and s.unbilled_time == eur("0") and s.unbilled_hours is None
    assert s.hours_logged == Decimal("1.50")
    # balance = 1500 + 0 + 1250.50 − 0 + 0 = 2750.50
    assert s.balance == eur("2750.50") and s.client_owes
    assert s.to_invoice == eur("1250.50")


def test_time_and_materials_in_cad_with_time_not_invoiced(world):
    e = started(
        world,
        value="20000.00",
        currency="CAD",
        kind="time_and_materials",
        rate="95.00",
        deposit="2000.00",
    )
    log(world, e, 600, on=-30)  # 10 h
    log(world, e, 1330, on=-20)  # 22 h 10 min
    bill = invoice(world, e, amount="1800.00")  # progress, for time
    pay(world, bill, "1800.00")
    cr_bill = invoice(world, e, kind="change_request", amount="500.00")
    change(world, e, "billed", amount="500.00", invoice_id=cr_bill.pk)
    change(world, e, "accepted", hours="3")  # no amount: 3 h × 95 = 285.00
    s = settle(world, e)
    # hours: 1930 min = 32.1666… h → 32.17 shown; value 1930 × 95 / 60 = 3055.833… → 3055.83
    assert s.hours_logged == Decimal("32.17") and s.time_value == cad("3055.83")
    # invoiced for time: 2000 + 1800 (the change-request invoice is not time) = 3800
    assert s.time_invoiced == cad("3800.00")
    # time not invoiced: 3055.83 − 3800 = −744.17 (invoiced ahead of the work)
    assert s.unbilled_time == cad("-744.17") and s.unbilled_hours == Decimal("0.00")
    assert s.unbilled_changes == cad("285.00")
    # invoiced 2000 + 1800 + 500 = 4300, paid 3800, outstanding 500
    # balance = 500 − 744.17 + 285 = 40.83
    assert s.balance == cad("40.83") and s.currency == "CAD"
    assert s.to_invoice == cad("0.00")  # not invoiced: −744.17 + 285 < 0: nothing to invoice


def test_a_deposit_larger_than_the_work_is_owed_back(world):
    e = started(world, kind="time_and_materials", rate="80.00", deposit="3000.00")
    log(world, e, 750)  # 12.5 h × 80 = 1000
    terminate(world, e)
    s = settle(world, e)
    # balance = (3000 − 3000) + (1000 − 3000) + 0 = −2000: we owe the client 2000
    assert s.unbilled_time == eur("-2000.00")
    assert s.balance == eur("-2000.00") and s.we_owe and s.we_owe_amount == eur("2000.00")
    with pytest.raises(Conflict) as refused:
        settlement_issue_final_invoice(actor=owner(world), engagement_id=e.pk)
    assert refused.value.code == "nothing_due"
    with pytest.raises(Conflict):
        settlement_write_off(actor=owner(world), engagement_id=e.pk, reason="Rien à abandonner")
    with pytest.raises(Conflict) as too_much:
        settlement_record_refund(
            actor=owner(world), engagement_id=e.pk, amount="2000.01", reason="Virement"
        )
    assert too_much.value.code == "more_than_balance"
    refund = settlement_record_refund(
        actor=owner(world), engagement_id=e.pk, reason="Virement du 12, avoir AV-01"
    )
    assert (refund.kind, refund.amount) == (AdjustmentKind.REFUND, Decimal("2000.00"))
    assert settle(world, e).balance == eur("0.00")


def test_time_not_invoiced_is_invoiced_by_the_final_balance_invoice(world):
    e = started(world, kind="time_and_materials", rate="100.00", deposit="500.00")
    log(world, e, 480)  # 8 h × 100 = 800
    accepted = change(world, e, "accepted", amount="250.00")
    change(world, e, "absorbed", amount="400.00")
    with pytest.raises(Conflict) as early:  # only once the engagement ends
        settlement_issue_final_invoice(actor=owner(world), engagement_id=e.pk)
    assert early.value.code == "not_ending"
    terminate(world, e)
    s = settle(world, e)
    # time not invoiced 800 − 500 = 300 (3 h); changes 250; balance 0 + 300 + 250 = 550
    assert (s.unbilled_time, s.unbilled_hours, s.balance) == (
        eur("300.00"),
        Decimal("3.00"),
        eur("550.00"),
    )
    final = settlement_issue_final_invoice(
        actor=world.actor("manager"), engagement_id=e.pk, issued_on=days(0)
    )
    assert (final.kind, final.amount) == (InvoiceKind.FINAL_BALANCE, Decimal("550.00"))
    assert final.due_on == days(30)
    accepted.refresh_from_db()
    assert accepted.status == ChangeRequestStatus.BILLED and accepted.invoice_id == final.pk
    s = settle(world, e)
    # now invoiced 1050, paid 500; time invoiced 500 + 550 − 250 (the change it billed) = 800
    assert s.unbilled_time == eur("0.00") and s.unbilled_changes == eur("0.00")
    assert s.balance == eur("550.00") and s.to_invoice == eur("0.00")
    with pytest.raises(Conflict) as twice:  # nothing left to invoice: the 550 is on the invoice
        settlement_issue_final_invoice(actor=owner(world), engagement_id=e.pk)
    assert twice.value.code == "nothing_due"
    pay(world, final, "550.00", on=0)
    assert settle(world, e).balance == eur("0.00")
    assert Invoice.objects.across_workspaces().filter(engagement=e).count() == 2


def test_a_write_off_brings_the_balance_to_zero_or_the_remainder(world):
    e = started(world, deposit="1000.00")
    bill = invoice(world, e, amount="2000.00")
    pay(world, bill, "1200.00")
    terminate(world, e)
    assert settle(world, e).balance == eur("800.00")  # 3000 − 2200
    with pytest.raises(InvalidInput):
        settlement_write_off(actor=owner(world), engagement_id=e.pk, reason="  ")
    with pytest.raises(Conflict):
        settlement_write_off(actor=owner(world), engagement_id=e.pk, amount="800.01", reason="x")
    settlement_write_off(
        actor=owner(world), engagement_id=e.pk, amount="300.00", reason="Geste commercial"
    )
    assert settle(world, e).balance == eur("500.00")  # 800 − 300
    entry = LedgerEntry.objects.in_workspace(world.workspace).last()
    assert entry.action == "settlement.write_off"
    assert entry.payload["reason"] == "Geste commercial"
    assert (entry.payload["balance_before"], entry.payload["balance_after"]) == (
        "800.00 EUR",
        "500.00 EUR",
    )
    settlement_write_off(actor=owner(world), engagement_id=e.pk, reason="Client en liquidation")
    s = settle(world, e)
    assert s.written_off == eur("800.00") and s.balance == eur("0.00")
    with pytest.raises(Conflict) as nothing:
        settlement_issue_final_invoice(actor=owner(world), engagement_id=e.pk)
    assert nothing.value.code == "nothing_due"


@pytest.mark.parametrize("kind", ["manager", "consultant", "viewer"])
def test_only_the_owner_writes_off(world, kind):
    e = started(world, deposit="1000.00")
    invoice(world, e, amount="500.00")
    terminate(world, e)
    before = SettlementAdjustment.objects.across_workspaces().count()
    with pytest.raises(PermissionDenied):
        settlement_write_off(actor=world.actor(kind), engagement_id=e.pk, reason="Non")
    assert SettlementAdjustment.objects.across_workspaces().count() == before


def test_a_viewer_cannot_issue_the_final_invoice(world):
    e = started(world, deposit="1000.00")
    change(world, e, "accepted", amount="100.00")
    terminate(world, e)
    with pytest.raises(PermissionDenied):
        settlement_issue_final_invoice(actor=world.actor("viewer"), engagement_id=e.pk)


def test_the_settlement_is_journaled_on_termination(world):
    e = started(world, kind="time_and_materials", rate="50.00", deposit="400.00")
    log(world, e, 600)  # 10 h × 50 = 500
    terminate(world, e)
    entries = LedgerEntry.objects.in_workspace(world.workspace).filter(action="settlement.produced")
    assert entries.count() == 1
    payload = entries.get().payload
    # balance = 0 + (500 − 400) = 100
    assert payload["on"] == "terminated"
    assert (payload["invoiced"], payload["paid"], payload["balance"]) == (
        "400.00 EUR",
        "400.00 EUR",
        "100.00 EUR",
    )
    assert payload["unbilled_time"] == "100.00 EUR" and payload["deposit_held"] == "400.00 EUR"


def test_the_settlement_is_journaled_on_closing(world):
    e = started(world, value="2000.00", deposit="600.00")
    final = invoice(world, e, kind="final_balance", amount="1400.00")
    pay(world, final, "1400.00")
    engagement_start_closing(actor=owner(world), engagement_id=e.pk)
    assert not LedgerEntry.objects.across_workspaces().filter(action="settlement.produced").exists()
    engagement_close(actor=owner(world), engagement_id=e.pk)
    payload = LedgerEntry.objects.across_workspaces().get(action="settlement.produced").payload
    assert payload["on"] == "closed" and payload["balance"] == "0.00 EUR"
    assert payload["invoiced"] == "2000.00 EUR"


def test_the_journal_entry_rolls_back_with_a_refused_termination(world):
    e = started(world, deposit="100.00")
    with pytest.raises(InvalidInput):
        engagement_terminate(
            actor=owner(world),
            engagement_id=e.pk,
            terminated_by="client",
            reason="Fin.",
            terminated_on=days(-400),  # before it started
        )
    assert not LedgerEntry.objects.across_workspaces().filter(action="settlement.produced").exists()


def test_the_settlement_costs_four_queries_whatever_its_size(world):
    e = started(world, kind="time_and_materials", rate="10.00", deposit="100.00")
    for n in range(5):
        log(world, e, 30 + n)
        invoice(world, e, amount="10.00")
        change(world, e, "accepted", amount="5.00")
        change(world, e, "absorbed", amount="5.00")
    e = Engagement.objects.across_workspaces().get(pk=e.pk)
    actor = owner(world)
    with CaptureQueriesContext(connection) as queries:
        engagement_settlement(actor=actor, engagement=e)
    assert len(queries) == 4
