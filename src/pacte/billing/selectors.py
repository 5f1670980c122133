import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import DecimalField, OuterRef, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from pacte.engagements.figures import DEPOSIT_PAID, Figure, figure, register_figure
from pacte.engagements.models import Engagement
from pacte.engagements.selectors import client_engagement_keys
from pacte.kernel.money import Money, money_sum
from pacte.kernel.permissions import Perm
from pacte.kernel.tenancy import Actor

from .models import Invoice, InvoiceKind

AMOUNT = DecimalField(max_digits=14, decimal_places=2)


def deposit_paid_expression():
    """R-DEPOSIT's figure, defined once: what the client paid on the engagement's deposit
    invoice(s), as SQL correlated to an engagement row (see `engagements.figures`)."""
    paid = (
        Invoice.objects.filter(engagement=OuterRef("pk"), kind=InvoiceKind.DEPOSIT)
        .order_by()
        .values("engagement")
        .annotate(total=Sum("paid_amount"))
        .values("total")[:1]
    )
    return Coalesce(Subquery(paid, output_field=AMOUNT), Value(Decimal(0)), output_field=AMOUNT)


def register_figures() -> None:
    register_figure(Figure(DEPOSIT_PAID, deposit_paid_expression, Decimal(0)))


def deposit_paid(engagement: Engagement) -> Money:
    """What the client has paid on the engagement's deposit invoice(s)."""
    return Money(figure(engagement, DEPOSIT_PAID), engagement.currency)


def invoice_list(*, actor: Actor, engagement=None, client=None) -> QuerySet[Invoice]:
    """Invoices, the latest issued first (invoice_ws_issued_idx, or the engagement's)."""
    actor.require(Perm.BILLING_VIEW)
    qs = Invoice.objects.for_actor(actor)
    if engagement is not None:
        qs = qs.filter(engagement=engagement)
    if client is not None:
        qs = qs.filter(engagement__client=client)
    return qs.order_by("-issued_on", "-pk")


def invoice_get(*, actor: Actor, invoice_id) -> Invoice:
    actor.require(Perm.BILLING_VIEW)
    return actor.get_or_404(Invoice.objects.select_related("engagement"), pk=invoice_id)


# Reads about one client: punctuality (client page, API), invoices left to pay (portal).


@dataclass(frozen=True)
class Punctuality:
    counted: int  # invoices paid in full, or already due
    on_time: int
    average_days_late: float | None

    @property
    def on_time_share(self) -> float | None:
        return None if not self.counted else self.on_time / self.counted


def punctuality_from(invoices, today: dt.date | None = None) -> Punctuality:
    """Share paid on time and average days late, over invoices that are paid in full or due.

    An unpaid invoice counts as late by the days elapsed since its due date."""
    today = today or timezone.localdate()
    counted = on_time = 0
    late_days = 0
    for invoice in invoices:
        if invoice.paid_in_full_on is None and invoice.due_on >= today:
            continue  # not due yet: says nothing about punctuality
        counted += 1
        settled = invoice.paid_in_full_on or today
        days = (settled - invoice.due_on).days
        if days <= 0 and invoice.paid_in_full_on is not None:
            on_time += 1
        else:
            late_days += max(days, 0)
    return Punctuality(counted, on_time, (late_days / counted) if counted else None)


def client_punctuality(*, actor: Actor, client) -> Punctuality:
    actor.require(Perm.BILLING_VIEW)
    return punctuality_from(
        Invoice.objects.for_actor(actor)
        .filter(engagement__in=client_engagement_keys(client))
        .order_by()
        .only("due_on", "paid_in_full_on")
    )


@dataclass(frozen=True)
class InvoiceLateness:
    """One invoice paid or due, and how late: negative when paid before its due date; an
    unpaid invoice (`open`) is late by the days elapsed since its due date."""

    invoice_id: int
    number: str
    kind_label: str
    issued_on: dt.date
    due_on: dt.date
    paid_on: dt.date | None
    days_late: int

    @property
    def open(self) -> bool:
        return self.paid_on is None


def lateness_from(invoices, today: dt.date | None = None) -> list[InvoiceLateness]:
    """Days late per invoice, by due date: the invoices `punctuality_from` counts."""
    today = today or timezone.localdate()
    found = [
        InvoiceLateness(
            invoice_id=invoice.pk,
            number=invoice.number,
            kind_label=str(invoice.get_kind_display()),
            issued_on=invoice.issued_on,
            due_on=invoice.due_on,
            paid_on=invoice.paid_in_full_on,
            days_late=((invoice.paid_in_full_on or today) - invoice.due_on).days,
        )
        for invoice in invoices
        if invoice.paid_in_full_on is not None or invoice.due_on < today
    ]
    found.sort(key=lambda row: (row.due_on, row.issued_on, row.invoice_id))
    return found


@dataclass(frozen=True)
class PaymentRecord:
    """A client's punctuality and the days late of each invoice behind it."""

    punctuality: Punctuality
    lateness: list[InvoiceLateness]


def client_payment_record(*, actor: Actor, client) -> PaymentRecord:
    """The client page's punctuality and its chart, from one query."""
    actor.require(Perm.BILLING_VIEW)
    today = timezone.localdate()
    invoices = list(
        Invoice.objects.for_actor(actor)
        .filter(engagement__in=client_engagement_keys(client))
        .order_by()  # lateness_from sorts them (see client_engagement_keys)
        .only("kind", "number", "issued_on", "due_on", "paid_in_full_on")
    )
    return PaymentRecord(punctuality_from(invoices, today), lateness_from(invoices, today))


def client_open_invoices(*, actor: Actor, client) -> list[Invoice]:
    """The client's invoices not paid in full, the soonest due first."""
    actor.require(Perm.BILLING_VIEW)
    rows = (
        Invoice.objects.for_actor(actor)
        .filter(engagement__in=client_engagement_keys(client), paid_in_full_on__isnull=True)
        .select_related("engagement")
        .order_by()  # sorted here (see client_engagement_keys)
    )
    return sorted(rows, key=lambda i: (i.due_on, i.pk))


# The engagement page's money: the deposit (R-DEPOSIT), what was invoiced, paid and is due.


@dataclass
class EngagementBilling:
    engagement: Engagement
    invoices: list[Invoice]
    invoiced: Money
    paid: Money
    overdue: list[Invoice]
    deposit_required: Money
    deposit_paid: Money

    @property
    def balance_due(self) -> Money:
        return self.invoiced - self.paid

    @property
    def deposit_progress(self) -> int:
        if not self.deposit_required.amount:
            return 100
        share = self.deposit_paid.amount / self.deposit_required.amount * 100
        return min(100, int(share))

    @property
    def deposit_percent_of_value(self) -> Decimal:
        """R-INVEST: the client's commitment, the deposit as a share of the value."""
        value = self.engagement.value
        if not value:
            return Decimal(0)
        return (self.deposit_required.amount / value * 100).quantize(Decimal("0.1"))


def engagement_billing(
    *, actor: Actor, engagement: Engagement, today: dt.date | None = None
) -> EngagementBilling:
    """The engagement's invoices with their payments, and its money (two queries)."""
    actor.require(Perm.ENGAGEMENT_VIEW)
    today = today or timezone.localdate()
    currency = engagement.currency
    invoices = list(
        Invoice.objects.for_actor(actor)
        .filter(engagement=engagement)
        .prefetch_related("payments")
        .order_by("-issued_on", "-pk")
    )
    return EngagementBilling(
        engagement=engagement,
        invoices=invoices,
        invoiced=money_sum((i.amount_money for i in invoices), currency),
        paid=money_sum((i.paid_money for i in invoices), currency),
        overdue=[i for i in invoices if not i.is_paid and i.due_on < today],
        deposit_required=engagement.required_deposit,
        deposit_paid=deposit_paid(engagement),
    )


def overdue_invoices(*, actor: Actor, today: dt.date | None = None, limit: int | None = 8) -> list:
    """The workspace's overdue invoices, the longest overdue first (the dashboard): the
    first `limit` rows of the partial index of unpaid invoices (invoice_unpaid_due_idx);
    every one with `limit=None` (the reminders)."""
    actor.require(Perm.INTERNAL_VIEW)
    today = today or timezone.localdate()
    return list(
        Invoice.objects.for_actor(actor)
        .filter(paid_in_full_on__isnull=True, due_on__lt=today)
        .select_related("engagement__client")
        .order_by("due_on", "pk")[:limit]
    )
