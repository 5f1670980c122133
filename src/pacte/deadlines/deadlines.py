"""R-DEADLINE: every asset with a renewal date and a notice period has a cancel-by date.

*The registered letter arrived three weeks late: the subscription renewed itself.*

    cancel-by = next renewal − notice period

The arithmetic of one asset's renewal terms is `pacte.assets.renewals` (the asset page shows
it too); this module answers "what must I cancel soon?" across many assets at once.

At scale it reads each asset's stored deadline state (see `renewals.py` for the invariant):
the rows whose state is fresh on `today` are selected, ordered, counted and paged by SQL over
indexed ranges; the stale ones (a state computed after `today`, never computed, or run out)
are computed here in Python from their renewal terms; the two merge into one exact list.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left
from dataclasses import dataclass
from operator import attrgetter
from typing import NamedTuple

from django.db.models import Count, DateField, F, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.db.models.lookups import GreaterThanOrEqual, LessThanOrEqual

from pacte.assets.renewals import cancel_by_dates

# The columns of an asset the deadlines are computed from, in the order `deadlines_from` and
# `schedule.occurrences_from` read them.
DEADLINE_COLUMNS = (
    "id",
    "client_id",
    "kind",
    "identifier",
    "renewal_date",
    "renewal_period",
    "auto_renew",
    "notice_days",
)


class Deadline(NamedTuple):
    """One cancel-by date of one asset (a tuple: lists of tens of thousands of them stay
    light)."""

    asset_id: int
    client_id: int
    kind: str
    identifier: str
    renewal_date: dt.date  # the renewal this deadline protects against
    cancel_by: dt.date
    auto_renew: bool
    missed: bool  # the cancel-by date passed, the renewal is still to come

    def days_left(self, today: dt.date) -> int:
        return (self.cancel_by - today).days

    @property
    def key(self) -> tuple:
        """The order of every list of deadlines: by cancel-by date, then asset."""
        return (self.cancel_by, self.asset_id)


def deadlines_from(rows, *, today: dt.date, within_days: int) -> list[Deadline]:
    """Deadlines whose cancel-by date falls within [today, today + within_days], plus those
    already missed before a renewal still to come. `rows` are tuples in the order of
    DEADLINE_COLUMNS. Pure Python on plain tuples: the reference the SQL is tested against."""
    horizon = today + dt.timedelta(days=within_days)
    found = []
    for asset_id, client_id, kind, identifier, renewal, period, auto, notice in rows:
        if renewal is None:
            continue
        for due in cancel_by_dates(renewal, period, auto, notice, today=today, horizon=horizon):
            found.append(
                Deadline(
                    asset_id,
                    client_id,
                    kind,
                    identifier,
                    due.renewal_date,
                    due.cancel_by,
                    auto,
                    due.missed,
                )
            )
    found.sort(key=lambda d: d.key)
    return found


# --- fresh and stale rows --------------------------------------------------------------------

# Some conditions below are written as COALESCE(column, …) comparisons, which no index can
# seek: SQLite plans without statistics, and would otherwise walk, say, every row of the
# workspace through the `deadline_as_of` index. Each query then seeks the one index meant
# for it (models.Asset.Meta.indexes), which also holds every column of these tests.


def date_or(field: str, default: dt.date) -> Coalesce:
    """The date in `field`, or `default` where it is NULL: a test no index seeks."""
    return Coalesce(F(field), Value(default), output_field=DateField())


def fresh(today: dt.date) -> Q:
    """Rows whose stored state answers for `today` (renewals.py, the invariant)."""
    return Q(LessThanOrEqual(date_or("deadline_as_of", dt.date.max), today)) & Q(
        GreaterThanOrEqual(date_or("deadline_state_until", dt.date.max), today)
    )


def stale(today: dt.date) -> Q:
    """The other rows: computed in Python from their terms (those without a renewal date
    have nothing to compute). Empty in daily use once `deadline_states_refresh` has run."""
    return (
        Q(deadline_as_of__isnull=True)
        | Q(deadline_as_of__gt=today)
        | Q(deadline_state_until__lt=today)
    )


def stale_rows(assets: QuerySet, today: dt.date, *columns: str) -> QuerySet:
    """`columns` of the stale rows of `assets`, in one query that seeks an index per way of
    being stale (never computed, computed after `today`, run out): SQLite does not split
    the OR of `stale` over its indexes by itself. The three arms are disjoint."""
    assets = assets.order_by()
    computed = Q(LessThanOrEqual(date_or("deadline_as_of", dt.date.max), today))
    arms = (
        assets.filter(deadline_as_of__isnull=True),
        assets.filter(deadline_as_of__gt=today),
        assets.filter(computed, deadline_state_until__lt=today),
    )
    first, *others = (arm.values_list(*columns) for arm in arms)
    return first.union(*others, all=True)


def missed_q(today: dt.date) -> Q:
    """The cancel-by date passed, the renewal is still to come (by next cancel-by date)."""
    return Q(next_cancel_by__lt=today) & Q(
        GreaterThanOrEqual(date_or("next_renewal_on", dt.date.min), today)
    )


def cancellable_q(today: dt.date, horizon: dt.date) -> Q:
    return Q(cancellable_by__gte=today, cancellable_by__lte=horizon)


# --- one page of deadlines -------------------------------------------------------------------


def merge_window(window, extra, *, start, sql_count, offset, end, key) -> list:
    """The items of ranks [offset, end) of the sorted union of an SQL list and `extra` (all
    the rows computed in Python, sorted), given `window`: the SQL list's items from rank
    `start` = max(0, offset - len(extra)) on, up to rank `end` at least (or its end), and
    `sql_count`, the SQL list's length. Keys are unique across both lists.

    An SQL item's rank is its SQL rank plus the extra items before it. An extra item's rank
    is its own plus the SQL items before it: known inside the window; none when it comes
    before a window that starts the list; `sql_count` after a window that ends it; otherwise
    it lies before `offset` or from `end` on, and is not on the page."""
    if not extra:  # nothing to merge (the usual case once refreshed)
        return window[offset - start : end - start]
    extra_keys = [key(e) for e in extra]
    window_keys = [key(w) for w in window]
    placed = [
        (start + i + bisect_left(extra_keys, k), item)
        for i, (k, item) in enumerate(zip(window_keys, window, strict=True))
    ]
    reaches_end = start + len(window) >= sql_count
    for j, (k, item) in enumerate(zip(extra_keys, extra, strict=True)):
        if window and window_keys[0] <= k <= window_keys[-1]:
            before = start + bisect_left(window_keys, k)
        elif start == 0 and (not window or k < window_keys[0]):
            before = 0
        elif window and k > window_keys[-1] and reaches_end:
            before = sql_count
        else:
            continue
        placed.append((before + j, item))
    return [item for rank, item in sorted(placed, key=lambda p: p[0]) if offset <= rank < end]


@dataclass(frozen=True)
class DeadlinePage:
    items: list[Deadline]
    count: int  # every deadline of the list, not only this page's


_ENTRY = ("id", "client_id", "kind", "identifier", "auto_renew", "due_renewal", "due_cancel")


def _count_of(rows: QuerySet) -> Subquery:
    """COUNT(*) of `rows` as a scalar subquery (computed once per statement)."""
    counted = rows.order_by().annotate(one=Value(1)).values("one").annotate(n=Count("pk"))
    return Coalesce(Subquery(counted.values("n")[:1]), 0)


def _window(assets: QuerySet, today: dt.date, horizon: dt.date) -> QuerySet:
    """The fresh rows' deadlines as one ordered SQL list: the missed dates (all before
    `today`) then the cancellable ones, each row carrying the list's two counts."""
    base = assets.order_by().filter(fresh(today))
    counts = {
        "n_missed": _count_of(base.filter(missed_q(today))),
        "n_cancellable": _count_of(base.filter(cancellable_q(today, horizon))),
    }
    missed = (
        base.filter(missed_q(today))
        .annotate(
            due_renewal=F("next_renewal_on"), due_cancel=F("next_cancel_by"), due_missed=Value(1)
        )
        .annotate(**counts)
        .values_list(*_ENTRY, "due_missed", *counts)
    )
    cancellable = (
        base.filter(cancellable_q(today, horizon))
        .annotate(
            due_renewal=F("cancellable_renewal_on"),
            due_cancel=F("cancellable_by"),
            due_missed=Value(0),
        )
        .annotate(**counts)
        .values_list(*_ENTRY, "due_missed", *counts)
    )
    return missed.union(cancellable, all=True).order_by("due_cancel", "id")


def deadline_page(
    assets: QuerySet,
    *,
    today: dt.date,
    within_days: int,
    offset: int = 0,
    limit: int | None = None,
) -> DeadlinePage:
    """The deadlines of `assets` (a scoped queryset) within `within_days`, in key order,
    from `offset`, at most `limit` of them (all when None), with the total count.

    Two queries whatever the number of assets: the stale rows, then the page of fresh
    deadlines with the counts. (A third, a count, only for an offset past the end.)"""
    horizon = today + dt.timedelta(days=within_days)
    assets = assets.order_by()
    extra = deadlines_from(
        stale_rows(assets, today, *DEADLINE_COLUMNS),
        today=today,
        within_days=within_days,
    )
    # SQL ranks that can land on the page start at most len(extra) before `offset` (the
    # stale deadlines that may come before them).
    start = max(0, offset - len(extra))
    stop = None if limit is None else max(offset + limit, start + 1)
    rows = list(_window(assets, today, horizon)[start:stop])
    if rows:
        sql_count = rows[0][-2] + rows[0][-1]
    elif start == 0:
        sql_count = 0
    else:  # an offset past the end: the page is empty, the count still says how many
        base = assets.filter(fresh(today))
        sql_count = base.filter(missed_q(today) | cancellable_q(today, horizon)).aggregate(
            missed=Count("pk", filter=missed_q(today)),
            cancellable=Count("pk", filter=cancellable_q(today, horizon)),
        )
        sql_count = sql_count["missed"] + sql_count["cancellable"]
    window = [
        Deadline(pk, client_id, kind, identifier, renewal, cancel, bool(auto), bool(missed))
        for pk, client_id, kind, identifier, auto, renewal, cancel, missed, *_n in rows
    ]
    end = offset + limit if limit is not None else sql_count + len(extra)
    items = merge_window(
        window,
        extra,
        start=start,
        sql_count=sql_count,
        offset=offset,
        end=end,
        key=attrgetter("key"),
    )
    return DeadlinePage(items=items, count=sql_count + len(extra))
