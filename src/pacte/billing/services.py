"""Writes on invoices and payments, and the final settlement's (see `billing.settlement`)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pacte.engagements.models import (
    ChangeRequest,
    ChangeRequestStatus,
    Engagement,
    EngagementStatus,
)
from pacte.engagements.services import (
    change_request_move,
    engagement_locked,
    engagement_request_deposit,
)
from pacte.kernel import ledger
from pacte.kernel.errors import Conflict, InvalidInput, full_clean_or_raise
from pacte.kernel.money import CurrencyMismatch, Money, parse_amount
from pacte.kernel.permissions import Perm
from pacte.kernel.retry import retry_on_conflict
from pacte.kernel.tenancy import Actor
from pacte.kernel.validation import parse_choice, parse_date, require_text

from .models import AdjustmentKind, Invoice, InvoiceKind, Payment, SettlementAdjustment
from .settlement import ENDING, Settlement, engagement_settlement, settlement_for_ledger


@retry_on_conflict
def invoice_create(
    *,
    actor: Actor,
    engagement_id: int,
    kind: str,
    amount,
    due_on,
    issued_on=None,
    number: str = "",
    currency: str | None = None,
) -> Invoice:
    """Record an invoice. A deposit invoice on a draft engagement means the deposit is now
    awaited: the engagement moves to `awaiting_deposit`."""
    actor.require(Perm.BILLING_EDIT)
    kind = parse_choice(kind, InvoiceKind, field="kind")
    value = parse_amount(amount, field="amount")
    issued = parse_date(issued_on, field="issued_on", required=False) or timezone.localdate()
    due = parse_date(due_on, field="due_on")
    if due < issued:
        raise InvalidInput(
            _("An invoice cannot be due before it is issued."),
            fields={"due_on": [_("Before the issue date.")]},
        )
    with transaction.atomic():
        # Workspace then engagement, the one lock order (see kernel.retry); locked so that
        # the status read below is still true when the deposit is requested.
        engagement = engagement_locked(actor, engagement_id)
        if currency not in (None, "") and currency != engagement.currency:
            raise CurrencyMismatch(
                _(
                    "This engagement is in %(engagement)s; an invoice in %(invoice)s cannot be "
                    "added to it."
                )
                % {"engagement": engagement.currency, "invoice": currency}
            )
        invoice = Invoice(
            workspace=actor.workspace,
            engagement=engagement,
            kind=kind,
            number=(number or "").strip(),
            amount=value,
            currency=engagement.currency,
            issued_on=issued,
            due_on=due,
        )
        full_clean_or_raise(invoice)
        invoice.save()
        ledger.append(
            actor=actor,
            action="invoice.created",
            subject=invoice,
            payload={
                "engagement": engagement.title,
                "kind": kind,
                "amount": str(invoice.amount_money),
                "due_on": due,
                "number": invoice.number,
            },
        )
        if kind == InvoiceKind.DEPOSIT and engagement.status == EngagementStatus.DRAFT:
            engagement_request_deposit(actor=actor, engagement_id=engagement.pk)
    return invoice


def payment_record(
    *,
    actor: Actor,
    invoice_id: int,
    amount,
    paid_on,
    reference: str = "",
    currency: str | None = None,
) -> Payment:
    """Record a payment, partial or whole. It cannot exceed what is still due."""
    actor.require(Perm.BILLING_EDIT)
    value = parse_amount(amount, field="amount")
    day = parse_date(paid_on, field="paid_on")
    if day > timezone.localdate():
        raise InvalidInput(
            _("A payment cannot be recorded in the future."),
            fields={"paid_on": [_("In the future.")]},
        )
    with transaction.atomic():
        invoice = actor.get_or_404(
            Invoice.objects.select_for_update().select_related("engagement"), pk=invoice_id
        )
        received = Money(value, currency or invoice.currency)
        balance = invoice.balance_money
        # Comparing Money in two currencies raises CurrencyMismatch: never a silent sum.
        if received > balance:
            raise Conflict(
                _("This payment (%(paid)s) is more than what is still due (%(due)s).")
                % {"paid": received.display(), "due": balance.display()},
                code="overpayment",
                fields={"amount": [_("More than the balance due.")]},
            )
        payment = Payment(
            workspace=actor.workspace,
            invoice=invoice,
            amount=value,
            paid_on=day,
            reference=(reference or "").strip(),
        )
        full_clean_or_raise(payment)
        payment.save()
        invoice.paid_amount += value
        if invoice.is_paid:
            latest = max(day, *[p.paid_on for p in invoice.payments.all()])
            invoice.paid_in_full_on = latest
        invoice.save(update_fields=["paid_amount", "paid_in_full_on"])
        ledger.append(
            actor=actor,
            action="payment.recorded",
            subject=payment,
            payload={
                "invoice": str(invoice),
                "kind": invoice.kind,
                "amount": str(received),
                "paid_on": day,
                "balance": str(invoice.balance_money),
            },
        )
    return payment


# Without other terms, the final-balance invoice is due thirty days after it is issued.
FINAL_INVOICE_TERM_DAYS = 30


# The final settlement's writes (its formula is in `billing.settlement`). Each locks the
# engagement (workspace first, see kernel.retry), reads the settlement under the lock, and
# refuses unless the engagement is ending.


def _ending_engagement(actor: Actor, engagement_id) -> Engagement:
    engagement = engagement_locked(actor, engagement_id)
    if engagement.status not in ENDING:
        raise Conflict(
            _(
                "The final settlement is settled once the engagement is closing, closed or "
                "terminated; this one is “%(status)s”."
            )
            % {"status": engagement.get_status_display()},
            code="not_ending",
        )
    return engagement


def settlement_produce(*, actor: Actor, engagement: Engagement, reason: str) -> Settlement:
    """Journal the settlement's figures at this moment (on termination and on closing), inside
    the caller's transaction. `reason` says which move produced it. The figures are read for
    the workspace, not through the actor's BILLING_VIEW: whoever may end the engagement
    journals its settlement, and termination never fails on a permission it does not need."""
    settlement = settlement_for_ledger(workspace=actor.workspace, engagement=engagement)
    ledger.append(
        actor=actor,
        action="settlement.produced",
        subject=engagement,
        payload={
            "engagement": engagement.title,
            "on": reason,
            "currency": engagement.currency,
            **settlement.figures(),
        },
    )
    return settlement


def settlement_issue_final_invoice(
    *, actor: Actor, engagement_id: int, issued_on=None, due_on=None, number: str = ""
) -> Invoice:
    """Invoice what is not invoiced yet (time and changes), net of the write-offs not deducted
    yet, through `invoice_create` so that every billing rule applies; the invoice records the
    part of the write-offs it deducted (`billing.settlement`), so the balance does not move and
    the written-off work is never invoiced again. The changes accepted and not billed move to
    `billed`, billed by this invoice. Refused (409) when nothing is left to invoice."""
    actor.require(Perm.BILLING_EDIT)
    issued = parse_date(issued_on, field="issued_on", required=False) or timezone.localdate()
    due = parse_date(due_on, field="due_on", required=False) or (
        issued + dt.timedelta(days=FINAL_INVOICE_TERM_DAYS)
    )
    with transaction.atomic():
        engagement = _ending_engagement(actor, engagement_id)
        settlement = engagement_settlement(actor=actor, engagement=engagement)
        amount = settlement.to_invoice
        if amount.amount <= 0:
            if settlement.balance.amount > 0:
                message = _(
                    "Nothing is left to invoice: the %(balance)s due is on invoices already "
                    "issued. Chase them, or write the balance off."
                ) % {"balance": settlement.balance.display()}
            else:
                message = _("Nothing is due: there is no final-balance invoice to issue.")
            raise Conflict(message, code="nothing_due")
        invoice = invoice_create(
            actor=actor,
            engagement_id=engagement.pk,
            kind=InvoiceKind.FINAL_BALANCE,
            amount=amount.amount,
            issued_on=issued,
            due_on=due,
            number=number,
        )
        deducted = settlement.to_deduct.amount
        if deducted:
            invoice.written_off_deducted = deducted
            invoice.save(update_fields=["written_off_deducted"])
            ledger.append(
                actor=actor,
                action="settlement.write_off_deducted",
                subject=invoice,
                payload={
                    "engagement": engagement.title,
                    "not_invoiced": str(settlement.not_invoiced),
                    "deducted": str(settlement.to_deduct),
                    "invoiced": str(amount),
                },
            )
        accepted = ChangeRequest.objects.for_actor(actor).filter(
            engagement=engagement, status=ChangeRequestStatus.ACCEPTED
        )
        for change_id in accepted.order_by("pk").values_list("pk", flat=True):
            change_request_move(
                actor=actor,
                change_request_id=change_id,
                to=ChangeRequestStatus.BILLED,
                invoice_id=invoice.pk,
            )
    return invoice


def _adjust(*, actor, engagement_id, kind, amount, reason, on) -> SettlementAdjustment:
    actor.require(Perm.SETTLEMENT_ADJUST)
    reason = require_text(reason, field="reason")
    day = parse_date(on, field="on", required=False) or timezone.localdate()
    if day > timezone.localdate():
        raise InvalidInput(
            _("This cannot be recorded in the future."), fields={"on": [_("In the future.")]}
        )
    value = None if amount in (None, "") else parse_amount(amount, field="amount")
    with transaction.atomic():
        engagement = _ending_engagement(actor, engagement_id)
        settlement = engagement_settlement(actor=actor, engagement=engagement)
        if kind == AdjustmentKind.WRITE_OFF:
            room = settlement.balance.amount
            nothing = _("Nothing is due to us: there is nothing to write off.")
            too_much = _("A write-off cannot be more than the balance due (%(room)s).")
        else:
            room = -settlement.balance.amount
            nothing = _("We owe the client nothing: there is nothing to refund.")
            too_much = _("A refund cannot be more than what we owe the client (%(room)s).")
        if room <= 0:
            raise Conflict(nothing, code="nothing_due")
        value = room if value is None else value
        if value > room:
            raise Conflict(
                too_much % {"room": Money(room, engagement.currency).display()},
                code="more_than_balance",
                fields={"amount": [_("More than the balance.")]},
            )
        sign = -1 if kind == AdjustmentKind.WRITE_OFF else 1
        adjustment = SettlementAdjustment(
            workspace=actor.workspace,
            engagement=engagement,
            kind=kind,
            amount=value,
            currency=engagement.currency,
            reason=reason,
            recorded_on=day,
            recorded_by=actor.user,
        )
        full_clean_or_raise(adjustment)
        adjustment.save()
        ledger.append(
            actor=actor,
            action=f"settlement.{kind}",
            subject=adjustment,
            payload={
                "engagement": engagement.title,
                "amount": str(adjustment.amount_money),
                "reason": reason,
                "on": day,
                "balance_before": str(settlement.balance),
                "balance_after": str(settlement.balance + Money(sign * value, engagement.currency)),
            },
        )
    return adjustment


def settlement_write_off(
    *, actor: Actor, engagement_id: int, reason: str, amount=None, on=None
) -> SettlementAdjustment:
    """Give up what the client still owes us, all of it or `amount`, with a written reason
    that goes to the ledger. The owner's call alone."""
    return _adjust(
        actor=actor,
        engagement_id=engagement_id,
        kind=AdjustmentKind.WRITE_OFF,
        amount=amount,
        reason=reason,
        on=on,
    )


def settlement_record_refund(
    *, actor: Actor, engagement_id: int, reason: str, amount=None, on=None
) -> SettlementAdjustment:
    """Record that we paid back, or credited, what we owed the client (a negative balance),
    all of it or `amount`; the reason (the transfer, the credit note's number) goes to the
    ledger. Pacte does not typeset the credit note: it tracks that it was made."""
    return _adjust(
        actor=actor,
        engagement_id=engagement_id,
        kind=AdjustmentKind.REFUND,
        amount=amount,
        reason=reason,
        on=on,
    )
