"""Reads on exchanges: the journal, and R-SILENCE (engagements with no news sent for too long)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import BooleanField, DateField, ExpressionWrapper, Q, QuerySet, Value
from django.db.models.functions import Coalesce, Greatest, NullIf, TruncDate
from django.utils import timezone

from pacte.engagements.models import Engagement, EngagementStatus
from pacte.kernel.permissions import Perm
from pacte.kernel.tenancy import Actor

from .models import Exchange


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


def _never() -> Value:
    return Value(NEVER, output_field=DateField())


def _silent_since():
    """Since when the client has had no news of the engagement: the last time we reached out
    about it, or about the client in general; when we never did, its activation (or its
    creation). Both days are stored (`refresh_last_outbound` keeps them): two columns of the
    engagement's row and its client's, no subquery. Greatest is NULL on SQLite as soon as
    one side is, hence the NEVER placeholder."""
    last = NullIf(
        Greatest(
            Coalesce("last_outbound_on", _never()),
            Coalesce("client__last_general_outbound_on", _never()),
        ),
        _never(),
    )
    return Coalesce(last, "activated_on", TruncDate("created_at"), output_field=DateField())


def _ever_wrote():
    """Whether we ever reached out (then the silence counts from that day)."""
    return ExpressionWrapper(
        Q(last_outbound_on__isnull=False) | Q(client__last_general_outbound_on__isnull=False),
        output_field=BooleanField(),
    )


def silent_engagement_rows(
    *, actor: Actor, today: dt.date | None = None, engagement: Engagement | None = None
) -> QuerySet[Engagement]:
    """R-SILENCE: active engagements with no outbound exchange for the workspace's number of
    days, counted from activation when we never wrote; the most silent first. A queryset of
    engagements annotated with `silent_since` and `ever_wrote`: a page of it asks SQL for its
    rows only. It reads the workspace's active engagements (engagement_status_idx) joined to
    their client by primary key, and the stored last outbound days: no subquery."""
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


def exchange_get(*, actor: Actor, exchange_id) -> Exchange:
    """One exchange of the journal (members only: exchanges are not shown in the portal)."""
    actor.require(Perm.CLIENT_VIEW)
    return actor.get_or_404(Exchange.objects.all(), pk=exchange_id)
