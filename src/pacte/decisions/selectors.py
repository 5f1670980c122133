import datetime as dt

from django.db.models import QuerySet

from pacte.engagements.selectors import client_engagement_keys, newest
from pacte.kernel.permissions import Perm
from pacte.kernel.tenancy import Actor
from pacte.kernel.transitions import Move

from .models import RECOMMENDATION_TRANSITIONS, Decision, DecisionChoice, Recommendation
from .models import RecommendationStatus as RS


def recommendation_list(
    *, actor: Actor, engagement=None, status: str = ""
) -> QuerySet[Recommendation]:
    """Recommendations, the latest first: an index serves the order with or without an
    engagement or a status."""
    actor.require(Perm.ENGAGEMENT_VIEW)
    actor.require(Perm.DECISION_VIEW)  # per-contact rights (DOMAIN §9): decisions
    qs = Recommendation.objects.for_actor(actor).prefetch_related("decisions")
    if engagement is not None:
        qs = qs.filter(engagement=engagement)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-made_on", "-pk")


def available_moves(*, actor: Actor, obj: Recommendation) -> list[Move]:
    """The moves of RECOMMENDATION_TRANSITIONS this actor may make on the recommendation now:
    the client's decisions (members who record them, and the client in the portal) and
    `implement`. No query: the actor already reached the recommendation through a scoped read."""
    return RECOMMENDATION_TRANSITIONS.available(actor, obj.status)


def recommendation_get(*, actor: Actor, recommendation_id) -> Recommendation:
    actor.require(Perm.ENGAGEMENT_VIEW)
    actor.require(Perm.DECISION_VIEW)  # per-contact rights (DOMAIN §9): decisions
    return actor.get_or_404(
        Recommendation.objects.select_related("engagement").prefetch_related("decisions"),
        pk=recommendation_id,
    )


def client_recommendation_keys(client) -> QuerySet[Recommendation]:
    """The keys of the client's recommendations, as a subquery: see
    `engagements.selectors.client_engagement_keys`."""
    return (
        Recommendation.objects.in_workspace(client.workspace_id)
        .filter(engagement__in=client_engagement_keys(client))
        .values("pk")
    )


def client_refusals(*, actor: Actor, client) -> list[Decision]:
    """R-NO: the register of every refusal of this client, reversed or not; never hidden.
    The latest first."""
    actor.require(Perm.CLIENT_VIEW)
    rows = (
        Decision.objects.for_actor(actor)
        .filter(recommendation__in=client_recommendation_keys(client))
        .filter(decision=DecisionChoice.REFUSED)
        .select_related("recommendation")
        .order_by()  # sorted here (see client_engagement_keys)
    )
    return newest(rows, lambda d: (d.decided_on, d.pk))


def client_recommendations_to_answer(*, actor: Actor, client) -> dict[str, list]:
    """What the client may still answer, in one query: `awaiting` (open or put off) and
    `refused` (R-NO: a refusal stays before their eyes, and they may change their mind)."""
    actor.require(Perm.ENGAGEMENT_VIEW)
    actor.require(Perm.DECISION_VIEW)  # per-contact rights (DOMAIN §9): decisions
    rows = sorted(
        Recommendation.objects.for_actor(actor)
        .filter(
            engagement__in=client_engagement_keys(client),
            status__in=[RS.OPEN, RS.DEFERRED, RS.REFUSED],
        )
        .select_related("engagement")
        .order_by(),  # sorted here (see client_engagement_keys)
        key=lambda r: (r.made_on, r.pk),
    )
    return {
        "awaiting": [r for r in rows if r.status != RS.REFUSED],
        "refused": [r for r in rows if r.status == RS.REFUSED],
    }


def client_decisions(*, actor: Actor, client) -> list[Decision]:
    """Every decision of the client on record, newest first."""
    actor.require(Perm.ENGAGEMENT_VIEW)
    actor.require(Perm.DECISION_VIEW)  # per-contact rights (DOMAIN §9): decisions
    rows = (
        Decision.objects.for_actor(actor)
        .filter(recommendation__in=client_recommendation_keys(client))
        .select_related("recommendation")
        .order_by()  # sorted here (see client_engagement_keys)
    )
    return newest(rows, lambda d: (d.decided_on, d.pk))


def engagement_recommendations(*, actor: Actor, engagement) -> list[Recommendation]:
    """The engagement's recommendations with their decisions, newest first (two queries)."""
    actor.require(Perm.ENGAGEMENT_VIEW)
    actor.require(Perm.DECISION_VIEW)  # per-contact rights (DOMAIN §9): decisions
    return list(
        Recommendation.objects.for_actor(actor)
        .filter(engagement=engagement)
        .select_related("author")
        .prefetch_related("decisions")
        .order_by("-made_on", "-pk")
    )


def awaiting_decision(
    *, actor: Actor, limit: int | None = 8, made_by: dt.date | None = None
) -> list[Recommendation]:
    """Recommendations still waiting for the client's decision, oldest first (the dashboard):
    the first `limit` rows of recommendation_status_idx. The reminders ask for every one
    made on or before `made_by` (`limit=None`)."""
    actor.require(Perm.INTERNAL_VIEW)
    rows = Recommendation.objects.for_actor(actor).filter(status=RS.OPEN)
    if made_by is not None:
        rows = rows.filter(made_on__lte=made_by)
    return list(rows.select_related("engagement__client").order_by("made_on", "pk")[:limit])
