"""The client list's situations and figures, contributed by the apps that know them.

Clients sit below engagements, billing, decisions and exchanges, so the list cannot read
them. Each of those apps registers, from its own `panels.py`:

- a **filter**: a situation the list can be narrowed to (`?status=late_payer`,
  `pacte clients list --status late_payer`), as a function of the actor and the queryset;
- a **column**: the figures it annotates on each client row (correlated subqueries, so that
  several never multiply each other's rows), the cell the web list shows, and the fields
  the CLI prints.

The list costs the same queries whatever is registered: every figure is a subquery of the
one query that pages the clients.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Func, IntegerField, Subquery
from django.db.models.functions import Coalesce

from pacte.kernel.panels import Registry


@dataclass(frozen=True)
class ClientFilter:
    name: str  # the value of `?status=`
    label: Any  # what the list's select shows (lazy)
    # (actor=, qs=) -> the clients of `qs` in that situation
    apply: Callable[..., Any] = field(compare=False)
    order: int = 100


@dataclass(frozen=True)
class ClientColumn:
    name: str
    label: Any  # the list's header (lazy)
    # () -> {annotation name: expression correlated to the client row, OuterRef("pk")}
    annotations: Callable[[], dict] = field(compare=False)
    template: str  # the web list's cell, with `client` the annotated row
    # The CLI's fields for JSON/CSV (client -> dict, with the keys `field_names`), its table
    # header and its table cell (row -> str).
    fields: Callable[[Any], dict] = field(compare=False)
    field_names: tuple[str, ...] = ()
    cli_header: str = ""
    cli_cell: Callable[[dict], str] | None = field(default=None, compare=False)
    order: int = 100


client_filters: Registry[ClientFilter] = Registry("client list filter")
client_columns: Registry[ClientColumn] = Registry("client list column")


def register_client_filter(entry: ClientFilter) -> ClientFilter:
    return client_filters.add((entry.name,), entry)


def register_client_column(entry: ClientColumn) -> ClientColumn:
    return client_columns.add((entry.name,), entry)


def filters() -> list[ClientFilter]:
    return sorted(client_filters.entries(), key=lambda f: (f.order, f.name))


def columns() -> list[ClientColumn]:
    return sorted(client_columns.entries(), key=lambda c: (c.order, c.name))


def filter_names() -> list[str]:
    return [f.name for f in filters()]


def count_of(qs) -> Coalesce:
    """A COUNT as a correlated subquery: several of them never multiply each other's rows.
    A plain `SELECT COUNT(…)` (a Func, which Django does not group): a GROUP BY would sort
    each client's rows in a temporary B-tree."""
    return Coalesce(
        Subquery(
            qs.order_by().values(n=Func("pk", function="COUNT", output_field=IntegerField())),
            output_field=IntegerField(),
        ),
        0,
    )


def count_column(
    name: str,
    label,
    rows: Callable[[], Any],
    template: str,
    *,
    attribute: str,
    field_name: str,
    cli_header: str,
    order: int,
) -> ClientColumn:
    """A column that counts some rows of each client (overdue invoices, refusals): one
    correlated COUNT as `client.<attribute>`, the same number on the web list and the CLI."""
    return ClientColumn(
        name,
        label,
        lambda: {attribute: count_of(rows())},
        template,
        lambda c: {field_name: getattr(c, attribute)},
        (field_name,),
        cli_header,
        lambda r: str(r[field_name]),
        order,
    )
