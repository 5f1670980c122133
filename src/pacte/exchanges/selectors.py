"""Reads on exchanges: the journal, and R-SILENCE (engagements with no news sent for too long)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import DateField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from pacte.engagements.models import Engagement, EngagementStatus
from pacte.kernel.permissions import Perm
from pacte.kernel.tenancy import Actor

from .models import Direction, Exchange


def exchange_list(*, actor: Actor, client=None) -> QuerySet[Exchange]:
    actor.require(Perm.CLIENT_VIEW)
    qs = Exchange.objects.for_actor(actor).select_related("client", "engagement")
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


def _last_outbound():
    """The last time we reached out to the client about this engagement, or about the client
    in general (NEVER when we never did). Two index-backed subqueries rather than one with an
    OR, which the databases cannot serve from an index."""
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


def engagement_silence(
    *, actor: Actor, engagement: Engagement, today: dt.date | None = None
) -> Silence | None:
    """R-SILENCE for one engagement: its silence, or None (one query, members only)."""
    if engagement.status != EngagementStatus.ACTIVE or not actor.can(Perm.INTERNAL_VIEW):
        return None
    return next(iter(silent_engagements(actor=actor, today=today, engagement=engagement)), None)
