"""Reads on engagements: lists, moves, change requests, time, and the next steps each app
contributes. Billing, decisions, risks and exchanges read their own parts of the engagement
page in their own selectors."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import (
    QuerySet,
    Sum,
    Window,
)
from django.utils import timezone

from pacte.kernel.errors import NotFound
from pacte.kernel.money import Money
from pacte.kernel.permissions import Perm
from pacte.kernel.tenancy import Actor
from pacte.kernel.transitions import Move

from .figures import deposit_secured, with_figures
from .models import (
    CHANGE_REQUEST_TRANSITIONS,
    DEPOSIT_PENDING,
    ENGAGEMENT_TRANSITIONS,
    ChangeRequest,
    ChangeRequestStatus,
    Engagement,
    TimeEntry,
)
from .next_steps import next_steps_for


def engagement_list(*, actor: Actor, client=None, status: str = "") -> QuerySet[Engagement]:
    """Engagements with the figures other apps register (billing: the deposit paid), newest
    first: an index serves the order with or without a client or a status, and the figures
    are subqueries of the rows of the page only."""
    actor.require(Perm.ENGAGEMENT_VIEW)
    qs = with_figures(Engagement.objects.for_actor(actor).select_related("client"))
    if client is not None:
        qs = qs.filter(client=client)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-created_at", "-pk")


def client_engagement_keys(client) -> QuerySet[Engagement]:
    """The keys of the client's engagements, as a subquery: the rows hung on engagements
    (invoices, recommendations…) of one client are read with `engagement__in=` this.

    Why not `engagement__client=client`: SQLite, without statistics, estimates that the
    workspace (which every read names) matches as few rows as the client does, and walks
    the workspace's index of the child table, through every client's rows. Matched on the
    workspace and the engagement together (the child's (workspace, engagement, …) index), it
    reads this client's rows only, as long as no ORDER BY makes a workspace-wide index look
    cheaper: such reads sort the client's rows in Python (`newest`)."""
    return Engagement.objects.in_workspace(client.workspace_id).filter(client=client).values("pk")


def newest(rows, key, limit: int | None = None) -> list:
    """The rows of one client, newest first by `key` (at most `limit`): a client's rows are
    few, and sorting them here keeps the read on the client's own index (see above)."""
    found = sorted(rows, key=key, reverse=True)
    return found if limit is None else found[:limit]


def engagement_get(*, actor: Actor, engagement_id) -> Engagement:
    actor.require(Perm.ENGAGEMENT_VIEW)
    return actor.get_or_404(
        with_figures(Engagement.objects.select_related("client", "deposit_override_by")),
        pk=engagement_id,
    )


def change_request_list(*, actor: Actor, engagement: Engagement) -> QuerySet[ChangeRequest]:
    actor.require(Perm.ENGAGEMENT_VIEW)
    return (
        ChangeRequest.objects.for_actor(actor)
        .filter(engagement=engagement)
        .select_related("requested_by")
        .order_by("-requested_on", "-pk")
    )


def available_moves(*, actor: Actor, obj: Engagement) -> list[Move]:
    """The moves of ENGAGEMENT_TRANSITIONS this actor may make on the engagement now. Activation
    is offered once the deposit is secured (R-DEPOSIT would refuse it before); until then the
    page says to issue and collect the deposit, and an owner may override it."""
    moves = ENGAGEMENT_TRANSITIONS.available(actor, obj.status)
    if any(m.name == "activate" for m in moves) and not deposit_secured(obj):
        moves = [m for m in moves if m.name != "activate"]
    return moves


def change_request_moves(*, actor: Actor, obj: ChangeRequest) -> list[Move]:
    """The moves of CHANGE_REQUEST_TRANSITIONS this actor may make on the request now."""
    return CHANGE_REQUEST_TRANSITIONS.available(actor, obj.status)


@dataclass
class ChangeRequestSummary:
    """The engagement's change requests and R-INVEST's second signal: what was given away."""

    engagement: Engagement
    change_requests: list[ChangeRequest]
    counts: dict[str, int]
    absorbed_hours: Decimal
    absorbed_amount: Money

    @property
    def change_request_counts(self) -> list[tuple[str, int]]:
        """(label, count) for each status that has requests, in the lifecycle's order."""
        return [(ChangeRequestStatus(s).label, n) for s, n in self.counts.items() if n]

    @property
    def unbilled_extra_percent(self) -> Decimal:
        """R-INVEST: extra work done for free, as a share of the engagement's value."""
        value = self.engagement.value
        if not value:
            return Decimal(0)
        return (self.absorbed_amount.amount / value * 100).quantize(Decimal("0.1"))


def engagement_change_requests(*, actor: Actor, engagement: Engagement) -> ChangeRequestSummary:
    """One query."""
    changes = list(change_request_list(actor=actor, engagement=engagement))
    counts = dict.fromkeys(ChangeRequestStatus.values, 0)
    for change in changes:
        counts[change.status] += 1
    absorbed = [c for c in changes if c.status == ChangeRequestStatus.ABSORBED]
    return ChangeRequestSummary(
        engagement=engagement,
        change_requests=changes,
        counts=counts,
        absorbed_hours=sum((c.estimate_hours or Decimal(0) for c in absorbed), Decimal(0)),
        absorbed_amount=Money(
            sum((c.estimate_amount or Decimal(0) for c in absorbed), Decimal(0)),
            engagement.currency,
        ),
    )


@dataclass
class TimeSummary:
    minutes_logged: int
    time_entries: list[TimeEntry]


def engagement_time(*, actor: Actor, engagement: Engagement, latest: int = 10) -> TimeSummary:
    """The time logged on the engagement, and its latest entries."""
    actor.require(Perm.ENGAGEMENT_VIEW)
    # One query: the total over every entry rides along the latest ones as a window.
    latest_entries = list(
        TimeEntry.objects.for_actor(actor)
        .filter(engagement=engagement)
        .select_related("author", "recommendation")
        .annotate(all_minutes=Window(Sum("minutes")))
        .order_by("-worked_on", "-pk")[:latest]
    )
    return TimeSummary(
        minutes_logged=latest_entries[0].all_minutes if latest_entries else 0,
        time_entries=latest_entries,
    )


def engagement_next_steps(
    *, actor: Actor, engagement: Engagement, today: dt.date | None = None
) -> list[str]:
    """What to do next on the engagement, in plain words, most pressing first: each app says
    its own steps (`engagements.next_steps`)."""
    actor.require(Perm.ENGAGEMENT_VIEW)
    # Fail closed: an engagement the actor may not see has no next steps.
    if engagement.workspace_id != actor.workspace.pk or (
        actor.is_portal and engagement.client_id != actor.client_id
    ):
        raise NotFound()
    return next_steps_for(actor=actor, engagement=engagement, today=today or timezone.localdate())


def awaiting_deposit(*, actor: Actor, limit: int = 8) -> list[Engagement]:
    """Engagements whose deposit is not secured yet, oldest first (the dashboard): the first
    `limit` rows of the partial index engagement_deposit_due_idx."""
    actor.require(Perm.INTERNAL_VIEW)
    return list(
        Engagement.objects.for_actor(actor)
        .filter(DEPOSIT_PENDING)
        .select_related("client")
        .order_by("created_at", "pk")[:limit]
    )
