from ninja import Query, Router, Status

from pacte.kernel.pagination import paginated

from . import listing, selectors, services
from .schemas import (
    ClientIn,
    ClientOut,
    ClientPatch,
    ContactIn,
    ContactOut,
)

router = Router(tags=["clients"])


@router.get("/clients", response=list[ClientOut], summary="List clients")
@paginated
def client_list(
    request,
    q: str = "",
    status: str = Query("", description=("One of: " + ", ".join(listing.filter_names()))),
):
    return selectors.client_list(actor=request.actor, query=q, status=status, figures=False)


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
@paginated
def contact_list(request, client_id: int):
    client = selectors.client_get(actor=request.actor, client_id=client_id)
    return selectors.contact_list(actor=request.actor, client=client)


@router.post("/clients/{client_id}/contacts", response={201: ContactOut}, summary="Add a contact")
def contact_create(request, client_id: int, payload: ContactIn):
    return Status(
        201, services.contact_create(actor=request.actor, client_id=client_id, **payload.dict())
    )
