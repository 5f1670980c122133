from ninja import Router, Status
from ninja.pagination import paginate

from pacte.engagements.selectors import engagement_get

from . import selectors, services
from .schemas import InvoiceIn, InvoiceOut, PaymentIn, PaymentOut

router = Router(tags=["invoices"])


@router.get("/invoices", response=list[InvoiceOut], summary="Invoices")
@paginate
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
