from ninja import Router, Status

from pacte.clients.selectors import client_get
from pacte.engagements.selectors import engagement_get
from pacte.kernel.pagination import paginated
from pacte.kernel.permissions import Perm

from . import selectors, services
from .schemas import (
    AdjustmentIn,
    AdjustmentOut,
    FinalInvoiceIn,
    InvoiceIn,
    InvoiceOut,
    PaymentIn,
    PaymentOut,
    PunctualityOut,
    SettlementOut,
)
from .settlement import FORMULA, engagement_settlement

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


# The final settlement (solde de tout compte, DOMAIN §3).


def settlement_out(settlement) -> dict:
    s = settlement
    return {
        "engagement_id": s.engagement.pk,
        "status": s.engagement.status,
        "currency": s.currency,
        "invoiced": s.invoiced.amount,
        "paid": s.paid.amount,
        "deposit_held": s.deposit_held.amount,
        "outstanding": s.outstanding.amount,
        "hours_logged": s.hours_logged,
        "time_valued": s.time_valued,
        "hourly_rate": s.hourly_rate.amount if s.hourly_rate else None,
        "unbilled_hours": s.unbilled_hours,
        "unbilled_time": s.unbilled_time.amount,
        "unbilled_changes_count": s.unbilled_changes_count,
        "unbilled_changes": s.unbilled_changes.amount,
        "absorbed_count": s.absorbed_count,
        "absorbed": s.absorbed.amount,
        "written_off": s.written_off.amount,
        "written_off_deducted": s.written_off_deducted.amount,
        "written_off_counted": s.written_off_counted.amount,
        "refunded": s.refunded.amount,
        "balance": s.balance.amount,
        "to_invoice": s.to_invoice.amount,
        "formula": str(FORMULA),
    }


def _settlement_of(request, engagement_id: int) -> dict:
    engagement = engagement_get(actor=request.actor, engagement_id=engagement_id)
    return settlement_out(engagement_settlement(actor=request.actor, engagement=engagement))


@router.get(
    "/engagements/{engagement_id}/settlement",
    response=SettlementOut,
    summary="The final settlement: invoiced, paid, deposit held, not invoiced, balance "
    "(409 not_ending to the portal until the engagement ends)",
    tags=["engagements"],
)
def settlement_get(request, engagement_id: int):
    return _settlement_of(request, engagement_id)


@router.post(
    "/engagements/{engagement_id}/settlement/final-invoice",
    response={201: InvoiceOut},
    summary="Issue the final-balance invoice for what is not invoiced yet (409 when nothing)",
    tags=["engagements"],
)
def settlement_final_invoice(request, engagement_id: int, payload: FinalInvoiceIn):
    return Status(
        201,
        services.settlement_issue_final_invoice(
            actor=request.actor, engagement_id=engagement_id, **payload.dict()
        ),
    )


@router.post(
    "/engagements/{engagement_id}/settlement/write-off",
    response={201: AdjustmentOut},
    summary="Write off the balance due, or part of it, with a reason (owner)",
    tags=["engagements"],
)
def settlement_write_off(request, engagement_id: int, payload: AdjustmentIn):
    return Status(
        201,
        services.settlement_write_off(
            actor=request.actor, engagement_id=engagement_id, **payload.dict()
        ),
    )


@router.post(
    "/engagements/{engagement_id}/settlement/refund",
    response={201: AdjustmentOut},
    summary="Record a refund or credit note of what we owe the client, with a reason (owner)",
    tags=["engagements"],
)
def settlement_refund(request, engagement_id: int, payload: AdjustmentIn):
    return Status(
        201,
        services.settlement_record_refund(
            actor=request.actor, engagement_id=engagement_id, **payload.dict()
        ),
    )
