"""Every list of the API is a page: `{"items": [...], "count": N, "count_capped": false}`.

`limit` (default 50, at most 500) and `offset` (at most 10,000,000) are validated like any
other parameter, so a value out of range, or not a number, is a 400 `invalid` with its field,
never a 500. The count is bounded too: counting a million rows on every page would cost more
than the page itself, so it stops at 10,000 and says `"count_capped": true` beyond.

    from pacte.kernel.pagination import paginated

    @router.get("/things", response=list[ThingOut])
    @paginated
    def thing_list(request):
        return selectors.thing_list(actor=request.actor)  # a QuerySet ordered by an index

A list computed in Python (already bounded) pages too. `mapped(queryset, fn)` pages a
queryset and turns only the rows of the page into what the schema reads.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from asgiref.sync import sync_to_async
from django.db.models import QuerySet
from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination, paginate

DEFAULT_LIMIT = 50
MAX_LIMIT = 500
MAX_OFFSET = 10_000_000
COUNT_CAP = 10_000


class Mapped:
    """A queryset whose rows become something else (a dict, a dataclass) only once sliced:
    the page asks SQL for its rows, and the count stays a COUNT."""

    def __init__(self, queryset: QuerySet, convert: Callable[[Any], Any]):
        self.queryset = queryset
        self.convert = convert

    def __getitem__(self, page: slice) -> list:
        return [self.convert(row) for row in self.queryset[page]]


def mapped(queryset: QuerySet, convert: Callable[[Any], Any]) -> Mapped:
    return Mapped(queryset, convert)


def bounded_count(rows, *, offset: int, page: Sequence, limit: int) -> tuple[int, bool]:
    """(count, capped): how many rows match, counting at most COUNT_CAP of them."""
    if 0 < len(page) < limit or (offset == 0 and not page):
        # The last page tells the total: no COUNT query.
        total = offset + len(page)
    else:
        if isinstance(rows, Mapped):
            rows = rows.queryset
        if isinstance(rows, QuerySet):
            # COUNT(*) over a subquery of at most COUNT_CAP + 1 keys: no ordering, no
            # annotation, no join of select_related, whatever the list shows.
            total = rows.order_by().values("pk")[: COUNT_CAP + 1].count()
        else:
            total = len(rows)
    if total > COUNT_CAP:
        return COUNT_CAP, True
    return total, False


class ListPagination(LimitOffsetPagination):
    """The one pagination of Pacte's API lists (limit and offset, bounded count)."""

    class Input(Schema):
        limit: int = Field(
            DEFAULT_LIMIT,
            ge=1,
            le=MAX_LIMIT,
            description=f"Rows per page, 1 to {MAX_LIMIT} (default {DEFAULT_LIMIT}). "
            "Out of range or not a number: 400 `invalid`.",
        )
        offset: int = Field(
            0,
            ge=0,
            le=MAX_OFFSET,
            description=f"Rows to skip, 0 to {MAX_OFFSET:,} (default 0). Out of range or not a "
            "number: 400 `invalid`.",
        )

    class Output(Schema):
        items: list[Any]
        count: int = Field(
            description=f"Rows that match, counted up to {COUNT_CAP:,} (then `count_capped` "
            "is true)."
        )
        count_capped: bool = Field(
            description=f"True when more than {COUNT_CAP:,} rows match: `count` then says "
            f"{COUNT_CAP:,}; page on until a page has fewer than `limit` items."
        )

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_limit=MAX_LIMIT, **kwargs)

    def paginate_queryset(self, queryset, pagination: Input, request, **params) -> dict:
        offset, limit = pagination.offset, pagination.limit
        page = list(queryset[offset : offset + limit])
        count, capped = bounded_count(queryset, offset=offset, page=page, limit=limit)
        return {self.items_attribute: page, "count": count, "count_capped": capped}

    async def apaginate_queryset(self, queryset, pagination: Input, request, **params) -> dict:
        return await sync_to_async(self.paginate_queryset)(queryset, pagination, request)


# The decorator every API list uses: `@paginated` under `@router.get(..., response=list[X])`.
paginated = paginate(ListPagination)
