"""Reads on exchanges: the journal, and R-SILENCE (engagements with no news sent for too long)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import (
    BooleanField,
    DateField,
    Exists,
    ExpressionWrapper,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce, Greatest, NullIf, TruncDate
from django.utils import timezone

from pacte.engagements.models import Engagement, EngagementStatus
from pacte.kernel.permissions import Perm
from pacte.kernel.tenancy import Actor

from .models import Direction, Exchange


def exchange_list(*, actor: Actor, client=None) -> QuerySet[Exchange]:
    """The journal, newest first (an index of the workspace's, or the client's, serves it)."""
    actor.require(Perm.CLIENT_VIEW)
    qs = Exchange.objects.for_actor(actor)
    if client is not None:
        qs = qs.filter(client=client)
    return qs.order_by("-occurred_on", "-pk")


def engagement_exchanges(*, actor: Actor, engagement, limit: int = 20) -> list[Exchange]:
    """The exchanges journal of one engagement, newest first (R-SILENCE's evidence)."""
    actor.require(Perm.INTERNAL_VIEW)
    return list(
        Exchange.objects.for_actor(actor)
        .filter(engagement=engagement)
        .order_by("-occurred_on", "-pk")[:limit]
    )


@dataclass(frozen=True)
class Silence:
    engagement: Engagement
    last_outbound_on: dt.date | None
    days: int


NEVER = dt.date(1, 1, 1)  # stands for "we never wrote" inside the SQL below


def _latest_outbound(rows) -> Coalesce:
    # Read from exchange_silence_idx / exchange_client_silence_idx alone (covering indexes).
    # Correlated to an engagement row that the outer query already scoped to the workspace;
    # repeating `workspace_id = …` here would lead SQLite to the unselective workspace index.
    latest = Subquery(
        rows.filter(direction=Direction.OUTBOUND).order_by("-occurred_on").values("occurred_on")[:1]
    )
    return Coalesce(latest, Value(NEVER, output_field=DateField()))


def _silent_since():
    """Since when the client has had no news of the engagement: the last time we reached out
    about it, or about the client in general; when we never did, its activation (or its
    creation). Two index-backed subqueries rather than one with an OR, which the databases
    cannot serve from an index; each appears once in this expression."""
    about_engagement = _latest_outbound(Exchange.objects.filter(engagement=OuterRef("pk")))
    about_client = _latest_outbound(
        Exchange.objects.filter(client=OuterRef("client_id"), engagement__isnull=True)
    )
    last = NullIf(Greatest(about_engagement, about_client), Value(NEVER, output_field=DateField()))
    return Coalesce(last, "activated_on", TruncDate("created_at"), output_field=DateField())


def _ever_wrote():
    """Whether we ever reached out (then the silence counts from that day): two index probes,
    so that the last date needs no second pair of subqueries."""
    outbound = Exchange.objects.filter(direction=Direction.OUTBOUND)
    return ExpressionWrapper(
        Q(Exists(outbound.filter(engagement=OuterRef("pk"))))
        | Q(Exists(outbound.filter(client=OuterRef("client_id"), engagement__isnull=True))),
        output_field=BooleanField(),
    )


def silent_engagement_rows(
    *, actor: Actor, today: dt.date | None = None, engagement: Engagement | None = None
) -> QuerySet[Engagement]:
    """R-SILENCE: active engagements with no outbound exchange for the workspace's number of
    days, counted from activation when we never wrote; the most silent first. A queryset of
    engagements annotated with `silent_since` and `ever_wrote`: a page of it asks SQL for its
    rows only. The silence is one annotation: the ORDER BY names its column and the filter
    repeats it, so each of its two subqueries appears twice in the SQL (not ten times), each
    read from a covering index of the exchanges."""
    actor.require(Perm.INTERNAL_VIEW)
    today = today or timezone.localdate()
    threshold = today - dt.timedelta(days=actor.workspace.silence_days)
    rows = (
        Engagement.objects.for_actor(actor)
        .filter(status=EngagementStatus.ACTIVE)
        .annotate(silent_since=_silent_since())
        .filter(silent_since__lte=threshold)
        .annotate(ever_wrote=_ever_wrote())
        .select_related("client")
        # The ORDER BY names the selected column: the subqueries are not repeated there.
        .order_by("silent_since", "pk")
    )
    if engagement is not None:
        rows = rows.filter(pk=engagement.pk)
    return rows


def silence_of(row: Engagement, today: dt.date) -> Silence:
    """A row of `silent_engagement_rows` as a Silence."""
    return Silence(
        row,
        row.silent_since if row.ever_wrote else None,
        (today - row.silent_since).days,
    )


def silent_engagements(
    *,
    actor: Actor,
    today: dt.date | None = None,
    engagement: Engagement | None = None,
    limit: int | None = None,
) -> list[Silence]:
    """R-SILENCE, the most silent first: the first `limit` (every one without). One query."""
    today = today or timezone.localdate()
    rows = silent_engagement_rows(actor=actor, today=today, engagement=engagement)
    if limit is not None:
        rows = rows[:limit]
    return [silence_of(row, today) for row in rows]


def engagement_silence(
    *, actor: Actor, engagement: Engagement, today: dt.date | None = None
) -> Silence | None:
    """R-SILENCE for one engagement: its silence, or None (one query, members only)."""
    if engagement.status != EngagementStatus.ACTIVE or not actor.can(Perm.INTERNAL_VIEW):
        return None
    return next(
        iter(silent_engagements(actor=actor, today=today, engagement=engagement, limit=1)), None
    )
