"""The deadlines page a month at a time: the counts per month come from one aggregate query
and agree with the full computation of every renewal (`schedule.occurrences_from`); a
month's rows come a page at a time, in the calendar's order; the page costs the same
queries at 5 assets and at 200; a wrong month or page in the address never fails."""

import datetime as dt

import pytest
from django.db import connection
from django.test import Client as HttpClient
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from pacte.assets.models import Asset
from pacte.assets.services import asset_create
from pacte.clients.services import client_create
from pacte.deadlines.deadlines import DEADLINE_COLUMNS
from pacte.deadlines.months import MISSED, MonthCalendar, bucket_of
from pacte.deadlines.schedule import occurrences_from
from pacte.deadlines.tests.test_stored_state import TODAY, near, put, renewal_days

row = st.tuples(
    st.one_of(st.none(), renewal_days.map(near)),
    st.sampled_from(["monthly", "yearly", "once"]),
    st.booleans(),
    st.sampled_from([0, 1, 15, 29, 30, 31, 45, 60, 90, 400]),
    st.one_of(st.none(), st.integers(min_value=-400, max_value=30).map(near)),
)


def full_calendar(world, *, today, months):
    rows = Asset.objects.in_workspace(world.workspace).values_list(*DEADLINE_COLUMNS)
    names = {world.client.pk: world.client.name, world.other_client.pk: world.other_client.name}
    found = {}
    for o in occurrences_from(rows, names, today=today, months=months):
        found.setdefault(bucket_of(o.cancel_by, today), []).append(o)
    return found


@pytest.mark.django_db
@pytest.mark.parametrize("small_window", [1000, 0], ids=["read-whole", "sql-ordered"])
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    rows=st.lists(row, max_size=20),
    shift=st.one_of(st.just(0), st.integers(min_value=-20, max_value=400)),
    months=st.sampled_from([1, 12]),
    cut=st.integers(min_value=1, max_value=7),
)
@example(  # 31st, monthly, 30 days' notice: cancel by 1 and 29 January (two in one month)
    rows=[(dt.date(2026, 12, 31), "monthly", True, 30, dt.date(2026, 11, 1))],
    shift=(dt.date(2026, 12, 1) - TODAY).days,
    months=12,
    cut=1,
)
@example(  # 29 February, yearly, seen from a common year
    rows=[(dt.date(2024, 2, 29), "yearly", True, 1, dt.date(2025, 12, 1))],
    shift=(dt.date(2026, 1, 10) - TODAY).days,
    months=12,
    cut=1,
)
@example(  # stored next renewal 28 February (clipped): the one after is 31 March again
    rows=[(dt.date(2026, 1, 31), "monthly", True, 0, dt.date(2027, 2, 10))],
    shift=(dt.date(2027, 2, 15) - TODAY).days,
    months=12,
    cut=3,
)
@example(  # stored next renewal 28 February 2027, anchored on the 29th: then 29 February 2028
    rows=[(dt.date(2024, 2, 29), "yearly", True, 60, dt.date(2027, 1, 15))],
    shift=(dt.date(2027, 2, 1) - TODAY).days,
    months=12,
    cut=1,
)
@example(  # the later asset's date comes first: dates decide, not ids
    rows=[
        (dt.date(2027, 5, 20), "once", False, 0, dt.date(2027, 5, 1)),
        (dt.date(2027, 5, 10), "once", False, 0, dt.date(2027, 5, 1)),
        (dt.date(2027, 5, 10), "yearly", True, 0, dt.date(2027, 5, 1)),
    ],
    shift=(dt.date(2027, 5, 2) - TODAY).days,
    months=12,
    cut=3,
)
def test_counts_and_pages_of_each_month_match_the_full_computation(
    world, monkeypatch, small_window, rows, shift, months, cut
):
    # Both ways of reading a page's rows: whole and ordered here, or ordered by SQL.
    monkeypatch.setattr("pacte.deadlines.months.SMALL_WINDOW", small_window)
    put(world, rows)
    today = TODAY + dt.timedelta(days=shift)
    expected = full_calendar(world, today=today, months=months)
    calendar = MonthCalendar(
        Asset.objects.in_workspace(world.workspace), today=today, months=months
    )
    buckets = calendar.buckets()
    assert {k: b.count for k, b in buckets.items()} == {k: len(v) for k, v in expected.items()}
    for key, occurrences in expected.items():
        assert buckets[key].first == occurrences[0].cancel_by
        listed = calendar.rows(key)
        assert listed.count() == len(occurrences)
        # Page by page, `cut` rows at a time: the same rows in the same order.
        pages = [listed[i : i + cut] for i in range(0, len(occurrences), cut)]
        assert [o for page in pages for o in page] == occurrences, key


@pytest.mark.django_db
def test_a_monthly_renewal_counts_in_every_month(world):
    today = dt.date(2027, 3, 10)
    put(
        world,
        [
            (dt.date(2026, 1, 31), "monthly", True, 0, dt.date(2027, 3, 1)),
            (dt.date(2027, 6, 15), "yearly", True, 10, dt.date(2027, 3, 1)),
            (dt.date(2027, 4, 2), "once", False, 5, dt.date(2027, 3, 1)),
        ],
    )
    calendar = MonthCalendar(Asset.objects.in_workspace(world.workspace), today=today, months=12)
    counts = {k: b.count for k, b in calendar.buckets().items()}
    # The monthly one on the last day of every month from March 2027 to February 2028; the
    # one-off cancelled by 28 March; the yearly one by 5 June.
    every_month = {dt.date(2027 + (m > 12), (m - 1) % 12 + 1, 1): 1 for m in range(3, 15)}
    assert counts == every_month | {dt.date(2027, 3, 1): 2, dt.date(2027, 6, 1): 2}
    february = calendar.rows(dt.date(2028, 2, 1))
    assert [o.cancel_by for o in february[0:5]] == [dt.date(2028, 2, 29)]


# --- on the page ---------------------------------------------------------------------------


def grow(world, n: int, start: int = 0) -> None:
    owner = world.actor("owner")
    for i in range(start, start + n):
        client = client_create(actor=owner, name=f"Client {i}")
        asset_create(
            actor=owner,
            client_id=client.pk,
            kind="domain",
            identifier=f"site-{i}.fr",
            renewal_date=(TODAY + dt.timedelta(days=10 + i % 40)).isoformat(),
            renewal_period=("monthly", "yearly", "once")[i % 3],
            auto_renew=True,
            notice_days=(5, 30, 60)[i % 3],
        )


def queries(http, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert http.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("view", ["", "?month=missed", "?month={next}", "?month={next}&page=2"])
def test_the_page_costs_the_same_queries_with_5_or_200_assets(world, view):
    url = "/deadlines/" + view.format(
        next=(TODAY.replace(day=1) + dt.timedelta(days=40)).strftime("%Y-%m")
    )
    http = HttpClient()
    http.force_login(world.users["owner"])
    grow(world, 5)
    small = queries(http, url)
    grow(world, 195, start=5)
    assert queries(http, url) == small
    assert small <= 9, f"{small} queries"


def test_a_month_of_many_dates_comes_a_hundred_rows_at_a_time(world):
    month = (TODAY.replace(day=1) + dt.timedelta(days=40)).replace(day=1)
    put(
        world,
        # 130 monthly renewals on the 10th: 130 dates in every month.
        [(month.replace(day=10), "monthly", True, 0, TODAY) for _ in range(130)],
    )
    http = HttpClient(headers={"accept-language": "en"})
    http.force_login(world.users["viewer"])
    url = f"/deadlines/?month={month:%Y-%m}"
    first = http.get(url).content.decode()
    second = http.get(url + "&page=2").content.decode()
    assert first.count("asset-") == 100 and second.count("asset-") == 30
    assert "Page 1 of 2" in first and "page=2" in first and "Page 2 of 2" in second
    assert set(range(130)) == {
        int(part.split("<")[0]) for page in (first, second) for part in page.split("asset-")[1:]
    }
    # A page past the end shows the last one; nonsense shows the first.
    assert "Page 2 of 2" in http.get(url + "&page=9").content.decode()
    assert "Page 1 of 2" in http.get(url + "&page=abc").content.decode()


@pytest.mark.parametrize("month", ["2020-01", "2099-12", "13-2026", "march", "2026-13", "x" * 300])
def test_a_month_the_page_does_not_show_is_said_and_this_month_shown(world, month):
    http = HttpClient(headers={"accept-language": "en"})
    http.force_login(world.users["owner"])
    response = http.get(f"/deadlines/?month={month}")
    assert response.status_code == 200
    assert "There is no page for that month: choose one from" in response.content.decode()


def test_the_first_view_leads_with_a_few_missed_dates_and_links_to_all(world):
    put(world, [(TODAY + dt.timedelta(days=5), "once", False, 20, TODAY) for _ in range(14)])
    http = HttpClient(headers={"accept-language": "en"})
    http.force_login(world.users["owner"])
    page = http.get("/deadlines/").content.decode()
    assert page.count("Missed</span>") == 10
    assert "All 14 passed cancel-by dates" in page and 'href="?month=missed"' in page
    missed = http.get("/deadlines/?month=missed").content.decode()
    assert missed.count("Missed</span>") == 14
    assert MISSED in missed
