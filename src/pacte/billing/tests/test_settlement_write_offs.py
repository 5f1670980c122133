"""Write-offs and the final-balance invoice together, against hand-computed cases in EUR and
CAD, and who may read and produce the settlement.

The model (billing.settlement): a write-off reduces what is left to invoice first, then what
is invoiced and unpaid. The final-balance invoice bills max(0, not invoiced − written off not
deducted yet) and records the part it deducted, so that

    balance = (invoiced − paid) + not invoiced − (written off − deducted) + refunded

does not move when it is issued, and the written-off work is never invoiced again.
"""

from decimal import Decimal

import pytest
from django.test import Client as HttpClient
from django.utils import translation
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from pacte.billing.models import AdjustmentKind, Invoice, InvoiceKind
from pacte.billing.services import (
    settlement_issue_final_invoice,
    settlement_produce,
    settlement_write_off,
)
from pacte.billing.settlement import _settlement, settlement_for_ledger
from pacte.billing.tests.helpers import invoice, pay
from pacte.billing.tests.test_settlement import change, log, owner, settle, started, terminate
from pacte.engagements.models import ChangeRequestStatus, Engagement
from pacte.kernel import permissions
from pacte.kernel.errors import Conflict, PermissionDenied
from pacte.kernel.models import LedgerEntry
from pacte.kernel.money import Money
from pacte.kernel.permissions import Perm
from pacte.kernel.tenancy import Actor
from pacte.testing import check_endpoint_as_each_actor

pytestmark = pytest.mark.django_db

CURRENCIES = ["EUR", "CAD"]


def money(amount, currency):
    return Money(Decimal(amount), currency)


def final_invoice(world, e):
    return settlement_issue_final_invoice(actor=owner(world), engagement_id=e.pk)


def refused_final_invoice(world, e):
    with pytest.raises(Conflict) as refused:
        final_invoice(world, e)
    assert refused.value.code == "nothing_due"


@pytest.mark.parametrize("currency", CURRENCIES)
def test_a_write_off_then_the_final_invoice_on_a_fixed_price(world, currency):
    """The reviewer's case: a change of 500 accepted, 200 written off, then the final-balance
    invoice. It bills 300 and the balance stays 300: the client's 300 unpaid invoice."""
    e = started(world, value="10000.00", currency=currency, deposit="3000.00")
    accepted = change(world, e, "accepted", amount="500.00")
    terminate(world, e)
    assert settle(world, e).balance == money("500.00", currency)  # 0 + 500
    settlement_write_off(
        actor=owner(world), engagement_id=e.pk, amount="200.00", reason="Geste commercial"
    )
    s = settle(world, e)
    # balance = 0 + 500 − 200 = 300; to invoice = 500 − 200 = 300
    assert (s.balance, s.to_invoice, s.to_deduct) == (
        money("300.00", currency),
        money("300.00", currency),
        money("200.00", currency),
    )
    final = final_invoice(world, e)
    assert (final.kind, final.amount) == (InvoiceKind.FINAL_BALANCE, Decimal("300.00"))
    assert final.written_off_deducted == Decimal("200.00")
    accepted.refresh_from_db()
    assert accepted.status == ChangeRequestStatus.BILLED
    s = settle(world, e)
    # invoiced 3000 + 300 = 3300, paid 3000: outstanding 300; not invoiced 0;
    # written off 200, of which 200 deducted on the invoice: 0 counted; balance 300
    assert (s.invoiced, s.outstanding, s.not_invoiced) == (
        money("3300.00", currency),
        money("300.00", currency),
        money("0.00", currency),
    )
    assert (s.written_off, s.written_off_deducted, s.written_off_counted) == (
        money("200.00", currency),
        money("200.00", currency),
        money("0.00", currency),
    )
    assert s.balance == money("300.00", currency) and s.to_invoice == money("0.00", currency)
    refused_final_invoice(world, e)  # the 300 is on the invoice: nothing left to invoice
    entry = LedgerEntry.objects.in_workspace(world.workspace).get(
        action="settlement.write_off_deducted"
    )
    assert entry.payload["deducted"] == f"200.00 {currency}"
    pay(world, final, "300.00", on=0)
    assert settle(world, e).balance == money("0.00", currency)


@pytest.mark.parametrize("currency", CURRENCIES)
def test_a_write_off_then_the_final_invoice_on_time_and_materials(world, currency):
    """The reviewer's second case: 10 h at 100, a change of 500, 600 written off. The final
    invoice bills 700 (deposit 200 aside), and no second final invoice bills the 600 again."""
    e = started(
        world,
        value="20000.00",
        currency=currency,
        kind="time_and_materials",
        rate="100.00",
        deposit="200.00",
    )
    log(world, e, 600)  # 10 h × 100 = 1000
    change(world, e, "accepted", amount="500.00")
    terminate(world, e)
    s = settle(world, e)
    # time not invoiced 1000 − 200 = 800; changes 500; not invoiced 1300; balance 1300
    assert (s.unbilled_time, s.not_invoiced, s.balance) == (
        money("800.00", currency),
        money("1300.00", currency),
        money("1300.00", currency),
    )
    settlement_write_off(actor=owner(world), engagement_id=e.pk, amount="600.00", reason="Geste")
    s = settle(world, e)
    # balance 1300 − 600 = 700; to invoice 1300 − 600 = 700
    assert s.balance == money("700.00", currency) and s.to_invoice == money("700.00", currency)
    final = final_invoice(world, e)
    assert (final.amount, final.written_off_deducted) == (Decimal("700.00"), Decimal("600.00"))
    s = settle(world, e)
    # time invoiced: 200 + 700 + 600 deducted − 500 (the change it billed) = 1000: all of it
    assert s.time_invoiced == money("1000.00", currency)
    assert s.unbilled_time == money("0.00", currency) and s.unbilled_changes_count == 0
    # invoiced 900, paid 200: outstanding 700; written off 600 − 600 deducted; balance 700
    assert s.balance == money("700.00", currency) and s.to_invoice == money("0.00", currency)
    refused_final_invoice(world, e)
    assert (
        Invoice.objects.across_workspaces()
        .filter(engagement=e, kind=InvoiceKind.FINAL_BALANCE)
        .count()
        == 1
    )


@pytest.mark.parametrize("currency", CURRENCIES)
def test_the_final_invoice_then_a_write_off_of_the_unpaid_remainder(world, currency):
    e = started(world, value="10000.00", currency=currency, deposit="3000.00")
    change(world, e, "accepted", amount="500.00")
    terminate(world, e)
    final = final_invoice(world, e)
    assert (final.amount, final.written_off_deducted) == (Decimal("500.00"), Decimal("0.00"))
    pay(world, final, "120.00", on=0)
    assert settle(world, e).balance == money("380.00", currency)  # 3500 − 3120
    adjustment = settlement_write_off(
        actor=owner(world), engagement_id=e.pk, reason="Client en liquidation"
    )
    assert adjustment.amount == Decimal("380.00")
    s = settle(world, e)
    # written off 380, none of it deducted: balance 380 + 0 − 380 = 0
    assert (s.written_off_counted, s.balance, s.to_invoice) == (
        money("380.00", currency),
        money("0.00", currency),
        money("0.00", currency),
    )
    refused_final_invoice(world, e)  # the write-off is never invoiced


@pytest.mark.parametrize("currency", CURRENCIES)
def test_two_final_invoices_are_refused(world, currency):
    e = started(
        world,
        value="20000.00",
        currency=currency,
        kind="time_and_materials",
        rate="90.00",
        deposit="300.00",
    )
    log(world, e, 300)  # 5 h × 90 = 450
    terminate(world, e)
    first = final_invoice(world, e)
    assert first.amount == Decimal("150.00")  # 450 − 300
    refused_final_invoice(world, e)
    assert settle(world, e).balance == money("150.00", currency)


@pytest.mark.parametrize("currency", CURRENCIES)
def test_a_partial_write_off_smaller_than_what_is_left_to_invoice(world, currency):
    e = started(
        world,
        value="20000.00",
        currency=currency,
        kind="time_and_materials",
        rate="100.00",
        deposit="200.00",
    )
    log(world, e, 600)  # 1000; not invoiced 800 of time + 500 of change = 1300
    change(world, e, "accepted", amount="500.00")
    terminate(world, e)
    settlement_write_off(actor=owner(world), engagement_id=e.pk, amount="300.00", reason="Geste")
    final = final_invoice(world, e)
    assert (final.amount, final.written_off_deducted) == (Decimal("1000.00"), Decimal("300.00"))
    assert settle(world, e).balance == money("1000.00", currency)  # 1300 − 300
    pay(world, final, "400.00", on=0)
    # a second, partial write-off of the unpaid invoice: 1000 − 400 = 600 due, 250 given up
    settlement_write_off(actor=owner(world), engagement_id=e.pk, amount="250.00", reason="Retard")
    s = settle(world, e)
    # written off 300 + 250 = 550, 300 deducted: 250 counted; balance 600 − 250 = 350
    assert (s.written_off, s.written_off_deducted, s.written_off_counted) == (
        money("550.00", currency),
        money("300.00", currency),
        money("250.00", currency),
    )
    assert s.balance == money("350.00", currency) and s.unbilled_time == money("0.00", currency)
    refused_final_invoice(world, e)


@pytest.mark.parametrize("currency", CURRENCIES)
def test_a_partial_write_off_larger_than_what_is_left_to_invoice(world, currency):
    """What is left to invoice goes first, then the unpaid invoices: 700 written off against 500
    not invoiced and 800 unpaid leaves nothing to invoice and 600 due on the invoices."""
    e = started(world, value="10000.00", currency=currency, deposit="1000.00")
    bill = invoice(world, e, amount="2000.00")
    pay(world, bill, "1200.00")
    change(world, e, "accepted", amount="500.00")
    terminate(world, e)
    assert settle(world, e).balance == money("1300.00", currency)  # 800 + 500
    settlement_write_off(actor=owner(world), engagement_id=e.pk, amount="700.00", reason="Geste")
    s = settle(world, e)
    assert (s.balance, s.to_invoice) == (money("600.00", currency), money("0.00", currency))
    refused_final_invoice(world, e)
    settlement_write_off(actor=owner(world), engagement_id=e.pk, reason="Le reste")
    s = settle(world, e)
    assert s.written_off == money("1300.00", currency) and s.balance == money("0.00", currency)


# The API serves the settlement to the portal only once the engagement ends.


def test_the_portal_reads_the_settlement_api_only_once_the_engagement_ends(world):
    e = started(world, kind="time_and_materials", rate="100.00", deposit="500.00")
    log(world, e, 480)
    url = f"/api/v1/engagements/{e.pk}/settlement"
    running = {
        "anonymous": 401,
        "owner": 200,
        "manager": 200,
        "consultant": 200,
        "viewer": 200,
        "portal": 409,  # a running engagement's hours, rate and unbilled time are ours
        "portal_other_client": 404,
        "other_workspace": 404,
    }
    responses = check_endpoint_as_each_actor(world, url, running)
    assert responses["portal"].json()["code"] == "not_ending"
    assert "hourly_rate" not in responses["portal"].json()
    terminate(world, e)
    ended = {**running, "portal": 200}
    body = check_endpoint_as_each_actor(world, url, ended)["portal"].json()
    assert body["balance"] == "300.00"  # 800 − 500
    assert body["written_off_deducted"] == "0.00" and body["written_off_counted"] == "0.00"


# Producing the settlement needs no billing permission of the actor.


def test_termination_journals_the_settlement_without_billing_view(world, monkeypatch):
    """No role that may terminate lacks BILLING_VIEW today: take it away from every member and
    terminate, the settlement is still produced and journaled."""
    monkeypatch.setitem(permissions.PERMISSIONS, Perm.BILLING_VIEW, frozenset({permissions.PORTAL}))
    e = started(world, kind="time_and_materials", rate="50.00", deposit="400.00")
    log(world, e, 600)  # 10 h × 50 = 500
    with pytest.raises(PermissionDenied):
        settle(world, e)  # the owner cannot read it any more...
    terminate(world, e)  # ...but terminating still produces it
    payload = (
        LedgerEntry.objects.in_workspace(world.workspace).get(action="settlement.produced").payload
    )
    assert payload["balance"] == "100.00 EUR" and payload["on"] == "terminated"
    assert Engagement.objects.across_workspaces().get(pk=e.pk).status == "terminated"


def test_settlement_produce_reads_for_the_workspace_not_the_actor(world, monkeypatch):
    monkeypatch.setitem(permissions.PERMISSIONS, Perm.BILLING_VIEW, frozenset())
    e = started(world, deposit="100.00")
    e = Engagement.objects.across_workspaces().get(pk=e.pk)
    s = settlement_for_ledger(workspace=world.workspace, engagement=e)
    assert s.invoiced == Money(Decimal("100.00"), "EUR")
    produced = settlement_produce(actor=world.actor("consultant"), engagement=e, reason="closed")
    assert produced.balance == Money(Decimal("0.00"), "EUR")
    assert Actor.system(world.workspace).can(Perm.BILLING_VIEW)  # the read's actor


# The invariant, over any figures: issuing the final-balance invoice never moves the balance,
# and leaves nothing to invoice (the written-off work is not invoiced later).

AMOUNTS = st.decimals(min_value=0, max_value=100000, places=2)


@settings(max_examples=300, deadline=None)
@given(
    time_and_materials=st.booleans(),
    minutes=st.integers(min_value=0, max_value=100000),
    invoiced=AMOUNTS,
    paid_share=st.decimals(min_value=0, max_value=1, places=2),
    unbilled=AMOUNTS,
    written_off=AMOUNTS,
)
def test_issuing_the_final_invoice_never_moves_the_balance(
    time_and_materials, minutes, invoiced, paid_share, unbilled, written_off
):
    engagement = Engagement(
        kind="time_and_materials" if time_and_materials else "fixed_price",
        currency="CAD",
        hourly_rate=Decimal("95.00"),
    )
    t = {
        "invoiced": invoiced,
        "paid": (invoiced * paid_share).quantize(Decimal("0.01")),
        "deposit_held": Decimal(0),
        "change_invoiced": Decimal(0),
        "minutes": minutes,
        "unbilled": unbilled,
        "unbilled_count": 1 if unbilled else 0,
        "absorbed": Decimal(0),
        "absorbed_count": 0,
        "billed_on_final": Decimal(0),
        "deducted": Decimal(0),
        AdjustmentKind.WRITE_OFF: written_off,
        AdjustmentKind.REFUND: Decimal(0),
    }
    before = _settlement(engagement, t)
    assume(before.to_invoice.amount > 0)
    # what settlement_issue_final_invoice does: invoice to_invoice, record to_deduct, bill
    # the accepted changes
    after_t = {
        **t,
        "invoiced": t["invoiced"] + before.to_invoice.amount,
        "deducted": before.to_deduct.amount,
        "billed_on_final": t["unbilled"],
        "unbilled": Decimal(0),
        "unbilled_count": 0,
    }
    after = _settlement(engagement, after_t)
    assert after.balance == before.balance
    assert after.to_invoice.amount == 0 and after.not_invoiced.amount == 0
    assert after.written_off_counted.amount >= 0


def test_the_page_and_the_portal_show_the_deducted_write_off(world):
    e = started(world, value="10000.00", deposit="3000.00")
    change(world, e, "accepted", amount="500.00")
    terminate(world, e)
    settlement_write_off(actor=owner(world), engagement_id=e.pk, amount="200.00", reason="Geste")
    final_invoice(world, e)
    for user, url in (("owner", f"/engagements/{e.pk}/"), ("portal", "/portal/")):
        http = HttpClient()
        http.force_login(world.users[user])
        with translation.override("en"):
            page = http.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
        assert "written off before the final-balance invoice, deducted from it" in page
        assert "A write-off first reduces what is left to invoice" in page
