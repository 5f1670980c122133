from ninja import Router, Status

from pacte.clients.selectors import client_get
from pacte.engagements.selectors import engagement_get
from pacte.kernel.api_schema import choice
from pacte.kernel.pagination import paginated

from . import selectors, services
from .models import RecommendationStatus
from .schemas import (
    DecisionIn,
    DecisionOut,
    ImplementIn,
    OutcomeIn,
    RecommendationIn,
    RecommendationOut,
    RefusalOut,
)

router = Router(tags=["recommendations"])

MOVES = (
    "Each recommendation carries `moves`: what the caller may do with it now, from "
    "its lifecycle table. The decisions `accepted`, `refused`, `deferred` (the values "
    "`decision` takes) for members who record them and for the client in the portal; "
    "`implement` for members who edit recommendations. A viewer gets []."
)


@router.get(
    "/recommendations",
    response=list[RecommendationOut],
    summary="Recommendations",
    description=MOVES,
)
@paginated
def recommendation_list(
    request,
    engagement_id: int | None = None,
    status: choice(RecommendationStatus, blank=True) = "",
):
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
    summary="One recommendation with its decisions and its moves",
    description=MOVES,
)
def recommendation_get(request, recommendation_id: int):
    return selectors.recommendation_get(actor=request.actor, recommendation_id=recommendation_id)


@router.post(
    "/recommendations/{recommendation_id}/decision",
    response={201: DecisionOut},
    summary="Record the client's decision: accepted, refused or deferred",
    description="The decision is one of the recommendation's `moves`; 409 "
    "`already_implemented` once it is implemented.",
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
    description="Offered as the move `implement` on accepted advice only. R-NO: 409 "
    "`client_refused`, `client_deferred` or `decision_pending` while the client has not "
    "accepted it. Implementing twice changes nothing.",
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


@router.get(
    "/clients/{client_id}/refusals",
    response=list[RefusalOut],
    summary="R-NO: the client's register of refusals",
    tags=["clients"],
)
@paginated
def client_refusals(request, client_id: int):
    client = client_get(actor=request.actor, client_id=client_id)
    # One client's register, read whole (its rows only) and paged here.
    return [
        {
            "decision_id": d.pk,
            "recommendation_id": d.recommendation_id,
            "recommendation": d.recommendation.title,
            "engagement_id": d.recommendation.engagement_id,
            "decided_by": d.decided_by,
            "decided_on": d.decided_on.isoformat(),
            "words": d.words,
            "still_refused": d.recommendation.status == "refused",
        }
        for d in selectors.client_refusals(actor=request.actor, client=client)
    ]
