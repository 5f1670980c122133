"""Billing's reminder kind: invoices overdue (unpaid past their due date). One reminder per
invoice and due date: the dashboard keeps listing it; the email says it once."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pacte.kernel.money import Money
from pacte.reminders.kinds import Delivery, Due, Message, ReminderKind, register_reminder_kind

from .models import InvoiceKind
from .selectors import overdue_invoices

INVOICE_OVERDUE = "billing.invoice_overdue"


def invoices_overdue(actor, today: dt.date) -> list[Due]:
    """Every unpaid invoice past its due date (one query, the unpaid invoices' index)."""
    found = []
    for invoice in overdue_invoices(actor=actor, today=today, limit=None):
        engagement = invoice.engagement
        found.append(
            Due(
                object_type="billing.invoice",
                object_id=invoice.pk,
                due_on=invoice.due_on,
                client_id=engagement.client_id,
                params={
                    "engagement_id": engagement.pk,
                    "engagement": engagement.title,
                    "client": engagement.client.name,
                    "number": invoice.number,
                    "kind": invoice.kind,
                    "issued_on": invoice.issued_on.isoformat(),
                    "balance": str(invoice.balance_money.amount),
                    "currency": invoice.currency,
                },
            )
        )
    return found


def invoice_overdue_message(due: Due) -> Message:
    p = due.params
    issued = dt.date.fromisoformat(p["issued_on"])
    name = p["number"] or _("%(kind)s of %(date)s") % {
        "kind": InvoiceKind(p["kind"]).label,
        "date": date_format(issued, "DATE_FORMAT"),
    }
    values = {
        "invoice": name,
        "client": p["client"],
        "engagement": p["engagement"],
        "date": date_format(due.due_on, "DATE_FORMAT"),
        "balance": Money(Decimal(p["balance"]), p["currency"]).display(),
    }
    subject = _("Invoice %(invoice)s (%(client)s) overdue: due on %(date)s") % values
    owed = _("%(balance)s is still unpaid on this invoice for %(engagement)s, due on %(date)s.") % (
        values
    )
    next_step = _(
        "Remind the client's billing contact, and record the payment once it arrives: "
        "punctuality counts in the client's health and scorecard."
    )
    return Message(
        subject,
        (owed, next_step),
        reverse("engagement_detail", kwargs={"engagement_id": p["engagement_id"]}),
    )


def register() -> None:
    register_reminder_kind(
        ReminderKind(
            key=INVOICE_OVERDUE,
            label=gettext_lazy("Invoices overdue"),
            find_due=invoices_overdue,
            message=invoice_overdue_message,
            default=Delivery.DAILY,
        )
    )
