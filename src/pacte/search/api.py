from ninja import Query, Router

from . import selectors
from .schemas import SearchOut

router = Router(tags=["search"])


@router.get(
    "/search",
    response=SearchOut,
    summary="Search clients, contacts, engagements, invoices and assets",
    description=(
        "What the header's search finds, grouped by kind, best matches first. A query is "
        f"{selectors.MIN_LENGTH} to {selectors.MAX_LENGTH} characters (400 `query_too_short`, "
        "`query_too_long` or `query_invalid` otherwise). A portal user's token searches their "
        "own client's engagements and invoices only."
    ),
)
def search(
    request,
    q: str = "",
    limit: int = Query(selectors.LIMIT_PER_KIND, ge=1, le=50, description="Results per kind"),
):
    return selectors.search(actor=request.actor, query=q, limit_per_kind=limit)
