from ninja import Router, Status

from pacte.engagements.selectors import engagement_get
from pacte.kernel.pagination import paginated

from . import selectors, services
from .schemas import AnnounceIn, OccurIn, RiskIn, RiskOut

router = Router(tags=["risks"])


@router.get("/risks", response=list[RiskOut], summary="The risk register of an engagement")
@paginated
def risk_list(request, engagement_id: int):
    engagement = engagement_get(actor=request.actor, engagement_id=engagement_id)
    return selectors.risk_list(actor=request.actor, engagement=engagement)


@router.post("/risks", response={201: RiskOut}, summary="Register a risk")
def risk_create(request, payload: RiskIn):
    return Status(201, services.risk_create(actor=request.actor, **payload.dict()))


@router.post(
    "/risks/{risk_id}/announce",
    response=RiskOut,
    summary="Record the day the risk was told to the client",
)
def risk_announce(request, risk_id: int, payload: AnnounceIn):
    return services.risk_announce(actor=request.actor, risk_id=risk_id, **payload.dict())


@router.post(
    "/risks/{risk_id}/occur",
    response=RiskOut,
    summary="The risk happened: put the situation and its options to the client",
)
def risk_occur(request, risk_id: int, payload: OccurIn):
    return services.risk_occur(actor=request.actor, risk_id=risk_id, **payload.dict())


@router.post("/risks/{risk_id}/close", response=RiskOut, summary="Close the risk")
def risk_close(request, risk_id: int):
    return services.risk_close(actor=request.actor, risk_id=risk_id)
