"""The windows an SLA is judged over: calendar months or quarters, in the workspace's time
zone (PACTE_TIME_ZONE)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

MONTH = "month"
QUARTER = "quarter"


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def window_of(kind: str, day: dt.date) -> tuple[dt.date, dt.date]:
    """(first day, first day of the next window) of the month or quarter holding `day`."""
    if kind == QUARTER:
        start = dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
        return start, _add_months(start, 3)
    start = day.replace(day=1)
    return start, _add_months(start, 1)


def previous_window(kind: str, start: dt.date) -> tuple[dt.date, dt.date]:
    return window_of(kind, start - dt.timedelta(days=1))


def instants(start: dt.date, end: dt.date, time_zone: str) -> tuple[dt.datetime, dt.datetime]:
    """The window's dates as instants: local midnight of `start` to local midnight of `end`."""
    zone = ZoneInfo(time_zone)
    return (
        dt.datetime.combine(start, dt.time(), tzinfo=zone),
        dt.datetime.combine(end, dt.time(), tzinfo=zone),
    )
