"""Reads on governance: the review cadence and what is overdue (§4 cadence), the
relationship's stage and its suggestion, the two-sided scorecard."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils import timezone

from pacte.engagements.models import Engagement, EngagementStatus
from pacte.engagements.selectors import client_engagement_keys
from pacte.kernel.errors import NotFound
from pacte.kernel.panels import once_per_page
from pacte.kernel.permissions import Perm
from pacte.kernel.tenancy import Actor

from .cadence import (
    HORIZON_MONTHS,
    KindStanding,
    Overdue,
    kind_standing,
    months_before,
)
from .models import ProcessAssessment, Review, ReviewCadence, StageConfirmation
from .registries import (
    CLIENT_SIDE,
    PROVIDER_SIDE,
    LifecycleStage,
    LineResult,
    ScorecardLine,
    StageSuggestion,
    months_between,
    registered_scorecard_lines,
    registered_stage_rules,
)

ES = EngagementStatus
# Engagements whose reviews are due: started and not ended. Closed or terminated ones keep
# their history (held, due) but are never flagged overdue.
RUNNING = (ES.ACTIVE, ES.ON_HOLD, ES.CLOSING)
ENDED = (ES.CLOSED, ES.TERMINATED)


def engagement_started_on(engagement: Engagement) -> dt.date:
    """The day the engagement started: its planned start, its activation, or its creation."""
    return (
        engagement.starts_on or engagement.activated_on or timezone.localdate(engagement.created_at)
    )


def _stopped_on(engagement: Engagement, today: dt.date) -> dt.date | None:
    """The day the engagement ended, when it has (None while it runs)."""
    if engagement.status == ES.TERMINATED:
        return engagement.terminated_on or engagement.ends_on or today
    if engagement.status == ES.CLOSED:
        return engagement.ends_on or today
    if engagement.ends_on and engagement.ends_on < today:
        return engagement.ends_on
    return None


# --- The cadence (§4 cadence) ---------------------------------------------------------------


@dataclass(frozen=True)
class CadenceReading:
    """One engagement's cadence measured: per kind, what was due, held, overdue, next due."""

    cadence: ReviewCadence
    kinds: list[KindStanding]

    @property
    def overdue(self) -> list[Overdue]:
        return sorted(
            (o for k in self.kinds for o in k.overdue), key=lambda o: (o.period.end, o.kind)
        )

    @property
    def next_due(self) -> list[tuple[str, dt.date]]:
        return [(k.kind, k.next_due_on) for k in self.kinds if k.next_due_on]

    @property
    def due(self) -> int:
        return sum(k.due for k in self.kinds)

    @property
    def held(self) -> int:
        return sum(k.held for k in self.kinds)


def _horizon(today: dt.date) -> dt.date:
    return months_before(today, HORIZON_MONTHS)


def read_cadences(
    cadences: QuerySet[ReviewCadence], *, workspace, today: dt.date, since: dt.date | None = None
) -> dict[int, CadenceReading]:
    """{engagement id: CadenceReading} for the cadences of `cadences` (a scoped queryset),
    over the horizon (from `since` when later). Two queries, whatever the number of
    engagements and reviews: the cadences with their engagement, then the distinct periods
    held in the horizon."""
    horizon = _horizon(today)
    since = max(since or horizon, horizon)
    rows = list(
        cadences.select_related("engagement__client")
        .only(
            "engagement_id",
            "operational",
            "tactical",
            "strategic",
            "starts_on",
            "engagement__status",
            "engagement__starts_on",
            "engagement__ends_on",
            "engagement__activated_on",
            "engagement__terminated_on",
            "engagement__created_at",
            "engagement__client_id",
            "engagement__title",
            "engagement__client__name",
        )
        .order_by()
    )
    if not rows:
        return {}
    held: dict[tuple[int, str], set[dt.date]] = defaultdict(set)
    periods_held = (
        Review.objects.in_workspace(workspace)
        .filter(
            engagement__in=cadences.values("engagement_id"),
            period_start__gte=since - dt.timedelta(days=92),
        )
        .order_by()
        .values_list("engagement_id", "kind", "period_start")
        .distinct()
    )
    for engagement_id, kind, start in periods_held:
        held[(engagement_id, kind)].add(start)
    grace = workspace.review_grace_days
    readings = {}
    for cadence in rows:
        engagement = cadence.engagement
        if engagement.status in (ES.DRAFT, ES.AWAITING_DEPOSIT):
            readings[engagement.pk] = CadenceReading(cadence, [])
            continue
        stops_on = _stopped_on(engagement, today)
        readings[engagement.pk] = CadenceReading(
            cadence,
            [
                kind_standing(
                    engagement_id=engagement.pk,
                    kind=kind,
                    starts_on=cadence.starts_on,
                    stops_on=stops_on,
                    held_keys=held.get((engagement.pk, kind), set()),
                    today=today,
                    grace_days=grace,
                    since=since,
                    flag_overdue=engagement.status in RUNNING,
                )
                for kind in cadence.kinds()
            ],
        )
    return readings


@dataclass(frozen=True)
class EngagementGovernance:
    cadence: ReviewCadence | None
    reading: CadenceReading | None
    reviews: list[Review]  # the latest, newest first

    @property
    def overdue(self) -> list[Overdue]:
        return self.reading.overdue if self.reading else []

    @property
    def next_due(self) -> list[tuple[str, dt.date]]:
        return self.reading.next_due if self.reading else []


def engagement_governance(
    *, actor: Actor, engagement: Engagement, today: dt.date | None = None, latest: int = 5
) -> EngagementGovernance:
    """The engagement's cadence, its latest reviews (with attendees and decisions), the next
    due day per kind and what is overdue. A fixed number of queries."""
    actor.require(Perm.INTERNAL_VIEW)
    today = today or timezone.localdate()
    cadences = ReviewCadence.objects.for_actor(actor).filter(engagement=engagement)
    reading = read_cadences(cadences, workspace=actor.workspace, today=today).get(engagement.pk)
    return EngagementGovernance(
        cadence=reading.cadence if reading else None,
        reading=reading,
        reviews=list(review_list(actor=actor, engagement=engagement)[:latest]),
    )


def review_list(*, actor: Actor, engagement: Engagement) -> QuerySet[Review]:
    """The engagement's reviews, newest first (review_engagement_idx), with who attended and
    the decisions taken."""
    actor.require(Perm.INTERNAL_VIEW)
    return (
        Review.objects.for_actor(actor)
        .filter(engagement=engagement)
        .prefetch_related("provider_attendees", "client_attendees", "decisions")
        .order_by("-held_on", "-pk")
    )


def review_get(*, actor: Actor, review_id) -> Review:
    actor.require(Perm.INTERNAL_VIEW)
    return actor.get_or_404(
        Review.objects.select_related("engagement__client", "created_by").prefetch_related(
            "provider_attendees", "client_attendees", "decisions__decisions"
        ),
        pk=review_id,
    )


@dataclass(frozen=True)
class ReviewStanding:
    held: int  # periods with their review held
    due: int  # periods whose review was due
    overdue: int  # due periods past their grace with no review


def reviews_held_since(
    *, actor: Actor, client, since: dt.date, today: dt.date | None = None
) -> ReviewStanding:
    """The client's reviews since `since` (at most the horizon, HORIZON_MONTHS), over its
    engagements' cadences: periods due, held, overdue. Two queries."""
    actor.require(Perm.CLIENT_VIEW)
    today = today or timezone.localdate()
    cadences = ReviewCadence.objects.in_workspace(actor.workspace).filter(
        engagement__in=client_engagement_keys(client)
    )
    readings = read_cadences(cadences, workspace=actor.workspace, today=today, since=since)
    return ReviewStanding(
        held=sum(r.held for r in readings.values()),
        due=sum(r.due for r in readings.values()),
        overdue=sum(len(r.overdue) for r in readings.values()),
    )


@dataclass(frozen=True)
class OverdueReview:
    engagement: Engagement
    overdue: Overdue


def _running_cadences(actor: Actor) -> QuerySet[ReviewCadence]:
    return ReviewCadence.objects.for_actor(actor).filter(engagement__status__in=RUNNING)


def overdue_reviews(
    *, actor: Actor, limit: int | None = 8, today: dt.date | None = None, client=None
) -> list[OverdueReview]:
    """Reviews overdue across the workspace (or one client), the oldest first: the first
    `limit`. Two queries whatever the number of engagements (see read_cadences)."""
    actor.require(Perm.INTERNAL_VIEW)
    today = today or timezone.localdate()
    cadences = _running_cadences(actor)
    if client is not None:
        # Through the client's engagements: searched on (workspace, engagement), no walk.
        cadences = cadences.filter(
            engagement__in=Engagement.objects.for_actor(actor)
            .filter(client=client, status__in=RUNNING)
            .values("pk")
        )
    readings = read_cadences(cadences, workspace=actor.workspace, today=today)
    found = [
        OverdueReview(reading.cadence.engagement, o)
        for reading in readings.values()
        for o in reading.overdue
    ]
    found.sort(key=lambda r: (r.overdue.period.end, r.engagement.pk, r.overdue.kind))
    return found[:limit]


def overdue_counts(*, workspace, cadences: QuerySet[ReviewCadence], today: dt.date) -> dict:
    """{engagement id: (client id, number of overdue reviews)} for cadences (already scoped)
    that hold at least one kind of review, on running engagements. Two queries."""
    readings = read_cadences(
        cadences.filter(engagement__status__in=RUNNING), workspace=workspace, today=today
    )
    return {
        eid: (r.cadence.engagement.client_id, len(r.overdue))
        for eid, r in readings.items()
        if r.kinds
    }


# --- The relationship's stage (§4 lifecycle stage) -------------------------------------------

# The reference median length of a technology partnership, from the article "Les 5 étapes
# clés à travers la vie d'un partenariat technologique" (shared/sources): "la durée médiane
# d'un partenariat tech est passée de 7 ans dans les années 90 à 4 ans et demi aujourd'hui".
MEDIAN_PARTNERSHIP_MONTHS_TODAY = 54
MEDIAN_PARTNERSHIP_MONTHS_1990S = 84


@dataclass(frozen=True)
class Relationship:
    started_on: dt.date  # the first engagement's start, or the client's creation
    months: int

    @property
    def share_of_median(self) -> int:
        """The relationship's age as a percentage of today's median length."""
        return round(100 * self.months / MEDIAN_PARTNERSHIP_MONTHS_TODAY)

    @property
    def years(self) -> float:
        return round(self.months / 12, 1)


def client_engagements(*, actor: Actor, client) -> list[Engagement]:
    """The client's engagements with what governance reads of them (start, status, end),
    read once per page: the relationship's age, the stage rules and the scorecard share it."""
    actor.require(Perm.CLIENT_VIEW)
    return once_per_page(
        client,
        "governance.engagements",
        lambda: list(
            Engagement.objects.for_actor(actor)
            .filter(client=client)
            .order_by()
            .only("title", "status", "starts_on", "activated_on", "created_at", "terminated_on")
        ),
    )


def relationship_of(*, actor: Actor, client, today: dt.date | None = None) -> Relationship:
    """How long the relationship has lasted: from the first engagement's start (or the
    client's creation when there is none). One query (shared on a page)."""
    actor.require(Perm.CLIENT_VIEW)
    today = today or timezone.localdate()
    starts = [engagement_started_on(e) for e in client_engagements(actor=actor, client=client)]
    started_on = min(starts) if starts else timezone.localdate(client.created_at)
    started_on = min(started_on, today)
    return Relationship(started_on, months_between(started_on, today))


def stage_suggest(*, actor: Actor, client, today: dt.date | None = None) -> StageSuggestion | None:
    """Pacte's suggestion: the first registered StageRule (lowest priority) that fires. A
    person confirms it, or not (stage_confirm)."""
    actor.require(Perm.INTERNAL_VIEW)
    today = today or timezone.localdate()
    for rule in registered_stage_rules():
        suggestion = rule.suggest(actor=actor, client=client, today=today)
        if suggestion is not None:
            return suggestion
    return None


@dataclass(frozen=True)
class ClientStage:
    current: StageConfirmation | None
    suggestion: StageSuggestion | None
    history: list[StageConfirmation]  # newest first
    relationship: Relationship
    rule_labels: dict = field(default_factory=dict)  # rule key -> its label

    @property
    def suggestion_stage_label(self):
        return LifecycleStage(self.suggestion.stage).label if self.suggestion else ""

    @property
    def suggestion_label(self):
        if self.suggestion is None:
            return ""
        return self.rule_labels.get(self.suggestion.rule, self.suggestion.rule)


def stage_history(*, actor: Actor, client) -> list[StageConfirmation]:
    actor.require(Perm.INTERNAL_VIEW)
    return list(
        StageConfirmation.objects.for_actor(actor)
        .filter(client=client)
        .select_related("confirmed_by")
        .order_by("-confirmed_on", "-pk")
    )


def client_stage(*, actor: Actor, client, today: dt.date | None = None) -> ClientStage:
    """The confirmed stage (the latest confirmation, or None), Pacte's suggestion and the
    history, with the relationship's age."""
    actor.require(Perm.INTERNAL_VIEW)
    today = today or timezone.localdate()
    history = stage_history(actor=actor, client=client)
    return ClientStage(
        current=history[0] if history else None,
        suggestion=stage_suggest(actor=actor, client=client, today=today),
        history=history,
        relationship=relationship_of(actor=actor, client=client, today=today),
        rule_labels={rule.key: rule.label for rule in registered_stage_rules()},
    )


# --- The two-sided scorecard (§4) ------------------------------------------------------------


def latest_process_assessment(*, actor: Actor, client) -> ProcessAssessment | None:
    """The latest assessment of the client's process documentation (read once per page)."""
    actor.require(Perm.CLIENT_VIEW)
    return once_per_page(
        client,
        "governance.process_assessment",
        lambda: (
            ProcessAssessment.objects.for_actor(actor)
            .filter(client=client)
            .select_related("assessed_by")
            .order_by("-assessed_on", "-pk")
            .first()
        ),
    )


def reader_for(actor: Actor, client) -> Actor:
    """Who reads the records behind the scorecard. The client's people see the same lines
    as the provider, measured on the same records, which their own actor may not read
    (silence, the action log): the workspace's system actor reads them, for this client
    only, once the portal user's own client is checked. Members read as themselves."""
    actor.require(Perm.CLIENT_VIEW)
    if actor.is_portal:
        if client.pk != actor.client_id:
            raise NotFound()
        return Actor.system(actor.workspace)
    return actor


ScorecardSide = list[tuple[ScorecardLine, LineResult]]


def client_scorecard(
    *, actor: Actor, client, today: dt.date | None = None
) -> dict[str, ScorecardSide]:
    """The two-sided scorecard: {"client": [(line, result)…], "provider": […]}, each side's
    lines in their order. In the portal, each result carries its portal evidence only."""
    today = today or timezone.localdate()
    reader = reader_for(actor, client)
    sides = {}
    for side in (CLIENT_SIDE, PROVIDER_SIDE):
        results = []
        for line in registered_scorecard_lines(side):
            result = line.measure(actor=reader, client=client, today=today)
            if actor.is_portal:
                result = LineResult(
                    value=result.value,
                    verdict=result.verdict,
                    evidence=result.portal_evidence,
                    portal_evidence=result.portal_evidence,
                )
            results.append((line, result))
        sides[side] = results
    return sides
