"""Reads of the health score: today's score computed afresh (with its reasons), the trend
from the daily snapshots, and the dashboard's ranking. The score is the provider's own
working view (Perm.INTERNAL_VIEW): the client's people see the two-sided scorecard instead."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Max, QuerySet
from django.utils import timezone

from pacte.clients.models import Client
from pacte.engagements.models import Engagement, EngagementStatus
from pacte.kernel.panels import once_per_page
from pacte.kernel.permissions import Perm
from pacte.kernel.signals import CLIENT, ENGAGEMENT, get_signal, measuring
from pacte.kernel.tenancy import Actor

from .models import HealthSnapshot, Level
from .scoring import Health, measure_health

# The engagements whose health is followed: those under way with the client. A draft has no
# relationship yet; a closed or terminated one has no health left to watch.
RUNNING = (
    EngagementStatus.AWAITING_DEPOSIT,
    EngagementStatus.ACTIVE,
    EngagementStatus.ON_HOLD,
    EngagementStatus.CLOSING,
)
TREND_DAYS = 30


def running_engagements(actor: Actor) -> QuerySet[Engagement]:
    return Engagement.objects.for_actor(actor).filter(status__in=RUNNING)


def followed_clients(actor: Actor) -> QuerySet[Client]:
    """The clients with at least one engagement under way."""
    return Client.objects.for_actor(actor).filter(
        pk__in=running_engagements(actor).values("client_id")
    )


def client_health(*, actor: Actor, client: Client, today: dt.date | None = None) -> Health:
    actor.require(Perm.INTERNAL_VIEW)
    today = today or timezone.localdate()
    return once_per_page(
        client,
        "health",
        lambda: measure_health(
            workspace=actor.workspace,
            level=CLIENT,
            subjects=Client.objects.for_actor(actor).filter(pk=client.pk),
            today=today,
            ids=[client.pk],
        )[client.pk],
    )


def engagement_health(
    *, actor: Actor, engagement: Engagement, today: dt.date | None = None
) -> Health:
    actor.require(Perm.INTERNAL_VIEW)
    today = today or timezone.localdate()
    return once_per_page(
        engagement,
        "health",
        lambda: measure_health(
            workspace=actor.workspace,
            level=ENGAGEMENT,
            subjects=Engagement.objects.for_actor(actor).filter(pk=engagement.pk),
            today=today,
            ids=[engagement.pk],
        )[engagement.pk],
    )


def workspace_health(*, actor: Actor, level: str, today: dt.date | None = None):
    """The health of every followed client (or running engagement): what the daily snapshot
    stores. Each signal is measured once for all of them."""
    actor.require(Perm.INTERNAL_VIEW)
    subjects = followed_clients(actor) if level == CLIENT else running_engagements(actor)
    return measure_health(
        workspace=actor.workspace,
        level=level,
        subjects=subjects,
        today=today or timezone.localdate(),
    )


def workspace_health_all(*, actor: Actor, today: dt.date | None = None):
    """Every followed client's health and every running engagement's, in one run: a signal
    may reuse for the engagements what it read for their clients (`kernel.signals.shared`)."""
    with measuring():
        return (
            workspace_health(actor=actor, level=CLIENT, today=today),
            workspace_health(actor=actor, level=ENGAGEMENT, today=today),
        )


@dataclass(frozen=True)
class TrendPoint:
    taken_on: dt.date
    score: int


def health_trend(
    *,
    actor: Actor,
    client: Client | None = None,
    engagement: Engagement | None = None,
    days: int = TREND_DAYS,
) -> list[TrendPoint]:
    """The daily snapshots of the last `days` days, oldest first."""
    actor.require(Perm.INTERNAL_VIEW)
    since = timezone.localdate() - dt.timedelta(days=days)
    rows = HealthSnapshot.objects.for_actor(actor).filter(taken_on__gte=since)
    if engagement is not None:
        rows = rows.filter(engagement=engagement)
    else:
        rows = rows.filter(client=client, level=Level.CLIENT)
    points = rows.order_by("-taken_on").values_list("taken_on", "score")[: days + 1]
    return [TrendPoint(day, score) for day, score in reversed(points)]


@dataclass(frozen=True)
class Ranking:
    taken_on: dt.date | None
    lowest: list[HealthSnapshot]
    drops: list[HealthSnapshot]


def attention_ranking(*, actor: Actor, limit: int = 6) -> Ranking:
    """What needs attention, from the latest daily snapshot: the clients with the lowest
    scores, and those whose score dropped most since the week before. Three queries, each
    served by an index led by the workspace, whatever the number of clients."""
    actor.require(Perm.INTERNAL_VIEW)
    snapshots = HealthSnapshot.objects.for_actor(actor).filter(level=Level.CLIENT)
    latest = snapshots.aggregate(day=Max("taken_on"))["day"]
    if latest is None:
        return Ranking(taken_on=None, lowest=[], drops=[])
    that_day = snapshots.filter(taken_on=latest).select_related("client")
    lowest = list(that_day.order_by("score", "id")[:limit])
    drops = list(that_day.filter(change_7d__lt=0).order_by("change_7d", "id")[:limit])
    for snapshot in (*lowest, *drops):
        snapshot.weakest = weakest_reason(snapshot.reasons)
    return Ranking(taken_on=latest, lowest=lowest, drops=drops)


@dataclass(frozen=True)
class Reason:
    label: str
    rule: str
    score: int


def weakest_reason(reasons: list[dict]) -> Reason | None:
    """The signal that pulled a snapshot's score down most (its lowest sub-score): a score on
    the dashboard shows its main reason beside it, the rest being on the client's page."""
    if not reasons:
        return None
    found = min(reasons, key=lambda r: (r["score"], -r["weight"]))
    signal = get_signal(found["key"])
    return Reason(str(signal.label) if signal else found["key"], found["rule"], found["score"])
