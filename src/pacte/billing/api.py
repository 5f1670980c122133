from ninja import Router, Status

from pacte.clients.selectors import client_get
from pacte.engagements.selectors import engagement_get
from pacte.kernel.pagination import paginated
from pacte.kernel.permissions import Perm

from . import selectors, services
from .schemas import InvoiceIn, InvoiceOut, PaymentIn, PaymentOut, PunctualityOut

router = Router(tags=["invoices"])


@router.get("/invoices", response=list[InvoiceOut], summary="Invoices")
@paginated
def invoice_list(request, engagement_id: int | None = None):
    engagement = (
        engagement_get(actor=request.actor, engagement_id=engagement_id) if engagement_id else None
    )
    return selectors.invoice_list(actor=request.actor, engagement=engagement)


@router.post("/invoices", response={201: InvoiceOut}, summary="Record an invoice")
def invoice_create(request, payload: InvoiceIn):
    data = payload.dict()
    data["due_on"] = data.pop("due_date")
    return Status(201, services.invoice_create(actor=request.actor, **data))


@router.get("/invoices/{invoice_id}", response=InvoiceOut, summary="One invoice")
def invoice_get(request, invoice_id: int):
    return selectors.invoice_get(actor=request.actor, invoice_id=invoice_id)


@router.post(
    "/invoices/{invoice_id}/payments",
    response={201: PaymentOut},
    summary="Record a payment (partial payments allowed)",
)
def payment_record(request, invoice_id: int, payload: PaymentIn):
    return Status(
        201, services.payment_record(actor=request.actor, invoice_id=invoice_id, **payload.dict())
    )


@router.get(
    "/clients/{client_id}/punctuality",
    response=PunctualityOut,
    summary="How punctually the client pays",
    tags=["clients"],
)
def client_punctuality(request, client_id: int):
    request.actor.require(Perm.BILLING_VIEW)
    client = client_get(actor=request.actor, client_id=client_id)
    p = selectors.client_punctuality(actor=request.actor, client=client)
    return {
        "invoices_counted": p.counted,
        "paid_on_time": p.on_time,
        "on_time_share": p.on_time_share,
        "average_days_late": p.average_days_late,
    }
