"""Reads on engagements: lists, one engagement's overview and next steps, R-SILENCE."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import (
    DateField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from pacte.kernel.errors import NotFound
from pacte.kernel.money import Money, money_sum
from pacte.kernel.permissions import Perm
from pacte.kernel.tenancy import Actor

from .figures import with_figures
from .models import ChangeRequest, ChangeRequestStatus, Engagement, EngagementStatus, TimeEntry


def engagement_list(*, actor: Actor, client=None, status: str = "") -> QuerySet[Engagement]:
    """Engagements with the figures other apps register (billing: the deposit paid)."""
    actor.require(Perm.ENGAGEMENT_VIEW)
    qs = with_figures(Engagement.objects.for_actor(actor).select_related("client"))
    if client is not None:
        qs = qs.filter(client=client)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-created_at")


def engagement_get(*, actor: Actor, engagement_id) -> Engagement:
    actor.require(Perm.ENGAGEMENT_VIEW)
    return actor.get_or_404(
        with_figures(Engagement.objects.select_related("client", "deposit_override_by")),
        pk=engagement_id,
    )


@dataclass(frozen=True)
class Silence:
    engagement: Engagement
    last_outbound_on: dt.date | None
    days: int


NEVER = dt.date(1, 1, 1)  # stands for "we never wrote" inside the SQL below


def _last_outbound():
    """The last time we reached out to the client about this engagement, or about the client
    in general (NEVER when we never did). Two index-backed subqueries rather than one with an
    OR, which the databases cannot serve from an index."""
    from pacte.exchanges.models import Direction, Exchange

    # Correlated to an engagement row that the outer query already scoped to the workspace;
    # repeating `workspace_id = …` here would lead SQLite to the unselective workspace index.
    outbound = Exchange.objects.filter(direction=Direction.OUTBOUND)
    about_engagement = Subquery(
        outbound.filter(engagement=OuterRef("pk"))
        .order_by("-occurred_on")
        .values("occurred_on")[:1]
    )
    about_client = Subquery(
        outbound.filter(client=OuterRef("client_id"), engagement__isnull=True)
        .order_by("-occurred_on")
        .values("occurred_on")[:1]
    )
    never = Value(NEVER, output_field=DateField())
    return Greatest(Coalesce(about_engagement, never), Coalesce(about_client, never))


def silent_engagements(
    *, actor: Actor, today: dt.date | None = None, engagement: Engagement | None = None
) -> list[Silence]:
    """R-SILENCE: active engagements with no outbound exchange for the workspace's number of
    days, counted from activation when we never wrote. One query; only the silent rows are
    loaded."""
    actor.require(Perm.INTERNAL_VIEW)
    today = today or timezone.localdate()
    threshold = today - dt.timedelta(days=actor.workspace.silence_days)
    silent = (
        Engagement.objects.for_actor(actor)
        .filter(status=EngagementStatus.ACTIVE)
        .annotate(last_outbound_on=_last_outbound())
        .filter(
            Q(last_outbound_on__gt=NEVER, last_outbound_on__lte=threshold)
            | Q(last_outbound_on=NEVER, activated_on__lte=threshold)
            | Q(last_outbound_on=NEVER, activated_on__isnull=True, created_at__date__lte=threshold)
        )
        .select_related("client")
    )
    if engagement is not None:
        silent = silent.filter(pk=engagement.pk)
    rows = []
    for row in silent:
        last = None if row.last_outbound_on == NEVER else row.last_outbound_on
        since = last or row.activated_on or row.created_at.date()
        rows.append(Silence(row, last, (today - since).days))
    rows.sort(key=lambda s: s.days, reverse=True)
    return rows


@dataclass
class Overview:
    engagement: Engagement
    deposit_required: Money
    deposit_paid: Money
    invoiced: Money
    paid: Money
    overdue: list
    invoices: list
    change_requests: list
    change_request_counts: dict
    absorbed_hours: Decimal
    absorbed_amount: Money
    recommendations: list
    risks: list
    minutes_logged: int
    time_entries: list
    silence: Silence | None
    next_steps: list[str] = field(default_factory=list)

    @property
    def deposit_progress(self) -> int:
        if not self.deposit_required.amount:
            return 100
        share = self.deposit_paid.amount / self.deposit_required.amount * 100
        return min(100, int(share))

    @property
    def unbilled_extra_percent(self) -> Decimal:
        """R-INVEST: extra work done for free, as a share of the engagement's value."""
        value = self.engagement.value
        return (
            (self.absorbed_amount.amount / value * 100).quantize(Decimal("0.1"))
            if value
            else (Decimal(0))
        )

    @property
    def deposit_percent_of_value(self) -> Decimal:
        """R-INVEST: the client's commitment, the deposit as a share of the value."""
        value = self.engagement.value
        return (
            (self.deposit_required.amount / value * 100).quantize(Decimal("0.1"))
            if value
            else (Decimal(0))
        )

    @property
    def balance_due(self) -> Money:
        return self.invoiced - self.paid


def engagement_overview(
    *, actor: Actor, engagement: Engagement, today: dt.date | None = None
) -> Overview:
    """Everything the engagement page shows, in a fixed number of queries."""
    from pacte.billing.models import Invoice, InvoiceKind
    from pacte.decisions.models import Recommendation, RecommendationStatus
    from pacte.risks.models import Risk, RiskStatus

    actor.require(Perm.ENGAGEMENT_VIEW)
    # Fail closed: an engagement the actor may not see has no overview (no query needed).
    if engagement.workspace_id != actor.workspace.pk or (
        actor.is_portal and engagement.client_id != actor.client_id
    ):
        raise NotFound()
    today = today or timezone.localdate()
    currency = engagement.currency
    invoices = list(
        Invoice.objects.for_actor(actor)
        .filter(engagement=engagement)
        .prefetch_related("payments")
        .order_by("-issued_on", "-pk")
    )
    invoiced = money_sum((i.amount_money for i in invoices), currency)
    paid = money_sum((i.paid_money for i in invoices), currency)
    deposit_paid = money_sum(
        (i.paid_money for i in invoices if i.kind == InvoiceKind.DEPOSIT), currency
    )
    overdue = [i for i in invoices if not i.is_paid and i.due_on < today]
    changes = list(
        ChangeRequest.objects.for_actor(actor)
        .filter(engagement=engagement)
        .select_related("requested_by")
        .order_by("-requested_on", "-pk")
    )
    counts = dict.fromkeys(ChangeRequestStatus.values, 0)
    for change in changes:
        counts[change.status] += 1
    absorbed = [c for c in changes if c.status == ChangeRequestStatus.ABSORBED]
    recommendations = list(
        Recommendation.objects.for_actor(actor)
        .filter(engagement=engagement)
        .select_related("author")
        .prefetch_related("decisions")
        .order_by("-made_on", "-pk")
    )
    risks = list(
        Risk.objects.for_actor(actor)
        .filter(engagement=engagement)
        .select_related("situation")
        .order_by("status", "-pk")
    )
    entries = TimeEntry.objects.for_actor(actor).filter(engagement=engagement)
    minutes = entries.aggregate(total=Sum("minutes"))["total"] or 0
    silence = None
    if engagement.status == EngagementStatus.ACTIVE and actor.can(Perm.INTERNAL_VIEW):
        silence = next(
            iter(silent_engagements(actor=actor, today=today, engagement=engagement)), None
        )
    overview = Overview(
        engagement=engagement,
        deposit_required=engagement.required_deposit,
        deposit_paid=deposit_paid,
        invoiced=invoiced,
        paid=paid,
        overdue=overdue,
        invoices=invoices,
        change_requests=changes,
        change_request_counts=counts,
        absorbed_hours=sum((c.estimate_hours or Decimal(0) for c in absorbed), Decimal(0)),
        absorbed_amount=Money(
            sum((c.estimate_amount or Decimal(0) for c in absorbed), Decimal(0)), currency
        ),
        recommendations=recommendations,
        risks=risks,
        minutes_logged=minutes,
        time_entries=list(
            entries.select_related("author", "recommendation").order_by("-worked_on", "-pk")[:10]
        ),
        silence=silence,
    )
    overview.next_steps = _next_steps(overview, today, RecommendationStatus, RiskStatus)
    return overview


def _next_steps(o: Overview, today, RecommendationStatus, RiskStatus) -> list[str]:
    """What to do next, in plain words, most pressing first."""
    S = EngagementStatus
    steps = []
    e = o.engagement
    if e.status in {S.DRAFT, S.AWAITING_DEPOSIT}:
        if not any(i.kind == "deposit" for i in o.invoices):
            steps.append(
                _("Issue the deposit invoice (%(amount)s) before any work starts.")
                % {"amount": o.deposit_required.display()}
            )
        elif o.deposit_paid < o.deposit_required:
            steps.append(
                _("Wait for the deposit: %(paid)s of %(required)s received.")
                % {"paid": o.deposit_paid.display(), "required": o.deposit_required.display()}
            )
        else:
            steps.append(_("The deposit is paid: activate the engagement."))
    for invoice in o.overdue:
        steps.append(
            ngettext(
                "Chase invoice %(invoice)s: %(balance)s overdue by %(days)s day.",
                "Chase invoice %(invoice)s: %(balance)s overdue by %(days)s days.",
                (today - invoice.due_on).days,
            )
            % {
                "invoice": invoice,
                "balance": invoice.balance_money.display(),
                "days": (today - invoice.due_on).days,
            }
        )
    if o.silence:
        steps.append(
            ngettext(
                "No news sent to the client for %(days)s day: write to them.",
                "No news sent to the client for %(days)s days: write to them.",
                o.silence.days,
            )
            % {"days": o.silence.days}
        )
    for rec in o.recommendations:
        if rec.status == RecommendationStatus.OPEN:
            steps.append(_("Get the client's decision on “%(title)s”.") % {"title": rec.title})
    for change in o.change_requests:
        if change.status == ChangeRequestStatus.NEW:
            steps.append(_("Estimate the change request “%(title)s”.") % {"title": change.title})
        elif change.status == ChangeRequestStatus.ACCEPTED:
            steps.append(
                _("Bill the accepted change request “%(title)s”.") % {"title": change.title}
            )
    for risk in o.risks:
        if risk.status == RiskStatus.OPEN and risk.announced_on is None:
            steps.append(
                _("Tell the client about the risk “%(risk)s”.") % {"risk": risk.description}
            )
    return steps


def change_request_list(*, actor: Actor, engagement: Engagement) -> QuerySet[ChangeRequest]:
    actor.require(Perm.ENGAGEMENT_VIEW)
    return (
        ChangeRequest.objects.for_actor(actor)
        .filter(engagement=engagement)
        .select_related("requested_by")
        .order_by("-requested_on", "-pk")
    )


@dataclass
class Attention:
    """What needs attention today across the workspace (the dashboard's first card)."""

    silent: list[Silence]
    awaiting_deposit: list[Engagement]
    overdue_invoices: list
    awaiting_decision: list

    @property
    def empty(self) -> bool:
        return not (
            self.silent or self.awaiting_deposit or self.overdue_invoices or self.awaiting_decision
        )


def attention_today(*, actor: Actor, today: dt.date | None = None, limit: int = 8) -> Attention:
    """Four queries, whatever the size of the workspace."""
    from pacte.billing.models import Invoice
    from pacte.decisions.models import Recommendation, RecommendationStatus

    actor.require(Perm.INTERNAL_VIEW)
    today = today or timezone.localdate()
    return Attention(
        silent=silent_engagements(actor=actor, today=today)[:limit],
        awaiting_deposit=list(
            Engagement.objects.for_actor(actor)
            .filter(status__in=[EngagementStatus.DRAFT, EngagementStatus.AWAITING_DEPOSIT])
            .select_related("client")
            .order_by("created_at")[:limit]
        ),
        overdue_invoices=list(
            Invoice.objects.for_actor(actor)
            .filter(paid_in_full_on__isnull=True, due_on__lt=today)
            .select_related("engagement__client")
            .order_by("due_on")[:limit]
        ),
        awaiting_decision=list(
            Recommendation.objects.for_actor(actor)
            .filter(status=RecommendationStatus.OPEN)
            .select_related("engagement__client")
            .order_by("made_on")[:limit]
        ),
    )
