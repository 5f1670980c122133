"""Helpers shared by the billing tests: dates, counts, engagements, invoices and payments."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from pacte.billing.models import Invoice, Payment
from pacte.billing.services import invoice_create, payment_record
from pacte.engagements.models import Engagement
from pacte.engagements.services import engagement_create
from pacte.kernel.models import LedgerEntry
from pacte.kernel.money import Money

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
