"""Writes on invoices and payments."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pacte.engagements.models import EngagementStatus
from pacte.engagements.services import engagement_locked, engagement_request_deposit
from pacte.kernel import ledger
from pacte.kernel.errors import Conflict, InvalidInput, full_clean_or_raise
from pacte.kernel.money import CurrencyMismatch, Money, parse_amount
from pacte.kernel.permissions import Perm
from pacte.kernel.retry import retry_on_conflict
from pacte.kernel.tenancy import Actor
from pacte.kernel.validation import parse_choice, parse_date

from .models import Invoice, InvoiceKind, Payment


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
