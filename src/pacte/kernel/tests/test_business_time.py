"""Business hours and business-minute arithmetic (issue 11, item 2: business hours, the clocks;
"Done means": weekends, French and Québec holidays, DST changes and pauses, a property test)."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pacte.kernel.business_time import (
    DEFAULT_WEEK,
    BusinessCalendar,
    CalendarError,
    check_region,
    format_day_hours,
    merge_intervals,
    parse_day_hours,
    week_from_json,
    week_to_json,
)

PARIS = ZoneInfo("Europe/Paris")
MONTREAL = ZoneInfo("America/Montreal")
TORONTO = ZoneInfo("America/Toronto")

FRANCE = BusinessCalendar()
QUEBEC = BusinessCalendar(time_zone="America/Montreal", country="CA", subdivision="QC")
ONTARIO = BusinessCalendar(time_zone="America/Toronto", country="CA", subdivision="ON")
# A lunch break, a bridge day, Saturday mornings: several intervals a day.
LUNCH = BusinessCalendar(
    week=(
        parse_day_hours("09:00-12:30, 13:30-18:00"),
        *DEFAULT_WEEK[1:5],
        parse_day_hours("09:00-12:00"),
        (),
    ),
    closures=frozenset({dt.date(2026, 5, 15)}),
)
# Hours that straddle the DST changes themselves (and the whole of Sunday).
NIGHT = BusinessCalendar(
    week=(*DEFAULT_WEEK[:5], parse_day_hours("00:00-24:00"), parse_day_hours("01:00-04:00")),
)
CALENDARS = [FRANCE, QUEBEC, ONTARIO, LUNCH, NIGHT]


def paris(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=PARIS)


def montreal(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=MONTREAL)


# --- Explicit cases -------------------------------------------------------------------------


def test_friday_afternoon_plus_two_hours_is_monday_ten():
    """Friday 17:00 + 120 business minutes in Paris is Monday 10:00: the weekend is skipped."""
    friday = paris(2026, 11, 27, 17, 0)
    assert FRANCE.add_business_minutes(friday, 120) == paris(2026, 11, 30, 10, 0)
    assert FRANCE.business_minutes_between(friday, paris(2026, 11, 30, 10, 0)) == 120
    assert FRANCE.business_minutes_between(paris(2026, 11, 28, 9), paris(2026, 11, 29, 23)) == 0


def test_outside_hours_starts_at_the_next_opening():
    assert FRANCE.add_business_minutes(paris(2026, 11, 30, 7, 12), 30) == paris(2026, 11, 30, 9, 30)
    assert FRANCE.add_business_minutes(paris(2026, 11, 30, 18, 0), 1) == paris(2026, 12, 1, 9, 1)
    # The clock reaches it at Monday's closing time, not at Tuesday's opening.
    assert FRANCE.add_business_minutes(paris(2026, 11, 30, 12, 0), 360) == paris(
        2026, 11, 30, 18, 0
    )


@pytest.mark.parametrize(
    ("day", "name"),
    [
        (dt.date(2026, 7, 14), "14 July"),
        (dt.date(2026, 5, 1), "1 May"),
        (dt.date(2026, 4, 6), "Easter Monday 2026"),
        (dt.date(2026, 12, 25), "Christmas"),
        (dt.date(2026, 5, 14), "Ascension"),
    ],
)
def test_french_public_holidays_count_no_minute(day, name):
    """A French public holiday on a weekday has no business minute and is no working day."""
    assert day.weekday() < 5, name
    assert not FRANCE.is_working_day(day)
    start = dt.datetime.combine(day, dt.time(), tzinfo=PARIS)
    assert FRANCE.business_minutes_between(start, start + dt.timedelta(days=1)) == 0
    assert not FRANCE.is_open(start.replace(hour=10))
    before = dt.datetime.combine(day - dt.timedelta(days=1), dt.time(17), tzinfo=PARIS)
    after = FRANCE.add_business_minutes(before, 120)
    assert after.astimezone(PARIS).date() > day


def test_14_july_2026_tuesday():
    """Monday 13 July 17:00 + 2 h = Wednesday 15 July 10:00 (Tuesday the 14th is skipped)."""
    assert FRANCE.add_business_minutes(paris(2026, 7, 13, 17), 120) == paris(2026, 7, 15, 10)


def test_the_same_day_is_open_in_quebec_and_closed_in_france():
    """14 July is a working day in Québec, 24 June (Fête nationale) is not, and both are
    ordinary days in Ontario except as Ontario says."""
    assert QUEBEC.is_working_day(dt.date(2026, 7, 14))
    assert not QUEBEC.is_working_day(dt.date(2026, 6, 24))  # Fête nationale / Saint-Jean
    assert FRANCE.is_working_day(dt.date(2026, 6, 24))
    assert ONTARIO.is_working_day(dt.date(2026, 6, 24))
    assert not QUEBEC.is_working_day(dt.date(2026, 10, 12))  # Thanksgiving, 2nd Monday of Oct
    assert not QUEBEC.is_working_day(dt.date(2026, 5, 18))  # Journée nationale des patriotes
    assert QUEBEC.add_business_minutes(montreal(2026, 6, 23, 17), 120) == montreal(2026, 6, 25, 10)
    assert QUEBEC.business_minutes_between(montreal(2026, 10, 9, 9), montreal(2026, 10, 13, 9)) == (
        540
    )


def test_subdivision_holidays_are_passed_through():
    """Alsace-Moselle (57) has 26 December and Good Friday; the rest of France does not."""
    moselle = BusinessCalendar(subdivision="57")
    assert not moselle.is_working_day(dt.date(2026, 4, 3))  # Good Friday
    assert FRANCE.is_working_day(dt.date(2026, 4, 3))
    assert not moselle.is_working_day(dt.date(2025, 12, 26))  # a Friday
    assert FRANCE.is_working_day(dt.date(2025, 12, 26))


@pytest.mark.parametrize(
    ("day", "zone", "calendar"),
    [
        (dt.date(2026, 3, 30), PARIS, FRANCE),  # Monday after the 29 March change
        (dt.date(2026, 10, 26), PARIS, FRANCE),  # Monday after the 25 October change
        (dt.date(2026, 3, 9), MONTREAL, QUEBEC),  # Monday after the 8 March change
        (dt.date(2026, 11, 2), TORONTO, ONTARIO),  # Monday after the 1 November change
    ],
)
def test_a_working_day_after_a_dst_change_is_still_540_minutes(day, zone, calendar):
    start = dt.datetime.combine(day - dt.timedelta(days=2), dt.time(), tzinfo=zone)
    end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), tzinfo=zone)
    assert calendar.business_minutes_between(start, end) == 540
    opening = dt.datetime.combine(day, dt.time(9), tzinfo=zone)
    assert calendar.add_business_minutes(start, 540) == opening + dt.timedelta(hours=9)


def test_hours_across_the_change_count_real_minutes():
    """On 29 March 2026 Paris skips 02:00–03:00 and on 25 October it lives 02:00–03:00 twice:
    a Sunday 00:00–24:00 is 23 h then 25 h, and 01:00–04:00 is 2 h then 4 h."""
    spring, autumn = dt.date(2026, 3, 29), dt.date(2026, 10, 25)
    assert NIGHT.week[6] == ((60, 240),)
    for day, hours in ((spring, 2), (autumn, 4)):
        start = dt.datetime.combine(day, dt.time(), tzinfo=PARIS)
        end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), tzinfo=PARIS)
        assert NIGHT.business_minutes_between(start, end) == hours * 60
    saturday = BusinessCalendar(week=((),) * 6 + (parse_day_hours("00:00-24:00"),))
    for day, hours in ((spring, 23), (autumn, 25)):
        start = dt.datetime.combine(day, dt.time(), tzinfo=PARIS)
        assert saturday.business_minutes_between(start, start + dt.timedelta(days=2)) == (
            hours * 60
        )


def test_montreal_dst_sunday_morning():
    """America/Montreal springs forward on 8 March 2026 at 02:00: 01:00–04:00 is 2 hours."""
    calendar = BusinessCalendar(
        week=((),) * 6 + (parse_day_hours("01:00-04:00"),),
        time_zone="America/Montreal",
        country="CA",
        subdivision="QC",
    )
    start = montreal(2026, 3, 8, 0)
    assert calendar.business_minutes_between(start, start + dt.timedelta(days=1)) == 120
    assert calendar.add_business_minutes(start, 90) == montreal(2026, 3, 8, 3, 30)


def test_pauses_are_left_out_once():
    """The resolution clock pauses while the request waits for the client (issue 11, item 2):
    pauses inside, overlapping, open-ended or outside the span."""
    start, end = paris(2026, 11, 30, 9), paris(2026, 12, 1, 18)  # 1080 business minutes
    assert FRANCE.elapsed(start, end) == 1080
    pause = (paris(2026, 11, 30, 17), paris(2026, 12, 1, 10))  # 60 + 60 minutes
    assert FRANCE.elapsed(start, end, pauses=[pause]) == 960
    overlapping = (paris(2026, 11, 30, 16), paris(2026, 11, 30, 18))  # 60 new minutes
    assert FRANCE.elapsed(start, end, pauses=[pause, overlapping]) == 900
    outside = (paris(2026, 11, 20, 9), paris(2026, 11, 21, 9))
    assert FRANCE.elapsed(start, end, pauses=[outside]) == 1080
    still_waiting = (paris(2026, 12, 1, 17), None)
    assert FRANCE.elapsed(start, end, pauses=[still_waiting]) == 1020
    assert FRANCE.elapsed(end, start, pauses=[pause]) == 0


def test_minutes_are_whole_and_seconds_dropped():
    start = paris(2026, 11, 30, 9, 0, 59)
    assert FRANCE.business_minutes_between(start, paris(2026, 11, 30, 9, 1, 0)) == 1
    assert FRANCE.business_minutes_between(paris(2026, 11, 30, 10), start) == 0
    with pytest.raises(CalendarError):
        FRANCE.business_minutes_between(dt.datetime(2026, 11, 30, 9), start)


def test_business_minutes_in_counts_a_union():
    a = (paris(2026, 11, 30, 9), paris(2026, 11, 30, 11))
    b = (paris(2026, 11, 30, 10), paris(2026, 11, 30, 12))
    assert FRANCE.business_minutes_in([a, b]) == 180
    assert merge_intervals([b, a]) == [(a[0].astimezone(dt.UTC), b[1].astimezone(dt.UTC))]


def test_working_days():
    """The handoff's "working days" use the same calendar (issue 11, item 2)."""
    assert FRANCE.add_working_days(dt.date(2026, 7, 10), 2) == dt.date(2026, 7, 15)  # Fri → Wed
    assert FRANCE.working_days_between(dt.date(2026, 7, 10), dt.date(2026, 7, 15)) == 2
    assert FRANCE.add_working_days(dt.date(2026, 7, 10), 0) == dt.date(2026, 7, 10)
    assert FRANCE.working_days_between(dt.date(2026, 7, 15), dt.date(2026, 7, 10)) == 0
    assert LUNCH.add_working_days(dt.date(2026, 5, 13), 1) == dt.date(2026, 5, 16)  # Ascension,
    # the bridge day, then Saturday morning is open in that calendar
    assert QUEBEC.add_working_days(dt.date(2026, 6, 23), 1) == dt.date(2026, 6, 25)


def test_a_lunch_break_is_not_counted():
    monday = paris(2026, 11, 30, 12)
    assert LUNCH.business_minutes_between(monday, paris(2026, 11, 30, 14)) == 60
    assert LUNCH.add_business_minutes(monday, 30) == paris(2026, 11, 30, 12, 30)
    assert LUNCH.add_business_minutes(monday, 31) == paris(2026, 11, 30, 13, 31)
    assert not LUNCH.is_open(paris(2026, 11, 30, 13))
    assert LUNCH.is_open(paris(2026, 11, 30, 13, 30))
    assert not LUNCH.is_open(paris(2026, 11, 30, 18))


def test_bad_calendars_are_refused():
    for text in ("9-18", "18:00-09:00", "09:00-12:00, 11:00-13:00", "25:00-26:00", "09:60-10:00"):
        with pytest.raises(CalendarError):
            parse_day_hours(text)
    with pytest.raises(CalendarError):
        BusinessCalendar(week=((),) * 7)
    with pytest.raises(CalendarError):
        check_region("XX")
    with pytest.raises(CalendarError):
        check_region("FR", "QC")
    assert check_region("ca", "qc") == ("CA", "QC")
    with pytest.raises(CalendarError):
        BusinessCalendar(time_zone="Mars/Olympus")
    with pytest.raises(CalendarError):
        week_from_json({"mon": [["09:00"]]})
    with pytest.raises(CalendarError):
        week_from_json({"someday": []})


def test_hours_round_trip_as_json_and_text():
    assert week_from_json(week_to_json(LUNCH.week)) == LUNCH.week
    assert format_day_hours(LUNCH.week[0]) == "09:00-12:30, 13:30-18:00"
    assert parse_day_hours("9:00 – 18:00") == ((540, 1080),)
    assert parse_day_hours("00:00-24:00") == ((0, 1440),)


# --- Properties -----------------------------------------------------------------------------

instants = st.datetimes(
    min_value=dt.datetime(2025, 1, 1),
    max_value=dt.datetime(2028, 12, 31),
    timezones=st.just(dt.UTC),
)
calendars = st.sampled_from(CALENDARS)


@settings(max_examples=200, deadline=None)
@given(calendars, instants, instants, instants)
def test_minutes_between_adds_up(calendar, a, b, c):
    a, b, c = sorted((a, b, c))
    assert calendar.business_minutes_between(a, c) == (
        calendar.business_minutes_between(a, b) + calendar.business_minutes_between(b, c)
    )
    assert calendar.business_minutes_between(c, a) == 0


@settings(max_examples=200, deadline=None)
@given(calendars, instants, st.integers(min_value=1, max_value=60_000))
def test_adding_minutes_then_counting_them_gives_them_back(calendar, start, minutes):
    end = calendar.add_business_minutes(start, minutes)
    assert end > start
    assert calendar.business_minutes_between(start, end) == minutes
    # The earliest such instant: the last minute before it was a business minute.
    assert calendar.is_open(end - dt.timedelta(minutes=1))
    # Inside business time, or at an interval's end. The interval is the last minute's: a
    # day open until midnight closes at the next day's 00:00, which belongs to the day before.
    last_day = (end - dt.timedelta(minutes=1)).astimezone(calendar.zone).date()
    assert calendar.is_open(end) or any(
        close_at == end for _, close_at in calendar.day_intervals(last_day)
    )


def test_a_day_open_until_midnight_ends_at_the_next_days_start():
    """The case Hypothesis found: open all Saturday, closed at Sunday's midnight."""
    saturday_all_day = BusinessCalendar(
        week=(*(((540, 1080),) for _ in range(5)), ((0, 1440),), ((60, 240),)),
        time_zone="Europe/Paris",
        country="FR",
        subdivision="",
        closures=frozenset(),
    )
    start = dt.datetime(2025, 9, 1, 16, 0, tzinfo=dt.UTC)
    end = saturday_all_day.add_business_minutes(start, 3600)
    assert end == dt.datetime(2025, 9, 6, 22, 0, tzinfo=dt.UTC)  # Sunday 00:00 in Paris
    assert saturday_all_day.business_minutes_between(start, end) == 3600


@settings(max_examples=150, deadline=None)
@given(calendars, instants, st.integers(min_value=0, max_value=30_000), st.integers(0, 30_000))
def test_adding_is_monotonic(calendar, start, m, n):
    low, high = sorted((m, n))
    assert calendar.add_business_minutes(start, low) <= calendar.add_business_minutes(start, high)


@settings(max_examples=40, deadline=None)
@given(calendars, instants, st.integers(min_value=0, max_value=3 * 24 * 60))
def test_counting_matches_minute_by_minute(calendar, start, span):
    """The O(days) count agrees with asking is_open minute by minute, and no counted minute
    falls on a holiday, a closure day or a day without hours."""
    start = start.replace(second=0, microsecond=0)
    counted = 0
    for i in range(span):
        at = start + dt.timedelta(minutes=i)
        if calendar.is_open(at):
            counted += 1
            assert calendar.is_working_day(at.astimezone(calendar.zone).date())
    assert calendar.business_minutes_between(start, start + dt.timedelta(minutes=span)) == counted


@settings(max_examples=100, deadline=None)
@given(calendars, instants, instants, st.lists(st.tuples(instants, instants), max_size=4))
def test_pauses_never_add_time(calendar, a, b, pauses):
    a, b = sorted((a, b))
    pauses = [tuple(sorted(p)) for p in pauses]
    total = calendar.elapsed(a, b)
    paused = calendar.elapsed(a, b, pauses=pauses)
    assert 0 <= paused <= total == calendar.business_minutes_between(a, b)


@settings(max_examples=100, deadline=None)
@given(calendars, st.dates(dt.date(2025, 1, 1), dt.date(2028, 12, 31)), st.integers(0, 400))
def test_working_days_round_trip(calendar, day, n):
    later = calendar.add_working_days(day, n)
    assert calendar.working_days_between(day, later) == n
    assert n == 0 or calendar.is_working_day(later)
