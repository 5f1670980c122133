from ninja import Query, Router, Status
from ninja.pagination import paginate

from pacte.kernel.permissions import Perm

from . import selectors, services
from .schemas import (
    ClientIn,
    ClientOut,
    ClientPatch,
    ContactIn,
    ContactOut,
    PunctualityOut,
    RefusalOut,
)

router = Router(tags=["clients"])


@router.get("/clients", response=list[ClientOut], summary="List clients")
@paginate
def client_list(
    request,
    q: str = "",
    status: str = Query("", description=("One of: " + ", ".join(selectors.CLIENT_FILTERS))),
):
    return selectors.client_list(actor=request.actor, query=q, status=status)


@router.post("/clients", response={201: ClientOut}, summary="Create a client")
def client_create(request, payload: ClientIn):
    data = payload.dict()
    return Status(201, services.client_create(actor=request.actor, **data))


@router.get("/clients/{client_id}", response=ClientOut, summary="One client")
def client_get(request, client_id: int):
    return selectors.client_get(actor=request.actor, client_id=client_id)


@router.patch("/clients/{client_id}", response=ClientOut, summary="Change a client's profile")
def client_update(request, client_id: int, payload: ClientPatch):
    changes = payload.dict(exclude_unset=True)
    return services.client_update(actor=request.actor, client_id=client_id, **changes)


@router.get("/clients/{client_id}/contacts", response=list[ContactOut], summary="Contacts")
def contact_list(request, client_id: int):
    client = selectors.client_get(actor=request.actor, client_id=client_id)
    return selectors.contact_list(actor=request.actor, client=client)


@router.post("/clients/{client_id}/contacts", response={201: ContactOut}, summary="Add a contact")
def contact_create(request, client_id: int, payload: ContactIn):
    return Status(
        201, services.contact_create(actor=request.actor, client_id=client_id, **payload.dict())
    )


@router.get(
    "/clients/{client_id}/punctuality",
    response=PunctualityOut,
    summary="How punctually the client pays",
)
def client_punctuality(request, client_id: int):
    request.actor.require(Perm.BILLING_VIEW)
    client = selectors.client_get(actor=request.actor, client_id=client_id)
    p = selectors.client_punctuality(actor=request.actor, client=client)
    return {
        "invoices_counted": p.counted,
        "paid_on_time": p.on_time,
        "on_time_share": p.on_time_share,
        "average_days_late": p.average_days_late,
    }


@router.get(
    "/clients/{client_id}/refusals",
    response=list[RefusalOut],
    summary="R-NO: the client's register of refusals",
)
def client_refusals(request, client_id: int):
    client = selectors.client_get(actor=request.actor, client_id=client_id)
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
