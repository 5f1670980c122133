"""Reads on clients: the list with its filters, one client's page, punctuality, refusals."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from pacte.kernel.permissions import Perm
from pacte.kernel.tenancy import Actor

from .models import Client, Contact

CLIENT_FILTERS = ("active", "awaiting_deposit", "late_payer", "refusals", "silent", "no_engagement")


def _count(qs) -> Subquery:
    """A COUNT as a correlated subquery: several of them never multiply each other's rows."""
    return Coalesce(
        Subquery(
            qs.order_by().values("workspace").annotate(n=Count("pk")).values("n")[:1],
            output_field=IntegerField(),
        ),
        0,
    )


def client_list(*, actor: Actor, query: str = "", status: str = "") -> QuerySet[Client]:
    """Clients with the figures the list shows, searchable by name, city or contact, and
    filterable by situation. A fixed number of queries whatever the number of clients."""
    from pacte.billing.models import Invoice
    from pacte.decisions.models import Decision, DecisionChoice
    from pacte.engagements.models import Engagement, EngagementStatus
    from pacte.exchanges.models import Exchange

    actor.require(Perm.CLIENT_VIEW)
    today = timezone.localdate()
    # The subqueries below are correlated to client rows that the outer query scopes to the
    # actor's workspace; a `workspace_id = …` inside them would only mislead the planner.
    engagements = Engagement.objects.filter(client=OuterRef("pk"))
    refusals = Decision.objects.filter(
        recommendation__engagement__client=OuterRef("pk"), decision=DecisionChoice.REFUSED
    )
    overdue = Invoice.objects.filter(
        engagement__client=OuterRef("pk"), paid_in_full_on__isnull=True, due_on__lt=today
    )
    qs = Client.objects.for_actor(actor).annotate(
        active_count=_count(engagements.filter(status=EngagementStatus.ACTIVE)),
        engagement_count=_count(engagements),
        refusal_count=_count(refusals),
        overdue_count=_count(overdue),
        last_exchange_on=Subquery(
            Exchange.objects.filter(client=OuterRef("pk"))
            .order_by("-occurred_on")
            .values("occurred_on")[:1]
        ),
    )
    query = (query or "").strip()
    if query:
        qs = qs.filter(
            Q(name__icontains=query)
            | Q(city__icontains=query)
            | Exists(Contact.objects.filter(client=OuterRef("pk"), full_name__icontains=query))
        )
    if status == "active":
        qs = qs.filter(Exists(engagements.filter(status=EngagementStatus.ACTIVE)))
    elif status == "awaiting_deposit":
        qs = qs.filter(
            Exists(
                engagements.filter(
                    status__in=[EngagementStatus.DRAFT, EngagementStatus.AWAITING_DEPOSIT]
                )
            )
        )
    elif status == "late_payer":
        qs = qs.filter(Exists(overdue))
    elif status == "refusals":
        qs = qs.filter(Exists(refusals))
    elif status == "no_engagement":
        qs = qs.filter(~Exists(engagements))
    elif status == "silent":
        from pacte.engagements.selectors import silent_engagements

        silent_ids = {row.engagement.client_id for row in silent_engagements(actor=actor)}
        qs = qs.filter(pk__in=silent_ids)
    return qs.order_by("name")


def client_choices(*, actor: Actor) -> list[Client]:
    """Names for a select: none of the list page's figures."""
    actor.require(Perm.CLIENT_VIEW)
    return list(Client.objects.for_actor(actor).only("pk", "name").order_by("name"))


def client_get(*, actor: Actor, client_id) -> Client:
    actor.require(Perm.CLIENT_VIEW)
    return actor.get_or_404(Client.objects.all(), pk=client_id)


def contact_list(*, actor: Actor, client: Client) -> list[Contact]:
    actor.require(Perm.CLIENT_VIEW)
    return list(Contact.objects.for_actor(actor).filter(client=client).order_by("full_name"))


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


def client_punctuality(*, actor: Actor, client: Client) -> Punctuality:
    from pacte.billing.models import Invoice

    actor.require(Perm.BILLING_VIEW)
    return punctuality_from(
        Invoice.objects.for_actor(actor)
        .filter(engagement__client=client)
        .only("due_on", "paid_in_full_on")
    )


def client_refusals(*, actor: Actor, client: Client) -> list:
    """R-NO: the register of every refusal of this client, reversed or not; never hidden."""
    from pacte.decisions.models import Decision, DecisionChoice

    actor.require(Perm.CLIENT_VIEW)
    return list(
        Decision.objects.for_actor(actor)
        .filter(recommendation__engagement__client=client, decision=DecisionChoice.REFUSED)
        .select_related("recommendation", "recommendation__engagement")
        .order_by("-decided_on", "-created_at")
    )


@dataclass(frozen=True)
class TimelineItem:
    on: dt.date
    kind: str  # "exchange", "decision", "invoice", "payment"
    item: object


def client_timeline(*, actor: Actor, client: Client, limit: int = 40) -> list[TimelineItem]:
    """Exchanges, decisions, invoices and payments of a client, newest first (4 queries)."""
    from pacte.billing.models import Invoice, Payment
    from pacte.decisions.models import Decision
    from pacte.exchanges.models import Exchange

    actor.require(Perm.CLIENT_VIEW)
    items = [
        TimelineItem(e.occurred_on, "exchange", e)
        for e in Exchange.objects.for_actor(actor)
        .filter(client=client)
        .select_related("engagement")
        .order_by("-occurred_on", "-pk")[:limit]
    ]
    items += [
        TimelineItem(d.decided_on, "decision", d)
        for d in Decision.objects.for_actor(actor)
        .filter(recommendation__engagement__client=client)
        .select_related("recommendation")
        .order_by("-decided_on", "-pk")[:limit]
    ]
    items += [
        TimelineItem(i.issued_on, "invoice", i)
        for i in Invoice.objects.for_actor(actor)
        .filter(engagement__client=client)
        .select_related("engagement")
        .order_by("-issued_on", "-pk")[:limit]
    ]
    items += [
        TimelineItem(p.paid_on, "payment", p)
        for p in Payment.objects.for_actor(actor)
        .filter(invoice__engagement__client=client)
        .select_related("invoice")
        .order_by("-paid_on", "-pk")[:limit]
    ]
    items.sort(key=lambda t: t.on, reverse=True)
    return items[:limit]
