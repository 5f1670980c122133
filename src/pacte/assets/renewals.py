"""An asset's renewal terms as dates: the next renewal, and the date by which to cancel it.

    cancel-by = next renewal − notice period

For a tacit (automatic) monthly or yearly renewal, once a renewal date has passed the next
one rolls forward, anchored on the original day: a renewal on 31 January renews on 28 or 29
February, then 31 March; one on 29 February renews on 28 February in common years and on
29 February in leap years.

Pure functions of an asset's own fields, kept here because the asset page and the asset sheet
show them. R-DEADLINE itself (the deadlines across a workspace, the calendar, its feed, the
API and the command) is the `pacte.deadlines` app, which builds on these.

The stored deadline state (R-DEADLINE at scale)
-----------------------------------------------
"Which cancel-by dates fall before this horizon?" has no portable SQL form: the next
anniversary of a date, month ends and leap years included, is not something SQLite and
PostgreSQL compute alike. So every asset stores its `deadline_state` (below) as of a day A,
`deadline_as_of`: the first renewal on or after A and its cancel-by date (`next_renewal_on`,
`next_cancel_by`), the first renewal whose cancel-by date is on or after A and that date
(`cancellable_renewal_on`, `cancellable_by`), and, for a renewal that rolls,
`deadline_state_until` = min(next renewal, cancellable-by date): the last day the state says
everything. The model computes it on every save and bulk creation (`Asset.save`,
`AssetQuerySet`), as of the day of the write; `deadline_states_refresh` recomputes, as of
today, the rows whose state has run out (run it nightly: it only saves time).

The invariant, proved by `stored_cancel_by_dates` below and tested with random terms and
dates against `cancel_by_dates`: for a day T with A <= T, and T <= deadline_state_until when
the renewal rolls, the asset's cancel-by dates on T with horizon H are exactly

    missed:      (next_renewal_on, next_cancel_by)      when next_cancel_by < T <= next_renewal_on
    cancellable: (cancellable_renewal_on, cancellable_by) when T <= cancellable_by <= H

because on every day of [A, next_renewal_on] the first renewal on or after T is still
next_renewal_on, and on every day of [A, cancellable_by] the first renewal that can still be
cancelled is still cancellable_renewal_on. A renewal that does not roll has one date: the
state holds for every T >= A (once passed, both conditions fail). Every other row is *stale*
on T: computed after T (a question about the past), never computed (a row written around the
model, e.g. by raw SQL: `deadline_as_of` is NULL), or past `deadline_state_until`. Readers
answer the fresh rows in SQL (indexed ranges, counts, LIMIT) and the stale ones with the
arithmetic above, so the answer is exact whatever was or was not refreshed; refreshing only
keeps the stale rows few.
"""

from __future__ import annotations

import datetime as dt
from calendar import monthrange
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta

# Plain strings (the values of `models.RenewalPeriod`): the model imports this module.
RENEWAL_STEP_MONTHS = {"monthly": 1, "yearly": 12}


def rolls(period: str, auto_renew: bool) -> bool:
    """A tacit monthly or yearly renewal rolls forward; any other lapses once passed."""
    return bool(auto_renew) and period in RENEWAL_STEP_MONTHS


def next_renewal(renewal_date: dt.date, period: str, auto_renew: bool, today: dt.date) -> dt.date:
    """The first renewal on or after `today`, or the recorded date when it does not roll
    (a one-off date, or a renewal that is not tacit: it simply lapses once passed)."""
    months = RENEWAL_STEP_MONTHS.get(period)
    if not auto_renew or months is None or renewal_date >= today:
        return renewal_date
    # Jump close to today arithmetically, then step: anchored on the original day.
    elapsed = (today.year - renewal_date.year) * 12 + (today.month - renewal_date.month)
    k = max(0, elapsed // months - 1)
    candidate = renewal_date + relativedelta(months=k * months)
    while candidate < today:
        k += 1
        candidate = renewal_date + relativedelta(months=k * months)
    return candidate


def cancel_by(renewal: dt.date, notice_days: int) -> dt.date:
    return renewal - dt.timedelta(days=notice_days)


@dataclass(frozen=True)
class CancelBy:
    renewal_date: dt.date  # the renewal this date protects against
    cancel_by: dt.date
    missed: bool  # the cancel-by date passed, the renewal is still to come


def cancel_by_dates(
    renewal_date: dt.date | None,
    period: str,
    auto_renew: bool,
    notice_days: int | None,
    *,
    today: dt.date,
    horizon: dt.date,
) -> list[CancelBy]:
    """The cancel-by dates of one asset that matter on `today`: the one falling within
    [today, horizon], or the missed one before a renewal still to come. With a notice longer
    than the gap between tacit renewals, a later renewal may still be cancellable: the first
    such one comes after the missed one when its cancel-by date is within the horizon."""
    if renewal_date is None:
        return []
    upcoming = next_renewal(renewal_date, period, auto_renew, today)
    if upcoming < today:
        return []  # lapsed: nothing left to cancel
    notice = dt.timedelta(days=notice_days or 0)
    deadline = upcoming - notice
    if deadline >= today:
        return [CancelBy(upcoming, deadline, False)] if deadline <= horizon else []
    found = [CancelBy(upcoming, deadline, True)]
    if auto_renew and period in RENEWAL_STEP_MONTHS:
        later = upcoming
        while later - notice < today:
            later = next_renewal(renewal_date, period, auto_renew, later + dt.timedelta(days=1))
        if later - notice <= horizon:
            found.append(CancelBy(later, later - notice, False))
    return found


def asset_cancel_by(asset, *, today: dt.date, within_days: int) -> CancelBy | None:
    """The cancel-by date the asset page shows next to an asset: the next one still
    cancellable within `within_days`, else the missed one, else none."""
    dates = cancel_by_dates(
        asset.renewal_date,
        asset.renewal_period,
        asset.auto_renew,
        asset.notice_days,
        today=today,
        horizon=today + dt.timedelta(days=within_days),
    )
    return dates[-1] if dates else None


# --- the stored deadline state ---------------------------------------------------------------

# The Asset columns `deadline_state` fills, in the order of `DeadlineState`'s fields.
DEADLINE_STATE_FIELDS = (
    "deadline_as_of",
    "next_renewal_on",
    "next_cancel_by",
    "cancellable_renewal_on",
    "cancellable_by",
    "deadline_state_until",
    "renewal_day",
)
# The fields an asset's state is computed from: a write to any of them recomputes it.
RENEWAL_TERM_FIELDS = frozenset({"renewal_date", "renewal_period", "auto_renew", "notice_days"})


@dataclass(frozen=True)
class DeadlineState:
    """An asset's renewal terms as of one day (see the module docstring)."""

    as_of: dt.date
    next_renewal_on: dt.date | None = None
    next_cancel_by: dt.date | None = None
    cancellable_renewal_on: dt.date | None = None
    cancellable_by: dt.date | None = None
    until: dt.date | None = None  # rolling renewals only: the last day the state holds
    renewal_day: int | None = None  # the anchor day of a rolling renewal (31 for 31 January)

    def as_fields(self) -> dict:
        return dict(
            zip(
                DEADLINE_STATE_FIELDS,
                (
                    self.as_of,
                    self.next_renewal_on,
                    self.next_cancel_by,
                    self.cancellable_renewal_on,
                    self.cancellable_by,
                    self.until,
                    self.renewal_day,
                ),
                strict=True,
            )
        )


def deadline_state(
    renewal_date: dt.date | None,
    period: str,
    auto_renew: bool,
    notice_days: int | None,
    *,
    as_of: dt.date,
) -> DeadlineState:
    """The state an asset stores for its renewal terms, as of `as_of`. Public: code that
    writes assets around the model (a bulk loader) sets the columns from it."""
    if renewal_date is None:
        return DeadlineState(as_of)
    notice = dt.timedelta(days=notice_days or 0)
    first = next_renewal(renewal_date, period, auto_renew, as_of)
    if first < as_of:
        return DeadlineState(as_of, renewal_day=renewal_date.day)  # lapsed: nothing to come
    if not rolls(period, auto_renew):
        due = first - notice
        cancellable = (first, due) if due >= as_of else (None, None)
        return DeadlineState(as_of, first, due, *cancellable, None, renewal_date.day)
    # The first renewal whose cancel-by date is on or after as_of: on or after as_of + notice.
    later = next_renewal(renewal_date, period, True, as_of + notice)
    return DeadlineState(
        as_of,
        first,
        first - notice,
        later,
        later - notice,
        min(first, later - notice),
        renewal_date.day,
    )


def state_is_fresh(state: DeadlineState, today: dt.date) -> bool:
    """Whether the stored state answers for `today` (the invariant's conditions)."""
    return state.as_of <= today and (state.until is None or today <= state.until)


def stored_cancel_by_dates(
    state: DeadlineState, *, today: dt.date, horizon: dt.date
) -> list[CancelBy]:
    """`cancel_by_dates` read from a fresh stored state: what the SQL of `pacte.deadlines`
    selects, written in Python so that a test can hold the two against each other."""
    found = []
    if state.next_cancel_by is not None and state.next_cancel_by < today <= state.next_renewal_on:
        found.append(CancelBy(state.next_renewal_on, state.next_cancel_by, True))
    if state.cancellable_by is not None and today <= state.cancellable_by <= horizon:
        found.append(CancelBy(state.cancellable_renewal_on, state.cancellable_by, False))
    return found


def renewals_from(first: dt.date, step_months: int, anchor_day: int):
    """The renewals of a rolling asset from `first` on (itself one of them), anchored on
    `anchor_day`: after 28 February 2027, a monthly renewal anchored on the 31st renews on
    31 March. Endless: the caller stops. (first + relativedelta(months=k, day=anchor_day),
    without relativedelta's cost: the calendar computes thousands.)"""
    index = first.year * 12 + first.month - 1
    while True:
        year, month = divmod(index, 12)
        month += 1
        if anchor_day > 28:
            anchor = min(anchor_day, monthrange(year, month)[1])
            yield dt.date(year, month, anchor)
        else:
            yield dt.date(year, month, anchor_day)
        index += step_months
