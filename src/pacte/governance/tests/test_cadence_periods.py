"""§4 cadence, the arithmetic: ISO weeks, months and quarters, a short first period joined
to the next, due at the period's end, overdue after the grace days, a bounded horizon."""

import datetime as dt

from pacte.governance.cadence import kind_standing, period_start, periods

D = dt.date


def test_periods_are_iso_weeks_months_and_quarters():
    assert period_start("operational", D(2026, 1, 1)) == D(2025, 12, 29)  # a Thursday
    assert period_start("tactical", D(2026, 2, 28)) == D(2026, 2, 1)
    assert period_start("strategic", D(2026, 8, 15)) == D(2026, 7, 1)
    quarters = periods(
        "strategic", starts_on=D(2026, 1, 1), until=D(2026, 8, 15), since=D(2026, 1, 1)
    )
    assert [(p.start, p.end) for p in quarters] == [
        (D(2026, 1, 1), D(2026, 3, 31)),
        (D(2026, 4, 1), D(2026, 6, 30)),
        (D(2026, 7, 1), D(2026, 9, 30)),
    ]


def test_a_short_first_period_is_joined_to_the_next():
    months = periods(
        "tactical", starts_on=D(2026, 1, 25), until=D(2026, 3, 10), since=D(2026, 1, 1)
    )
    assert (months[0].start, months[0].end) == (D(2026, 1, 25), D(2026, 2, 28))
    assert months[0].keys == (D(2026, 1, 1), D(2026, 2, 1))
    long_enough = periods(
        "tactical", starts_on=D(2026, 1, 10), until=D(2026, 2, 10), since=D(2026, 1, 1)
    )
    assert (long_enough[0].start, long_enough[0].end) == (D(2026, 1, 10), D(2026, 1, 31))


MAY_20 = D(2026, 5, 20)
NEW_YEAR = D(2026, 1, 1)


def standing(held=(), today=MAY_20, grace=7, starts_on=NEW_YEAR, stops_on=None):
    return kind_standing(
        engagement_id=1,
        kind="tactical",
        starts_on=starts_on,
        stops_on=stops_on,
        held_keys=set(held),
        today=today,
        grace_days=grace,
        since=D(2025, 5, 1),
    )


def test_a_period_without_its_review_is_overdue_once_past_due_plus_grace():
    # January to April were due; May is the current month. None held: four overdue.
    s = standing()
    assert (s.due, s.held) == (4, 0)
    assert [o.period.start for o in s.overdue] == [D(2026, m, 1) for m in (1, 2, 3, 4)]
    assert s.overdue[-1].days_late == 20  # 30 April + 20 days
    # Within the grace days the period is not overdue yet: it is the next due.
    s = standing(held=[D(2026, m, 1) for m in (1, 2, 3)], today=D(2026, 5, 5))
    assert s.overdue == [] and s.next_due_on == D(2026, 4, 30)


def test_a_review_held_in_the_period_clears_it():
    s = standing(held=[D(2026, m, 1) for m in (1, 2, 4)])
    assert (s.due, s.held) == (4, 3)
    assert [o.period.start for o in s.overdue] == [D(2026, 3, 1)]
    assert s.next_due_on == D(2026, 5, 31)
    # Everything held, this month's too: the next due is the end of the following month.
    s = standing(held=[D(2026, m, 1) for m in (1, 2, 3, 4, 5)])
    assert s.overdue == [] and s.next_due_on == D(2026, 6, 30)


def test_an_ended_engagement_asks_nothing_after_its_end():
    s = standing(stops_on=D(2026, 2, 28))
    assert s.due == 2 and s.next_due_on is None


def test_only_the_recent_horizon_is_computed():
    # A cadence of 18 years: the weeks walked are those of the horizon only.
    found = periods(
        "operational", starts_on=D(2008, 1, 7), until=D(2026, 5, 20), since=D(2025, 4, 1)
    )
    assert found[0].start >= D(2025, 3, 31) and len(found) < 65
