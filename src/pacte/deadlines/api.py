"""R-DEADLINE over the API: the cancel-by dates coming up, and the missed ones, a page at a
time."""

import datetime as dt

from django.utils import timezone
from ninja import Query, Router, Schema

from . import selectors

router = Router(tags=["deadlines"])

# The bounds of every API list (the same as `kernel.pagination`'s).
DEFAULT_LIMIT = 50
MAX_LIMIT = 500
MAX_OFFSET = 10_000_000


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


class DeadlinePageOut(Schema):
    items: list[DeadlineOut]
    count: int
    # The count is exact: it never stops at a cap (the envelope of every API list says so).
    count_capped: bool = False


@router.get(
    "/deadlines",
    response=DeadlinePageOut,
    summary="Cancel-by dates in the next `within_days` days, and the missed ones (R-DEADLINE)",
    description="Ordered by cancel-by date, then asset id: the missed dates first. "
    f"`limit` 1 to {MAX_LIMIT} (default {DEFAULT_LIMIT}), `offset` 0 to {MAX_OFFSET:,}; out of "
    "range or not a number: 400 `invalid`.",
)
def deadline_list(
    request,
    within_days: int = Query(30, ge=1, le=3650),
    limit: int = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT),
    offset: int = Query(0, ge=0, le=MAX_OFFSET),
):
    today = timezone.localdate()
    page = selectors.deadline_list_page(
        actor=request.actor, within_days=within_days, offset=offset, limit=limit, today=today
    )
    return {
        "items": [
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
            for d in page.items
        ],
        "count": page.count,
        "count_capped": False,
    }
