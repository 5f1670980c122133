from ninja import Router, Status
from ninja.pagination import paginate

from pacte.engagements.selectors import engagement_get

from . import selectors, services
from .schemas import (
    DecisionIn,
    DecisionOut,
    ImplementIn,
    OutcomeIn,
    RecommendationIn,
    RecommendationOut,
)

router = Router(tags=["recommendations"])


@router.get("/recommendations", response=list[RecommendationOut], summary="Recommendations")
@paginate
def recommendation_list(request, engagement_id: int | None = None, status: str = ""):
    engagement = (
        engagement_get(actor=request.actor, engagement_id=engagement_id) if engagement_id else None
    )
    return selectors.recommendation_list(actor=request.actor, engagement=engagement, status=status)


@router.post(
    "/recommendations",
    response={201: RecommendationOut},
    summary="Record a recommendation made to the client",
)
def recommendation_create(request, payload: RecommendationIn):
    recommendation = services.recommendation_create(actor=request.actor, **payload.dict())
    return Status(
        201, selectors.recommendation_get(actor=request.actor, recommendation_id=recommendation.pk)
    )


@router.get(
    "/recommendations/{recommendation_id}",
    response=RecommendationOut,
    summary="One recommendation with its decisions",
)
def recommendation_get(request, recommendation_id: int):
    return selectors.recommendation_get(actor=request.actor, recommendation_id=recommendation_id)


@router.post(
    "/recommendations/{recommendation_id}/decision",
    response={201: DecisionOut},
    summary="Record the client's decision: accepted, refused or deferred",
)
def recommendation_decide(request, recommendation_id: int, payload: DecisionIn):
    return Status(
        201,
        services.recommendation_decide(
            actor=request.actor, recommendation_id=recommendation_id, **payload.dict()
        ),
    )


@router.post(
    "/recommendations/{recommendation_id}/implement",
    response=RecommendationOut,
    summary="Mark as implemented (R-NO: 409 client_refused when refused)",
)
def recommendation_implement(request, recommendation_id: int, payload: ImplementIn | None = None):
    services.recommendation_implement(
        actor=request.actor,
        recommendation_id=recommendation_id,
        implemented_on=payload.implemented_on if payload else None,
    )
    return selectors.recommendation_get(actor=request.actor, recommendation_id=recommendation_id)


@router.post(
    "/recommendations/{recommendation_id}/outcome",
    response=RecommendationOut,
    summary="Record whether the announced risk materialised",
)
def recommendation_outcome(request, recommendation_id: int, payload: OutcomeIn):
    services.recommendation_record_outcome(
        actor=request.actor, recommendation_id=recommendation_id, **payload.dict()
    )
    return selectors.recommendation_get(actor=request.actor, recommendation_id=recommendation_id)
