"""Business hours and business-minute arithmetic (DOMAIN §4, issue 11).

A `BusinessCalendar` is weekly hours (one or several intervals per weekday, so a lunch break
is allowed), a time zone, the public holidays of a country (and optional subdivision) from the
`holidays` package, and the closure days the workspace adds (a bridge day). Every SLA clock
and every "working days" count in Pacte uses one.

Rules of the arithmetic:

- Hours are wall-clock hours in the calendar's zone; a day's business time is the real time
  between those wall-clock instants (on a DST day, 09:00–18:00 is still 540 minutes; only
  hours that span the change itself gain or lose an hour).
- Time is counted in whole minutes: instants are truncated to the minute (seconds dropped)
  before counting, so counts add up exactly: between(a, b) + between(b, c) == between(a, c).
- Everything is computed from intervals, never from running totals, and costs O(days).

Pure: no Django, no database. `kernel.selectors.business_calendar` builds one for a workspace.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import holidays as holidays_lib

UTC = dt.UTC
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
MINUTES_PER_DAY = 24 * 60
# add_business_minutes gives up after this many days without finding the time it needs.
MAX_SEARCH_DAYS = 366 * 50

# Minutes since local midnight, [start, end), 0 <= start < end <= 1440.
DayHours = tuple[tuple[int, int], ...]
Interval = tuple[dt.datetime, dt.datetime]

DEFAULT_WEEK: tuple[DayHours, ...] = ((((9 * 60, 18 * 60),),) * 5) + ((), ())


class CalendarError(ValueError):
    """A calendar that cannot be built: bad hours, unknown country or subdivision."""


# --- Hours as text: "09:00-12:30, 13:30-18:00" ----------------------------------------------

_INTERVAL = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*[-–—]\s*(\d{1,2}):(\d{2})\s*$")


def parse_day_hours(text: str) -> DayHours:
    """A day's hours from text such as "09:00-12:30, 13:30-18:00"; blank means closed.
    Raises CalendarError on anything else (bad times, start not before end, overlaps)."""
    text = (text or "").strip()
    if not text:
        return ()
    intervals = []
    for part in text.split(","):
        match = _INTERVAL.match(part)
        if not match:
            raise CalendarError(f"not a range of hours: {part.strip()!r}")
        h1, m1, h2, m2 = (int(g) for g in match.groups())
        if h1 > 23 or m1 > 59 or m2 > 59 or h2 > 24 or (h2 == 24 and m2 != 0):
            raise CalendarError(f"not a time of day: {part.strip()!r}")
        intervals.append((h1 * 60 + m1, h2 * 60 + m2))
    return check_day_hours(intervals)


def check_day_hours(intervals: Iterable[Sequence[int]]) -> DayHours:
    """Sorted, non-overlapping intervals with start < end inside one day, or CalendarError."""
    result = sorted((int(start), int(end)) for start, end in intervals)
    previous_end = 0
    for start, end in result:
        if not 0 <= start < end <= MINUTES_PER_DAY:
            raise CalendarError("a range of hours must start before it ends, within the day")
        if start < previous_end:
            raise CalendarError("ranges of hours overlap")
        previous_end = end
    return tuple(result)


def format_day_hours(hours: DayHours) -> str:
    return ", ".join(f"{_hhmm(start)}-{_hhmm(end)}" for start, end in hours)


def _hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


# --- Holidays -------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def supported_countries() -> dict[str, list[str]]:
    """Country code → its subdivision codes, as the `holidays` package knows them."""
    return holidays_lib.list_supported_countries()


@lru_cache(maxsize=1)
def country_names() -> dict[str, str]:
    """Country code → its English name ("FR" → "France"), sorted by name."""
    from_registry = {
        entry[1]: re.sub(r"(?<=[a-z])(?=[A-Z])", " ", entry[0])
        for entry in holidays_lib.registry.COUNTRIES.values()
    }
    names = {code: from_registry.get(code, code) for code in supported_countries()}
    return dict(sorted(names.items(), key=lambda item: item[1]))


def subdivision_names(country: str) -> dict[str, str]:
    """Subdivision code → a readable name (the first alias the package gives, else the code)."""
    codes = supported_countries().get(country, [])
    # The pinned `holidays` gives aliases for every country it supports.
    aliases = holidays_lib.country_holidays(country).get_subdivision_aliases()
    return {code: (aliases.get(code) or [code])[0] for code in codes}


def check_region(country: str, subdivision: str = "") -> tuple[str, str]:
    """The (country, subdivision) normalised, or CalendarError if `holidays` does not know it."""
    country = (country or "").strip().upper()
    subdivision = (subdivision or "").strip()
    known = supported_countries()
    if country not in known:
        raise CalendarError(f"unknown country {country!r}")
    if subdivision:
        by_upper = {code.upper(): code for code in known[country]}
        if subdivision.upper() not in by_upper:
            raise CalendarError(f"unknown subdivision {subdivision!r} of {country}")
        subdivision = by_upper[subdivision.upper()]
    return country, subdivision


@lru_cache(maxsize=512)
def public_holidays(country: str, subdivision: str, year: int) -> frozenset[dt.date]:
    """The public holidays of a region in a year (cached per country, subdivision and year)."""
    table = holidays_lib.country_holidays(country, subdiv=subdivision or None, years=year)
    return frozenset(day for day in table if day.year == year)


@lru_cache(maxsize=512)
def holiday_names(
    country: str, subdivision: str, year: int, language: str = ""
) -> dict[dt.date, str]:
    """The public holidays of a region in a year with their names, in `language` (a Django
    language code such as "fr" or "en") when the package has it, else in its own default."""
    table = holidays_lib.country_holidays(
        country,
        subdiv=subdivision or None,
        years=year,
        language=_holiday_language(country, language),
    )
    return {day: name for day, name in sorted(table.items()) if day.year == year}


def _holiday_language(country: str, language: str) -> str | None:
    cls = type(holidays_lib.country_holidays(country))
    supported = tuple(getattr(cls, "supported_languages", ()) or ())
    wanted = (language or "").replace("-", "_").lower()
    if not wanted:
        return getattr(cls, "default_language", None)
    for code in supported:
        if code.lower() == wanted:
            return code
    for code in supported:
        if code.lower().split("_")[0] == wanted.split("_")[0]:
            return code
    return getattr(cls, "default_language", None)


# --- The calendar ---------------------------------------------------------------------------


def _truncate(at: dt.datetime) -> dt.datetime:
    """The instant in UTC, to the minute. Naive datetimes are refused: they mean nothing."""
    if at.tzinfo is None or at.utcoffset() is None:
        raise CalendarError("business time needs aware datetimes")
    return at.astimezone(UTC).replace(second=0, microsecond=0)


def _minutes(delta: dt.timedelta) -> int:
    return int(delta.total_seconds()) // 60


@dataclass(frozen=True)
class BusinessCalendar:
    """Weekly hours in a zone, minus public holidays and closure days."""

    week: tuple[DayHours, ...] = DEFAULT_WEEK  # Monday first, seven entries
    time_zone: str = "Europe/Paris"
    country: str = "FR"
    subdivision: str = ""
    closures: frozenset[dt.date] = field(default_factory=frozenset)

    def __post_init__(self):
        if len(self.week) != 7:
            raise CalendarError("weekly hours need seven days, Monday first")
        week = tuple(check_day_hours(day) for day in self.week)
        if not any(week):
            raise CalendarError("a calendar needs some hours in the week")
        object.__setattr__(self, "week", week)
        object.__setattr__(self, "closures", frozenset(self.closures))
        if self.country:
            country, subdivision = check_region(self.country, self.subdivision)
            object.__setattr__(self, "country", country)
            object.__setattr__(self, "subdivision", subdivision)
        try:
            ZoneInfo(self.time_zone)
        except (ZoneInfoNotFoundError, ValueError):
            raise CalendarError(f"unknown time zone {self.time_zone!r}") from None

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)

    # Days ------------------------------------------------------------------------------------

    def is_holiday(self, day: dt.date) -> bool:
        """A public holiday of the calendar's region, or a closure day."""
        if day in self.closures:
            return True
        return bool(self.country) and day in public_holidays(
            self.country, self.subdivision, day.year
        )

    def is_working_day(self, day: dt.date) -> bool:
        """A day with hours in the week that is neither a public holiday nor a closure day."""
        return bool(self.week[day.weekday()]) and not self.is_holiday(day)

    def add_working_days(self, day: dt.date, days: int) -> dt.date:
        """The date `days` working days after `day` (`day` itself is not counted; 0 is `day`)."""
        current = day
        remaining = days
        for _ in range(MAX_SEARCH_DAYS):
            if remaining <= 0:
                return current
            current += dt.timedelta(days=1)
            if self.is_working_day(current):
                remaining -= 1
        raise CalendarError("no working day found")

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """Working days after `start` up to and including `end`; 0 when `end` <= `start`.
        So working_days_between(d, add_working_days(d, n)) == n."""
        count, current = 0, start
        while current < end:
            current += dt.timedelta(days=1)
            if self.is_working_day(current):
                count += 1
        return count

    def day_intervals(self, day: dt.date) -> tuple[Interval, ...]:
        """The business intervals of a local date, as UTC instants (empty on a day off)."""
        return _day_intervals(self, day)

    # Instants --------------------------------------------------------------------------------

    def is_open(self, at: dt.datetime) -> bool:
        """Whether `at` falls within business hours (an interval's end is closed)."""
        at = _truncate(at)
        day = at.astimezone(self.zone).date()
        # An interval of the previous day may run past midnight UTC, never past local midnight.
        return any(start <= at < end for start, end in self.day_intervals(day))

    def business_minutes_between(self, start: dt.datetime, end: dt.datetime) -> int:
        """Business minutes from `start` to `end`; 0 when `end` <= `start`."""
        start, end = _truncate(start), _truncate(end)
        if end <= start:
            return 0
        zone = self.zone
        day = start.astimezone(zone).date()
        last = end.astimezone(zone).date()
        total = 0
        while day <= last:
            for open_at, close_at in self.day_intervals(day):
                lo, hi = max(open_at, start), min(close_at, end)
                if lo < hi:
                    total += _minutes(hi - lo)
            day += dt.timedelta(days=1)
        return total

    def business_minutes_in(self, intervals: Iterable[Sequence[dt.datetime | None]]) -> int:
        """Business minutes in the union of intervals (overlaps counted once)."""
        return sum(
            self.business_minutes_between(start, end) for start, end in merge_intervals(intervals)
        )

    def elapsed(
        self,
        start: dt.datetime,
        end: dt.datetime,
        pauses: Iterable[Sequence[dt.datetime | None]] = (),
    ) -> int:
        """Business minutes from `start` to `end`, less those inside `pauses` (a pause with no
        end runs to `end`; pauses outside [start, end] and overlaps count once)."""
        start, end = _truncate(start), _truncate(end)
        if end <= start:
            return 0
        clipped = []
        for pause_start, pause_end in pauses:
            pause_start = _truncate(pause_start)
            pause_end = end if pause_end is None else _truncate(pause_end)
            lo, hi = max(pause_start, start), min(pause_end, end)
            if lo < hi:
                clipped.append((lo, hi))
        return self.business_minutes_between(start, end) - self.business_minutes_in(clipped)

    def add_business_minutes(self, start: dt.datetime, minutes: int) -> dt.datetime:
        """The earliest instant at which `minutes` business minutes have passed since `start`
        (in UTC). Friday 17:00 + 120 minutes in Paris is Monday 10:00. 0 minutes is `start`."""
        start = _truncate(start)
        if minutes <= 0:
            return start
        remaining = minutes
        day = start.astimezone(self.zone).date()
        for _ in range(MAX_SEARCH_DAYS):
            for open_at, close_at in self.day_intervals(day):
                lo = max(open_at, start)
                if lo >= close_at:
                    continue
                available = _minutes(close_at - lo)
                if remaining <= available:
                    return lo + dt.timedelta(minutes=remaining)
                remaining -= available
            day += dt.timedelta(days=1)
        raise CalendarError("the calendar has no business time left")


def merge_intervals(intervals: Iterable[Sequence[dt.datetime | None]]) -> list[Interval]:
    """The union of (start, end) intervals as sorted, disjoint intervals (truncated to the
    minute, empty ones dropped). An interval with no end yet is left out."""
    cleaned = sorted(
        (_truncate(start), _truncate(end)) for start, end in intervals if end is not None
    )
    merged: list[list[dt.datetime]] = []
    for start, end in cleaned:
        if end <= start:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(start, end) for start, end in merged]


@lru_cache(maxsize=8192)
def _day_intervals(calendar: BusinessCalendar, day: dt.date) -> tuple[Interval, ...]:
    if not calendar.is_working_day(day):
        return ()
    zone = calendar.zone
    midnight = dt.datetime.combine(day, dt.time())
    result = []
    for start, end in calendar.week[day.weekday()]:
        # Wall-clock times in the zone, then real instants: the zone decides the offsets.
        local_start = (midnight + dt.timedelta(minutes=start)).replace(tzinfo=zone)
        local_end = (midnight + dt.timedelta(minutes=end)).replace(tzinfo=zone)
        open_at, close_at = local_start.astimezone(UTC), local_end.astimezone(UTC)
        if open_at < close_at:
            result.append((open_at, close_at))
    return tuple(result)


def week_from_json(value) -> tuple[DayHours, ...]:
    """Weekly hours from their stored form {"mon": [["09:00", "18:00"]], …}; a missing day is
    closed. Raises CalendarError on anything malformed."""
    if not isinstance(value, dict):
        raise CalendarError("weekly hours must be an object keyed by weekday")
    unknown = set(value) - set(WEEKDAYS)
    if unknown:
        raise CalendarError(f"unknown weekdays: {', '.join(sorted(unknown))}")
    week = []
    for key in WEEKDAYS:
        ranges = value.get(key) or []
        if not isinstance(ranges, list):
            raise CalendarError(f"hours of {key} must be a list")
        text = ", ".join(
            f"{pair[0]}-{pair[1]}" if isinstance(pair, list | tuple) and len(pair) == 2 else "?"
            for pair in ranges
        )
        week.append(parse_day_hours(text))
    return tuple(week)


def week_to_json(week: Sequence[DayHours]) -> dict[str, list[list[str]]]:
    return {
        key: [[_hhmm(start), _hhmm(end)] for start, end in hours]
        for key, hours in zip(WEEKDAYS, week, strict=True)
    }


def default_week_json() -> dict[str, list[list[str]]]:
    """The default stored hours: Monday to Friday, 09:00–18:00 (a model field's default)."""
    return week_to_json(DEFAULT_WEEK)
