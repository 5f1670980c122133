"""Hypothesis properties of the clocks over arbitrary instants and waits."""

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from pacte.kernel.business_time import BusinessCalendar
from pacte.support import clocks

from .helpers import at

FRANCE = BusinessCalendar(time_zone="Europe/Paris", country="FR")
ORIGIN = at(2026, 3, 20, 0)
minutes = st.integers(min_value=0, max_value=60 * 24 * 40)


def instant(offset: int) -> dt.datetime:
    return ORIGIN + dt.timedelta(minutes=offset)


waits = st.lists(st.tuples(minutes, st.integers(min_value=1, max_value=60 * 24 * 5)), max_size=4)


@settings(max_examples=150, deadline=None)
@given(start=minutes, length=minutes, pauses=waits)
def test_waiting_never_adds_to_the_resolution_clock(start, length, pauses):
    received, resolved = instant(start), instant(start + length)
    intervals = [(instant(a), instant(a + b)) for a, b in pauses]
    paused = clocks.resolution_minutes(FRANCE, received, resolved, intervals, None)
    plain = clocks.resolution_minutes(FRANCE, received, resolved, [], None)
    assert 0 <= paused <= plain
    # Without waits, the resolution clock is the response clock of the same instants.
    assert plain == clocks.response_minutes(FRANCE, received, resolved, None)


@settings(max_examples=150, deadline=None)
@given(start=minutes, first=minutes, more=minutes)
def test_the_response_clock_never_exceeds_the_resolution_clock_unpaused(start, first, more):
    received = instant(start)
    responded, resolved = instant(start + first), instant(start + first + more)
    assert clocks.response_minutes(FRANCE, received, responded, None) <= (
        clocks.resolution_minutes(FRANCE, received, resolved, [], None)
    )


@settings(max_examples=100, deadline=None)
@given(start=minutes, target=st.integers(min_value=1, max_value=3000), pauses=waits)
def test_the_breach_instant_is_where_the_clock_passes_its_target(start, target, pauses):
    received = instant(start)
    intervals = [(instant(a), instant(a + b)) for a, b in pauses]
    reached = clocks.reached_at(FRANCE, received, target, intervals)
    assert reached is not None
    assert clocks.resolution_minutes(FRANCE, received, reached, intervals, None) == target
    before = reached - dt.timedelta(minutes=1)
    if before >= received:
        assert clocks.resolution_minutes(FRANCE, received, before, intervals, None) < target


@settings(max_examples=100, deadline=None)
@given(start=minutes, length=minutes, pauses=waits)
def test_round_the_clock_counts_at_least_business_minutes(start, length, pauses):
    received, resolved = instant(start), instant(start + length)
    intervals = [(instant(a), instant(a + b)) for a, b in pauses]
    plain = clocks.round_the_clock("Europe/Paris")
    assert clocks.resolution_minutes(FRANCE, received, resolved, intervals, None) <= (
        clocks.resolution_minutes(plain, received, resolved, intervals, None)
    )
