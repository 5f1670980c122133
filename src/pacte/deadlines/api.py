"""R-DEADLINE over the API: the cancel-by dates coming up, and the missed ones."""

import datetime as dt

from django.utils import timezone
from ninja import Query, Router, Schema

from . import selectors

router = Router(tags=["deadlines"])


class DeadlineOut(Schema):
    asset_id: int
    client_id: int
    kind: str
    identifier: str
    renewal_date: dt.date
    cancel_by: dt.date
    auto_renew: bool
    missed: bool
    days_left: int


@router.get(
    "/deadlines",
    response=list[DeadlineOut],
    summary="Cancel-by dates in the next `within_days` days, and the missed ones (R-DEADLINE)",
)
def deadline_list(request, within_days: int = Query(30, ge=1, le=3650)):
    today = timezone.localdate()
    return [
        {
            "asset_id": d.asset_id,
            "client_id": d.client_id,
            "kind": d.kind,
            "identifier": d.identifier,
            "renewal_date": d.renewal_date,
            "cancel_by": d.cancel_by,
            "auto_renew": d.auto_renew,
            "missed": d.missed,
            "days_left": d.days_left(today),
        }
        for d in selectors.deadline_list(actor=request.actor, within_days=within_days, today=today)
    ]
