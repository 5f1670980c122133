"""R-DEADLINE: cancel-by = next renewal − notice period, on real calendars (month ends, leap
years, tacit renewals rolling forward), and the API that lists them."""

import datetime as dt
from types import SimpleNamespace

import pytest
from dateutil.relativedelta import relativedelta
from django.utils import timezone
from hypothesis import example, given
from hypothesis import strategies as st

from pacte.assets.renewals import cancel_by, next_renewal
from pacte.assets.services import asset_create
from pacte.deadlines.deadlines import deadlines_from
from pacte.deadlines.schedule import occurrences_from, renewals_between, urgency, warning_days
from pacte.kernel.tenancy import Actor
from pacte.testing import check_endpoint_as_each_actor

D = dt.date


def row(renewal, period="yearly", auto=True, notice=0, asset_id=1, client_id=1):
    return (asset_id, client_id, "domain", f"asset-{asset_id}", renewal, period, auto, notice)


# --- the arithmetic --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (D(2025, 1, 31), D(2025, 1, 31)),
        (D(2025, 2, 1), D(2025, 2, 28)),  # clipped to the month's end…
        (D(2025, 3, 1), D(2025, 3, 31)),  # …but still anchored on the 31st
        (D(2025, 4, 1), D(2025, 4, 30)),
        (D(2028, 2, 1), D(2028, 2, 29)),  # leap year
        (D(2028, 3, 1), D(2028, 3, 31)),
    ],
)
def test_a_monthly_renewal_on_the_31st_follows_month_ends(today, expected):
    assert next_renewal(D(2025, 1, 31), "monthly", True, today) == expected


def test_monthly_renewals_on_the_31st_in_a_row():
    got = list(renewals_between(D(2024, 1, 31), "monthly", True, D(2024, 1, 1), D(2024, 6, 1)))
    assert got == [D(2024, 1, 31), D(2024, 2, 29), D(2024, 3, 31), D(2024, 4, 30), D(2024, 5, 31)]


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (D(2024, 3, 1), D(2025, 2, 28)),
        (D(2026, 3, 1), D(2027, 2, 28)),  # 28 February in 2027
        (D(2027, 3, 1), D(2028, 2, 29)),  # 29 February again in 2028
        (D(2028, 2, 29), D(2028, 2, 29)),
        (D(2028, 3, 1), D(2029, 2, 28)),
    ],
)
def test_a_yearly_renewal_on_29_february(today, expected):
    assert next_renewal(D(2024, 2, 29), "yearly", True, today) == expected


@pytest.mark.parametrize(
    ("renewal", "notice", "expected"),
    [
        (D(2025, 3, 31), 30, D(2025, 3, 1)),
        (D(2024, 3, 31), 31, D(2024, 2, 29)),  # into a leap February
        (D(2025, 3, 1), 1, D(2025, 2, 28)),
        (D(2024, 3, 1), 1, D(2024, 2, 29)),
        (D(2026, 1, 10), 30, D(2025, 12, 11)),  # across the new year
        (D(2026, 1, 1), 0, D(2026, 1, 1)),
    ],
)
def test_notice_crosses_month_and_year_boundaries(renewal, notice, expected):
    assert cancel_by(renewal, notice) == expected


def test_notice_across_the_new_year_is_listed_in_december():
    today = D(2025, 12, 1)
    found = deadlines_from([row(D(2025, 1, 10), notice=30)], today=today, within_days=30)
    assert [(d.renewal_date, d.cancel_by, d.days_left(today)) for d in found] == [
        (D(2026, 1, 10), D(2025, 12, 11), 10)
    ]


def test_a_tacit_renewal_rolls_forward_a_non_tacit_one_lapses():
    today = D(2025, 3, 1)
    tacit = row(D(2025, 1, 15), notice=60, asset_id=1)
    lapsing = row(D(2025, 1, 15), auto=False, notice=60, asset_id=2)
    once = row(D(2025, 1, 15), period="once", notice=60, asset_id=3)
    assert next_renewal(D(2025, 1, 15), "yearly", True, today) == D(2026, 1, 15)
    assert next_renewal(D(2025, 1, 15), "yearly", False, today) == D(2025, 1, 15)
    found = deadlines_from([tacit, lapsing, once], today=today, within_days=365)
    # The lapsed ones have nothing left to cancel.
    assert [(d.asset_id, d.renewal_date, d.cancel_by) for d in found] == [
        (1, D(2026, 1, 15), D(2025, 11, 16))
    ]
    # The calendar agrees: the tacit one comes back, the others are gone.
    calendar = occurrences_from([tacit, lapsing, once], {}, today=today, months=12)
    assert [(o.asset_id, o.renewal_date) for o in calendar] == [(1, D(2026, 1, 15))]


def test_a_non_tacit_renewal_still_ahead_is_listed():
    today = D(2025, 3, 1)
    found = deadlines_from(
        [row(D(2025, 3, 20), auto=False, notice=10)], today=today, within_days=30
    )
    assert [(d.cancel_by, d.missed) for d in found] == [(D(2025, 3, 10), False)]


def test_a_cancel_by_date_passed_before_a_renewal_to_come_is_missed():
    today = D(2025, 3, 1)
    found = deadlines_from([row(D(2025, 3, 20), notice=30)], today=today, within_days=1)
    assert len(found) == 1
    assert found[0].missed and found[0].cancel_by == D(2025, 2, 18)
    assert found[0].days_left(today) == -11
    # On the renewal day itself it is still missed; the day after, it has rolled forward.
    assert deadlines_from([row(D(2025, 3, 20), notice=30)], today=D(2025, 3, 20), within_days=1)[
        0
    ].missed
    assert (
        deadlines_from([row(D(2025, 3, 20), notice=30)], today=D(2025, 3, 21), within_days=1) == []
    )


@pytest.mark.parametrize(
    ("offset", "listed"),
    [(0, True), (29, True), (30, True), (31, False)],
)
def test_within_days_includes_its_last_day(offset, listed):
    today = D(2025, 6, 1)
    renewal = today + dt.timedelta(days=offset + 15)
    found = deadlines_from([row(renewal, notice=15)], today=today, within_days=30)
    assert bool(found) is listed
    if listed:
        assert found[0].days_left(today) == offset and not found[0].missed


def test_deadlines_are_sorted_by_cancel_by_date():
    today = D(2025, 6, 1)
    rows = [
        row(D(2025, 7, 1), notice=0, asset_id=1),
        row(D(2025, 7, 1), notice=20, asset_id=2),
        row(D(2025, 6, 10), notice=30, asset_id=3),  # missed
    ]
    assert [d.asset_id for d in deadlines_from(rows, today=today, within_days=60)] == [3, 2, 1]


# --- the calendar over twelve months ---------------------------------------------------------


def test_a_monthly_tacit_renewal_appears_every_month_of_the_window():
    today = D(2025, 3, 1)
    found = occurrences_from(
        [row(D(2024, 10, 31), period="monthly")], {1: "Alpha"}, today=today, months=12
    )
    assert [o.renewal_date for o in found] == [
        D(2025, 3, 31),
        D(2025, 4, 30),
        D(2025, 5, 31),
        D(2025, 6, 30),
        D(2025, 7, 31),
        D(2025, 8, 31),
        D(2025, 9, 30),
        D(2025, 10, 31),
        D(2025, 11, 30),
        D(2025, 12, 31),
        D(2026, 1, 31),
        D(2026, 2, 28),
    ]
    assert {o.client_name for o in found} == {"Alpha"}


def test_the_calendar_keeps_a_missed_cancel_by_and_one_whose_renewal_is_past_the_window():
    today = D(2025, 3, 1)
    missed = row(D(2025, 3, 20), auto=False, notice=30, asset_id=1)
    # Renews 40 days after the window ends, with 60 days' notice: cancel inside the window.
    late = row(today + relativedelta(months=12) + dt.timedelta(days=40), notice=60, asset_id=2)
    # Same renewal, 10 days' notice: nothing to do within the window.
    later = row(today + relativedelta(months=12) + dt.timedelta(days=40), notice=10, asset_id=3)
    found = occurrences_from([missed, late, later], {}, today=today, months=12)
    assert [(o.asset_id, o.missed) for o in found] == [(1, True), (2, False)]
    assert found[0].days_left == -11


# --- a property, for any dates ---------------------------------------------------------------

MAX_GAP_DAYS = {"monthly": 31, "yearly": 366}  # the longest distance between two renewals
MONTHS = {"monthly": 1, "yearly": 12}


@given(
    renewal=st.dates(min_value=D(1990, 1, 1), max_value=D(2040, 12, 31)),
    today=st.dates(min_value=D(1995, 1, 1), max_value=D(2045, 12, 31)),
    period=st.sampled_from(["monthly", "yearly"]),
)
@example(renewal=D(2025, 1, 30), today=D(2025, 1, 31), period="monthly")  # lands on today + 1 month
@example(renewal=D(2025, 1, 31), today=D(2025, 3, 1), period="monthly")
@example(renewal=D(2024, 2, 29), today=D(2027, 3, 1), period="yearly")
def test_a_tacit_renewal_is_the_next_one_on_or_after_today(renewal, today, period):
    upcoming = next_renewal(renewal, period, True, today)
    step = relativedelta(months=MONTHS[period])
    assert upcoming >= today
    if renewal >= today:
        # Not due yet: the recorded date stands, however far ahead.
        assert upcoming == renewal
    else:
        # Rolled forward to less than one period ahead. (With month-end clipping the next
        # renewal may fall exactly on today + relativedelta(one period): 30 January monthly,
        # seen on 31 January, renews on 28 February — hence ≤ there, and strictly fewer days
        # than the longest period.)
        assert upcoming <= today + step
        assert (upcoming - today).days < MAX_GAP_DAYS[period]
        # Anchored on the original day, and no renewal skipped: the one before has passed.
        k = next(
            k
            for k in range(1, 700)
            if renewal + relativedelta(months=k * MONTHS[period]) == upcoming
        )
        assert renewal + relativedelta(months=(k - 1) * MONTHS[period]) < today
    # The calendar's first renewal is the same date.
    first = next(renewals_between(renewal, period, True, today, upcoming + step), None)
    assert first == upcoming


@given(
    renewal=st.dates(min_value=D(2000, 1, 1), max_value=D(2030, 12, 31)),
    today=st.dates(min_value=D(2000, 1, 1), max_value=D(2030, 12, 31)),
    period=st.sampled_from(["monthly", "yearly", "once"]),
    auto=st.booleans(),
    notice=st.integers(min_value=0, max_value=730),
)
def test_cancel_by_is_renewal_minus_notice_and_missed_means_passed(
    renewal, today, period, auto, notice
):
    for d in deadlines_from([row(renewal, period, auto, notice)], today=today, within_days=90):
        assert d.renewal_date >= today
        assert d.renewal_date - d.cancel_by == dt.timedelta(days=notice)
        assert d.missed == (d.cancel_by < today)
        assert d.missed or d.days_left(today) <= 90


# --- the API ---------------------------------------------------------------------------------


@pytest.fixture
def deadlines(world):
    """One asset per client of the world, whose cancel-by date is in 10 days, and one in
    the other workspace."""
    renewal = (timezone.localdate() + dt.timedelta(days=40)).isoformat()
    made = {}
    for name, actor, client in (
        ("alpha", world.actor("owner"), world.client),
        ("beta", world.actor("owner"), world.other_client),
        ("gamma", Actor.system(world.other_workspace), world.foreign_client),
    ):
        made[name] = asset_create(
            actor=actor,
            client_id=client.pk,
            kind="domain",
            identifier=f"{name}.example",
            renewal_date=renewal,
            auto_renew=True,
            notice_days=30,
        )
    return made


def test_the_deadlines_endpoint_as_each_actor(world, deadlines):
    responses = check_endpoint_as_each_actor(
        world,
        "/api/v1/deadlines",
        {
            "anonymous": 401,
            "owner": 200,
            "manager": 200,
            "consultant": 200,
            "viewer": 200,
            "portal": 200,
            "portal_other_client": 200,
            "other_workspace": 200,
        },
    )
    seen = {
        kind: {i["identifier"] for i in r.json()["items"]}
        for kind, r in responses.items()
        if kind != "anonymous"
    }
    for kind in ("owner", "manager", "consultant", "viewer"):
        assert seen[kind] == {"alpha.example", "beta.example"}, kind
    # A portal user sees the deadlines of their own client's assets only.
    assert seen["portal"] == {"alpha.example"}
    assert seen["portal_other_client"] == {"beta.example"}
    assert seen["other_workspace"] == {"gamma.example"}

    today = timezone.localdate()
    assert responses["owner"].json()["count"] == 2
    item = next(i for i in responses["owner"].json()["items"] if i["identifier"] == "alpha.example")
    assert item == {
        "asset_id": deadlines["alpha"].pk,
        "client_id": world.client.pk,
        "kind": "domain",
        "identifier": "alpha.example",
        "renewal_date": (today + dt.timedelta(days=40)).isoformat(),
        "cancel_by": (today + dt.timedelta(days=10)).isoformat(),
        "auto_renew": True,
        "missed": False,
        "days_left": 10,
    }


@pytest.mark.parametrize(
    ("within", "status", "count"),
    [("", 200, 2), ("1", 200, 0), ("9", 200, 0), ("10", 200, 2), ("3650", 200, 2)],
)
def test_within_days_on_the_api(world, deadlines, client, within, status, count):
    url = "/api/v1/deadlines" + (f"?within_days={within}" if within else "")
    response = client.get(url, headers={"Authorization": f"Bearer {world.token('owner')}"})
    assert response.status_code == status
    assert len(response.json()["items"]) == response.json()["count"] == count


@pytest.mark.parametrize("within", ["0", "-3", "3651", "abc", "30d"])
def test_within_days_out_of_range_is_refused(world, client, within):
    response = client.get(
        f"/api/v1/deadlines?within_days={within}",
        headers={"Authorization": f"Bearer {world.token('owner')}"},
    )
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert any(name.endswith("within_days") for name in response.json()["fields"])


# --- how close is close ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("setting", "expected"),
    [("60,30,7", (60, 30, 7)), ("7, 30", (30, 7)), ("abc, ,0", (60, 30, 7)), ("", (60, 30, 7))],
)
def test_warning_days_of_the_workspace(setting, expected):
    assert warning_days(SimpleNamespace(deadline_warning_days=setting)) == expected


@pytest.mark.parametrize(
    ("days_left", "level"),
    [(-1, "bad"), (0, "bad"), (7, "bad"), (8, "warn"), (30, "warn"), (31, ""), (60, ""), (200, "")],
)
def test_urgency_follows_the_warning_days(days_left, level):
    today = D(2025, 6, 1)
    [occurrence] = occurrences_from(
        [row(today + dt.timedelta(days=days_left + 10), auto=False, notice=10)],
        {},
        today=today,
        months=12,
    )
    assert occurrence.days_left == days_left
    assert urgency(occurrence, (60, 30, 7)) == level


def test_a_notice_longer_than_the_period_still_shows_the_next_cancellable_renewal():
    """Monthly tacit renewal on the 15th with 45 days' notice, on 10 March: the March renewal
    can no longer be stopped, but the one of 15 May can be, until 31 March."""
    rows = [(1, 1, "other_saas", "Abonnement", dt.date(2025, 1, 15), "monthly", True, 45)]
    found = deadlines_from(rows, today=dt.date(2026, 3, 10), within_days=30)
    assert [(d.renewal_date, d.cancel_by, d.missed) for d in found] == [
        (dt.date(2026, 3, 15), dt.date(2026, 1, 29), True),
        (dt.date(2026, 5, 15), dt.date(2026, 3, 31), False),
    ]


# --- the API, a page at a time ---------------------------------------------------------------


@pytest.fixture
def many(world):
    """25 one-off renewals of our client, two a day from 10 days ago to in 14 days, with
    10 days' notice: 10 lapsed, 10 missed, 5 to come; dates tie, the asset id decides."""
    owner = world.actor("owner")
    today = timezone.localdate()
    return [
        asset_create(
            actor=owner,
            client_id=world.client.pk,
            kind="domain",
            identifier=f"site-{i:02d}.example",
            renewal_date=(today + dt.timedelta(days=10 + 2 * (i // 2) - 20)).isoformat(),
            renewal_period="once",
            notice_days=10,
        )
        for i in range(25)
    ]


def get(client, world, url):
    return client.get(url, headers={"Authorization": f"Bearer {world.token('owner')}"})


def test_the_api_pages_deadlines_in_cancel_by_then_asset_order(world, many, client):
    whole = get(client, world, "/api/v1/deadlines?within_days=3650&limit=500").json()
    keys = [(i["cancel_by"], i["asset_id"]) for i in whole["items"]]
    assert keys == sorted(keys) and whole["count"] == len(keys) == 15
    assert whole["count_capped"] is False
    assert [i["missed"] for i in whole["items"]] == [True] * 10 + [False] * 5
    # Page by page, 7 at a time: the same list.
    pages = [
        get(client, world, f"/api/v1/deadlines?within_days=3650&limit=7&offset={o}").json()
        for o in range(0, 15, 7)
    ]
    assert [i for p in pages for i in p["items"]] == whole["items"]
    assert {p["count"] for p in pages} == {15}
    # Past the end: nothing, and still the count.
    past = get(client, world, "/api/v1/deadlines?offset=10000000").json()
    assert (
        past["items"] == []
        and past["count"] == get(client, world, "/api/v1/deadlines").json()["count"]
    )


@pytest.mark.parametrize(
    "query",
    ["limit=0", "limit=501", "limit=-1", "limit=x", "offset=-1", "offset=10000001", "offset=1e3"],
)
def test_a_limit_or_offset_out_of_range_is_a_400(world, client, query):
    response = get(client, world, f"/api/v1/deadlines?{query}")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid" and body["detail"]
    name = query.split("=")[0]
    assert any(field.endswith(name) for field in body["fields"])


def test_the_api_page_costs_the_same_queries_at_5_or_200_assets(world, client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    owner = world.actor("owner")
    today = timezone.localdate()

    def add(n, start):
        for i in range(start, start + n):
            asset_create(
                actor=owner,
                client_id=world.client.pk,
                kind="domain",
                identifier=f"bulk-{i}.example",
                renewal_date=(today + dt.timedelta(days=i % 40)).isoformat(),
                renewal_period=("monthly", "yearly", "once")[i % 3],
                auto_renew=True,
                notice_days=(0, 15, 30)[i % 3],
            )

    def cost():
        get(client, world, "/api/v1/deadlines?limit=3&offset=2")  # the token, warm
        with CaptureQueriesContext(connection) as captured:
            body = get(client, world, "/api/v1/deadlines?limit=3&offset=2").json()
        assert len(body["items"]) == 3
        return len(captured)

    add(5, 0)
    small = cost()
    add(195, 5)
    assert cost() == small
