"""The review cadence's arithmetic, without the database (DOMAIN §4).

Each kind of review has its calendar period: the ISO week (operational), the calendar month
(tactical), the calendar quarter (strategic). A cadence requires one review of the kind in
every period from its first day; the period's review is due on the period's last day, and
it is overdue when none of the kind was held in the period and today is past the due day
plus the workspace's grace days (`review_grace_days`).

A first period cut short by the cadence's start (a cadence starting on the 25th of a month)
is joined to the next period when it is shorter than half a period: nobody is asked to
hold a monthly review in six days.

Only a bounded recent horizon is computed (HORIZON_MONTHS): the cost of a page or a health
score does not grow with the years a partnership has lasted.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .models import ReviewKind

HORIZON_MONTHS = 13  # covers "the last 12 months" whatever the quarter boundaries

_NOMINAL_DAYS = {
    ReviewKind.OPERATIONAL.value: 7,
    ReviewKind.TACTICAL.value: 30,
    ReviewKind.STRATEGIC.value: 91,
}


def period_start(kind: str, day: dt.date) -> dt.date:
    """The first day of the period of `kind` that `day` falls in."""
    if kind == ReviewKind.OPERATIONAL:
        return day - dt.timedelta(days=day.weekday())  # the ISO week starts on Monday
    if kind == ReviewKind.TACTICAL:
        return day.replace(day=1)
    if kind == ReviewKind.STRATEGIC:
        return dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    raise ValueError(f"unknown review kind {kind!r}")


def next_period_start(kind: str, start: dt.date) -> dt.date:
    if kind == ReviewKind.OPERATIONAL:
        return start + dt.timedelta(days=7)
    months = 1 if kind == ReviewKind.TACTICAL else 3
    month = start.month - 1 + months
    return dt.date(start.year + month // 12, month % 12 + 1, 1)


def months_before(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 - months
    year = day.year + month // 12
    return dt.date(year, month % 12 + 1, 1)


@dataclass(frozen=True)
class Period:
    kind: str
    start: dt.date  # the first day the cadence asks for this review (may be cut short)
    end: dt.date  # the due day: the last day of the period
    # The calendar periods it covers (two when a short first period was joined to the next).
    keys: tuple[dt.date, ...]

    @property
    def due_on(self) -> dt.date:
        return self.end


def periods(kind: str, *, starts_on: dt.date, until: dt.date, since: dt.date) -> list[Period]:
    """The periods of `kind` from the cadence's start, that end on or after `since` and start
    on or before `until`, oldest first."""
    first = period_start(kind, starts_on)
    # Skip ahead to the horizon without walking the years before it.
    horizon = period_start(kind, max(since, starts_on))
    found: list[Period] = []
    start = horizon
    if horizon == first:
        second = next_period_start(kind, first)
        cut = (second - starts_on).days
        if cut * 2 < _NOMINAL_DAYS[kind]:
            # A short first period: joined to the next one.
            end = next_period_start(kind, second) - dt.timedelta(days=1)
            found.append(Period(kind, starts_on, end, (first, second)))
            start = next_period_start(kind, second)
        else:
            end = second - dt.timedelta(days=1)
            found.append(Period(kind, starts_on, end, (first,)))
            start = second
    while start <= until:
        following = next_period_start(kind, start)
        found.append(Period(kind, start, following - dt.timedelta(days=1), (start,)))
        start = following
    return [p for p in found if p.end >= since and p.start <= until]


@dataclass(frozen=True)
class Overdue:
    engagement_id: int
    kind: str
    period: Period
    days_late: int  # days past the due day


@dataclass(frozen=True)
class KindStanding:
    kind: str
    due: int  # periods whose due day has passed within the horizon
    held: int  # of those, periods with a review held
    overdue: list[Overdue]
    next_due_on: dt.date | None  # the coming due day with no review yet (None once ended)


def kind_standing(
    *,
    engagement_id: int,
    kind: str,
    starts_on: dt.date,
    stops_on: dt.date | None,
    held_keys: set[dt.date],
    today: dt.date,
    grace_days: int,
    since: dt.date,
    flag_overdue: bool = True,
) -> KindStanding:
    """One kind of review on one engagement: what was due and held since `since` (and within
    the horizon), what is overdue, what is due next. `stops_on` is the engagement's end
    (None while it runs); `held_keys` the period starts of the reviews held."""
    until = min(today, stops_on) if stops_on else today
    if starts_on > until:
        return KindStanding(kind, 0, 0, [], None if stops_on else _end_of(kind, starts_on))
    due = held = 0
    overdue: list[Overdue] = []
    next_due_on = None
    found = periods(kind, starts_on=starts_on, until=until, since=since)
    for period in found:
        if stops_on is not None and period.end > stops_on:
            break  # the engagement ended within this period: nothing more was due
        was_held = any(key in held_keys for key in period.keys)
        if period.end < today:
            due += 1
            held += was_held
            late = (today - period.end).days
            if not was_held and late > grace_days:
                if flag_overdue:
                    overdue.append(Overdue(engagement_id, kind, period, late))
                continue
        if not was_held and next_due_on is None:
            next_due_on = period.end  # the current period, or one still within its grace
    if stops_on is not None:
        next_due_on = None
    elif next_due_on is None:
        # Every period so far was held: the next one is due at its end.
        after = next_period_start(kind, found[-1].keys[-1]) if found else starts_on
        next_due_on = _end_of(kind, after)
    return KindStanding(kind, due, held, overdue, next_due_on)


def _end_of(kind: str, day: dt.date) -> dt.date:
    return next_period_start(kind, period_start(kind, day)) - dt.timedelta(days=1)
