from django.utils import timezone
from ninja import Router, Status

from pacte.clients.selectors import client_get
from pacte.kernel.pagination import mapped, paginated

from . import selectors, services
from .schemas import ExchangeIn, ExchangeOut, SilenceOut

router = Router(tags=["exchanges"])


@router.get("/exchanges", response=list[ExchangeOut], summary="The journal of exchanges")
@paginated
def exchange_list(request, client_id: int | None = None):
    client = client_get(actor=request.actor, client_id=client_id) if client_id else None
    return selectors.exchange_list(actor=request.actor, client=client)


@router.post("/exchanges", response={201: ExchangeOut}, summary="Log an exchange")
def exchange_log(request, payload: ExchangeIn):
    return Status(201, services.exchange_log(actor=request.actor, **payload.dict()))


@router.get(
    "/silent-engagements",
    response=list[SilenceOut],
    summary="R-SILENCE: active engagements with no news sent for too long",
    description="The most silent first.",
)
@paginated
def silent(request):
    today = timezone.localdate()

    def out(row) -> dict:
        s = selectors.silence_of(row, today)
        return {
            "engagement_id": s.engagement.pk,
            "client_id": s.engagement.client_id,
            "title": s.engagement.title,
            "last_outbound_on": s.last_outbound_on,
            "days_silent": s.days,
        }

    return mapped(selectors.silent_engagement_rows(actor=request.actor, today=today), out)
