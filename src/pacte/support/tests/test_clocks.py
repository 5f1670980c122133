"""The clocks in business minutes: weekends, French and Québec holidays, DST, pauses; round
the clock; everything recomputed from the stored instants."""

from pacte.kernel.business_time import BusinessCalendar
from pacte.support import clocks

from .helpers import at

FRANCE = BusinessCalendar(time_zone="Europe/Paris", country="FR")
QUEBEC = BusinessCalendar(time_zone="America/Toronto", country="CA", subdivision="QC")


def test_the_response_clock_skips_the_weekend():
    # Friday 17:00 → Monday 10:00: one hour on Friday, one on Monday.
    assert clocks.response_minutes(FRANCE, at(2026, 6, 5, 17), at(2026, 6, 8, 10), None) == 120


def test_the_response_clock_runs_to_now_while_unanswered():
    assert clocks.response_minutes(FRANCE, at(2026, 6, 8, 9), None, at(2026, 6, 8, 11)) == 120


def test_labour_day_and_victory_day_are_not_counted():
    # Thursday 30 April 17:00 → Monday 4 May 10:00, across 1 May (a Friday).
    assert clocks.response_minutes(FRANCE, at(2026, 4, 30, 17), at(2026, 5, 4, 10), None) == 120
    # Received on 8 May (a holiday, a Friday) at 17:00, answered Monday 11 May 16:00.
    assert clocks.response_minutes(FRANCE, at(2026, 5, 8, 17), at(2026, 5, 11, 16), None) == 420


def test_bastille_day_is_not_counted():
    # Monday 13 July 17:00 → Wednesday 15 July 10:00: 14 July (a Tuesday) is off.
    assert clocks.response_minutes(FRANCE, at(2026, 7, 13, 17), at(2026, 7, 15, 10), None) == 120


def test_quebec_national_holiday_is_off_in_quebec_only():
    zone = QUEBEC.zone
    start, end = at(2026, 6, 23, 17, zone=zone), at(2026, 6, 25, 10, zone=zone)
    # 24 June (Saint-Jean-Baptiste) is off in Québec…
    assert clocks.response_minutes(QUEBEC, start, end, None) == 120
    # …and an ordinary Wednesday in France.
    paris = BusinessCalendar(time_zone="America/Toronto", country="FR")
    assert clocks.response_minutes(paris, start, end, None) == 120 + 540


def test_a_dst_change_keeps_a_business_day_at_540_minutes():
    # Friday 27 March 18:00 → Monday 30 March 18:00, over the spring change.
    assert clocks.response_minutes(FRANCE, at(2026, 3, 27, 18), at(2026, 3, 30, 18), None) == 540
    # Round the clock over the same weekend counts the real 71 hours.
    plain = clocks.round_the_clock("Europe/Paris")
    assert clocks.response_minutes(plain, at(2026, 3, 27, 18), at(2026, 3, 30, 18), None) == (
        71 * 60
    )
    # And over the autumn change, the real 73 hours.
    assert clocks.response_minutes(plain, at(2026, 10, 23, 18), at(2026, 10, 26, 18), None) == (
        73 * 60
    )


def test_the_resolution_clock_pauses_while_waiting_for_the_client():
    received, resolved = at(2026, 6, 8, 9), at(2026, 6, 9, 18)  # two full days: 1,080
    waits = [(at(2026, 6, 8, 14), at(2026, 6, 9, 10))]  # 240 + 60 paused
    assert clocks.resolution_minutes(FRANCE, received, resolved, waits, None) == 1080 - 300
    # The response clock never pauses.
    assert clocks.response_minutes(FRANCE, received, resolved, None) == 1080


def test_an_open_wait_pauses_up_to_now():
    waits = [(at(2026, 6, 8, 11), None)]
    assert clocks.resolution_minutes(
        FRANCE, at(2026, 6, 8, 9), None, waits, at(2026, 6, 9, 18)
    ) == (120)


def test_the_round_the_clock_calendar_counts_nights_and_holidays():
    plain = clocks.calendar_for(clocks.ROUND_THE_CLOCK, FRANCE)
    assert clocks.response_minutes(plain, at(2026, 7, 13, 17), at(2026, 7, 15, 10), None) == (
        41 * 60
    )
    assert clocks.calendar_for(clocks.BUSINESS_HOURS, FRANCE) is FRANCE


def test_a_change_of_calendar_recomputes_from_the_same_instants():
    received, answered = at(2026, 7, 13, 17), at(2026, 7, 15, 10)
    closed_on_wednesday = BusinessCalendar(
        time_zone="Europe/Paris", country="FR", closures=frozenset({answered.date()})
    )
    assert clocks.response_minutes(FRANCE, received, answered, None) == 120
    assert clocks.response_minutes(closed_on_wednesday, received, answered, None) == 60


def test_a_change_of_target_changes_the_verdict():
    args = {"received_at": at(2026, 6, 8, 9), "first_response_at": at(2026, 6, 8, 13)}
    assert not clocks.response_clock(FRANCE, target=240, now=None, **args).breached
    assert clocks.response_clock(FRANCE, target=239, now=None, **args).breached


def test_the_breach_instant_of_a_running_clock():
    clock = clocks.response_clock(
        FRANCE,
        received_at=at(2026, 6, 5, 17),
        first_response_at=None,
        target=120,
        now=at(2026, 6, 8, 12),
    )
    # One hour on Friday, one on Monday: passed at 10:01.
    assert clock.breached and clock.breached_at == at(2026, 6, 8, 10, 1)


def test_the_breach_instant_skips_the_waits():
    clock = clocks.resolution_clock(
        FRANCE,
        received_at=at(2026, 6, 8, 9),
        resolved_at=None,
        waits=[(at(2026, 6, 8, 10), at(2026, 6, 8, 15))],
        target=120,
        now=at(2026, 6, 9, 12),
    )
    assert clock.breached and clock.breached_at == at(2026, 6, 8, 16, 1)


def test_an_open_wait_before_the_target_never_breaches():
    assert clocks.reached_at(FRANCE, at(2026, 6, 8, 9), 120, [(at(2026, 6, 8, 10), None)]) is None
    assert clocks.reached_at(FRANCE, at(2026, 6, 8, 9), 60, [(at(2026, 6, 8, 10), None)]) == at(
        2026, 6, 8, 10
    )
