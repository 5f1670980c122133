from typing import Annotated

from ninja import Query, Router
from pydantic import WithJsonSchema

from pacte.kernel.api_schema import stripped_pattern

from . import selectors
from .schemas import SearchOut

router = Router(tags=["search"])

# What `selectors.clean_query` accepts.
QUERY_PATTERN = stripped_pattern(min_length=selectors.MIN_LENGTH, max_length=selectors.MAX_LENGTH)


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
    # Required; its pattern is described here and checked by the selector, which answers its
    # own codes (`query_too_short`, `query_too_long`, `query_invalid`).
    q: Annotated[str, WithJsonSchema({"type": "string", "pattern": QUERY_PATTERN})] = Query(
        ...,
        description=f"{selectors.MIN_LENGTH} to {selectors.MAX_LENGTH} characters once the "
        "surrounding spaces are stripped, on one line.",
    ),
    limit: int = Query(selectors.LIMIT_PER_KIND, ge=1, le=50, description="Results per kind"),
):
    return selectors.search(actor=request.actor, query=q, limit_per_kind=limit)
