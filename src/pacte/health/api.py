from ninja import Router

from pacte.clients.selectors import client_get
from pacte.engagements.selectors import engagement_get
from pacte.kernel.permissions import Perm
from pacte.kernel.signals import registered_signals

from . import selectors, services
from .schemas import HealthOut, TrendOut, WeightsIn, WeightsOut, health_out

router = Router(tags=["health"])

REASONS = (
    "The score from 0 to 100 with its reasons: each signal's weight (normalised to 100 among "
    "the signals that have data), raw value, sub-score and rule. A signal without data is "
    "left out and listed in `without_data`. Members only: the client's people see the "
    "two-sided scorecard instead."
)


@router.get(
    "/clients/{client_id}/health",
    response=HealthOut,
    summary="A client's health score, with its reasons",
    description=REASONS,
)
def client_health(request, client_id: int):
    request.actor.require(Perm.INTERNAL_VIEW)
    client = client_get(actor=request.actor, client_id=client_id)
    return health_out(selectors.client_health(actor=request.actor, client=client))


@router.get(
    "/clients/{client_id}/health/trend",
    response=TrendOut,
    summary="A client's daily health snapshots of the last 30 days",
    description="At most one point a day, oldest first: a bounded series, not a list to page.",
)
def client_health_trend(request, client_id: int):
    request.actor.require(Perm.INTERNAL_VIEW)
    client = client_get(actor=request.actor, client_id=client_id)
    points = selectors.health_trend(actor=request.actor, client=client)
    return {
        "days": selectors.TREND_DAYS,
        "points": [{"taken_on": p.taken_on.isoformat(), "score": p.score} for p in points],
    }


@router.get(
    "/engagements/{engagement_id}/health",
    response=HealthOut,
    summary="An engagement's health score, with its reasons",
    description=REASONS,
)
def engagement_health(request, engagement_id: int):
    request.actor.require(Perm.INTERNAL_VIEW)
    engagement = engagement_get(actor=request.actor, engagement_id=engagement_id)
    return health_out(selectors.engagement_health(actor=request.actor, engagement=engagement))


def _weights(workspace) -> dict:
    chosen = workspace.health_weights or {}
    return {
        "signals": [
            {
                "key": s.key,
                "label": str(s.label),
                "rule": s.rule,
                "levels": list(s.levels),
                "default_weight": s.weight,
                "weight": chosen.get(s.key, s.weight),
            }
            for s in registered_signals()
        ]
    }


@router.get(
    "/health/weights",
    response=WeightsOut,
    summary="The workspace's weights of the health signals",
)
def weights_get(request):
    request.actor.require(Perm.INTERNAL_VIEW)
    return _weights(request.actor.workspace)


@router.put(
    "/health/weights",
    response=WeightsOut,
    summary="Set the weights of the health signals (owners)",
)
def weights_put(request, payload: WeightsIn):
    workspace = services.health_policy_update(actor=request.actor, weights=payload.weights)
    return _weights(workspace)
