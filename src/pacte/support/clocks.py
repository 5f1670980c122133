"""The clocks of a support request (DOMAIN §4), as pure functions over stored instants.

- The **response clock** runs from reception to the first response (or to now while there is
  none), in business minutes, and never pauses.
- The **resolution clock** runs from reception to the resolution (or to now), less the
  intervals the request waited for the client.

Nothing is stored: every figure is recomputed from the instants and intervals, so a change of
the workspace's calendar or of an SLA's target changes every result. An SLA counted "round the
clock" counts plain minutes. No Django, no database.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from pacte.kernel.business_time import MINUTES_PER_DAY, BusinessCalendar, merge_intervals

Pause = Sequence[dt.datetime | None]

BUSINESS_HOURS = "business_hours"
ROUND_THE_CLOCK = "round_the_clock"


@lru_cache(maxsize=64)
def round_the_clock(time_zone: str) -> BusinessCalendar:
    """Every minute of every day, no holiday: plain minutes (a DST day counts its real 23 or
    25 hours)."""
    return BusinessCalendar(
        week=(((0, MINUTES_PER_DAY),),) * 7, time_zone=time_zone, country="", subdivision=""
    )


def calendar_for(kind: str, workspace_calendar: BusinessCalendar) -> BusinessCalendar:
    """The calendar an SLA counts in: the workspace's business hours, or round the clock."""
    if kind == ROUND_THE_CLOCK:
        return round_the_clock(workspace_calendar.time_zone)
    return workspace_calendar


def response_minutes(
    calendar: BusinessCalendar,
    received_at: dt.datetime,
    first_response_at: dt.datetime | None,
    now: dt.datetime,
) -> int:
    """The response clock: never paused."""
    return calendar.business_minutes_between(received_at, first_response_at or now)


def resolution_minutes(
    calendar: BusinessCalendar,
    received_at: dt.datetime,
    resolved_at: dt.datetime | None,
    waits: Iterable[Pause],
    now: dt.datetime,
) -> int:
    """The resolution clock: paused while the request waited for the client (a wait still
    open pauses it up to the end)."""
    return calendar.elapsed(received_at, resolved_at or now, waits)


def reached_at(
    calendar: BusinessCalendar,
    start: dt.datetime,
    minutes: int,
    pauses: Iterable[Pause] = (),
) -> dt.datetime | None:
    """The instant at which a clock started at `start` and paused during `pauses` has counted
    `minutes`; None when an open pause (a wait not over) stops it before."""
    pauses = list(pauses)
    segments: list[tuple[dt.datetime, dt.datetime | None]] = list(
        merge_intervals(p for p in pauses if p[1] is not None)
    )
    open_starts = [p[0] for p in pauses if p[1] is None and p[0] is not None]
    if open_starts:
        segments.append((min(open_starts), None))
    segments.sort(key=lambda s: s[0])
    current, remaining = start, minutes
    for pause_start, pause_end in segments:
        if pause_end is not None and pause_end <= current:
            continue
        if pause_start > current:
            candidate = calendar.add_business_minutes(current, remaining)
            if candidate <= pause_start:
                return candidate
            remaining -= calendar.business_minutes_between(current, pause_start)
        if pause_end is None:
            return None
        current = max(current, pause_end)
    return calendar.add_business_minutes(current, remaining)


@dataclass(frozen=True)
class Clock:
    """One clock of a request against one target."""

    minutes: int  # elapsed so far, or in all once stopped
    target: int
    stopped: bool  # the measured event happened (first response, resolution)
    # When the clock passed (or will pass) its target; None when it stopped within it or
    # is paused before reaching it.
    breached_at: dt.datetime | None

    @property
    def breached(self) -> bool:
        return self.minutes > self.target

    @property
    def percent(self) -> int:
        """Elapsed as a share of the target (for a gauge), capped at 999."""
        return min(999, round(100 * self.minutes / self.target)) if self.target else 0


def response_clock(
    calendar: BusinessCalendar,
    *,
    received_at: dt.datetime,
    first_response_at: dt.datetime | None,
    target: int,
    now: dt.datetime,
) -> Clock:
    minutes = response_minutes(calendar, received_at, first_response_at, now)
    breach = None
    if minutes > target:
        breach = calendar.add_business_minutes(received_at, target + 1)
    return Clock(minutes, target, first_response_at is not None, breach)


def resolution_clock(
    calendar: BusinessCalendar,
    *,
    received_at: dt.datetime,
    resolved_at: dt.datetime | None,
    waits: Iterable[Pause],
    target: int,
    now: dt.datetime,
) -> Clock:
    waits = list(waits)
    minutes = resolution_minutes(calendar, received_at, resolved_at, waits, now)
    breach = None
    if minutes > target:
        breach = reached_at(calendar, received_at, target + 1, waits)
    return Clock(minutes, target, resolved_at is not None, breach)
