"""The 12-month strip above the deadline calendar: how many cancel-by dates fall in each
month, coloured by the most urgent, each month leading to its page."""

import datetime as dt

import pytest
from django.db import connection
from django.test import Client as HttpClient
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from pacte.assets.services import asset_create
from pacte.deadlines.schedule import Occurrence, strip_level
from pacte.deadlines.views import deadline_strip, strip_legend
from pacte.testing import check_page_as_each_actor

TODAY = dt.date(2026, 3, 15)
THRESHOLDS = (60, 30, 7)


def occurrence(days_left: int) -> Occurrence:
    cancel_by = TODAY + dt.timedelta(days=days_left)
    return Occurrence(
        asset_id=days_left,
        client_id=1,
        client_name="Boulangerie Alpha",
        kind="domain",
        identifier=f"asset-{days_left}",
        renewal_date=cancel_by + dt.timedelta(days=30),
        cancel_by=cancel_by,
        auto_renew=True,
        notice_days=30,
        days_left=days_left,
    )


@pytest.mark.parametrize(
    ("days_left", "level"),
    [
        (-1, "bad"),
        (0, "bad"),
        (7, "bad"),
        (8, "warn"),
        (30, "warn"),
        (31, "info"),
        (60, "info"),
        (61, "neutral"),
        (300, "neutral"),
    ],
)
def test_each_cancel_by_date_has_its_level(days_left, level):
    assert strip_level(days_left < 0, days_left, THRESHOLDS) == level


def test_with_two_thresholds_there_is_no_info_level():
    assert strip_level(False, 10, (30, 7)) == "warn"
    assert strip_level(False, 40, (30, 7)) == "neutral"


def test_a_cell_per_month_counted_and_coloured_by_its_most_urgent_date():
    dates = [occurrence(d) for d in (-3, 5, 12, 20, 50, 150, 152, 358)]
    with translation.override("en"):
        strip = deadline_strip(dates, today=TODAY, thresholds=THRESHOLDS)
    cells = [(c.label, c.count, c.level, c.href) for c in strip.cells]
    assert cells[0] == ("Passed", 1, "bad", "?month=missed")
    # 15 March + 5 and + 12 days: still March, the nearest within 7 days.
    assert cells[1] == ("Mar", 2, "bad", "?month=2026-03")
    assert cells[2] == ("Apr", 1, "warn", "?month=2026-04")  # 4 April, 20 days
    assert cells[3] == ("May", 1, "info", "?month=2026-05")  # 4 May, 50 days
    assert cells[4] == ("Jun", 0, "empty", "")
    assert cells[6] == ("Aug", 2, "neutral", "?month=2026-08")
    # Twelve months from March, and the thirteenth because a date falls in it (8 March 2027).
    assert [c[0] for c in cells[1:]] == [
        "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec", "Jan", "Feb", "Mar"
    ]  # fmt: skip
    assert cells[-1] == ("Mar", 1, "neutral", "?month=2027-03")
    assert strip.total == 8
    assert strip.rows[1] == ("March 2026", "2")


def test_without_a_missed_date_the_strip_has_twelve_months():
    strip = deadline_strip([occurrence(40)], today=TODAY, thresholds=THRESHOLDS)
    assert len(strip.cells) == 12 and strip.cells[0].href == ""  # March: nothing
    assert strip.cells[1].href == "?month=2026-04" and strip.cells[-1].label_y


def test_the_legend_follows_the_workspace_thresholds():
    with translation.override("en"):
        assert strip_legend((60, 30, 7)) == [
            ("bad", "Passed or within 7 days"),
            ("warn", "Within 30 days"),
            ("info", "Within 60 days"),
            ("neutral", "Later"),
        ]
        assert [level for level, _ in strip_legend((45, 10))] == ["bad", "warn", "neutral"]
        assert [level for level, _ in strip_legend((30,))] == ["bad", "neutral"]


# --- on the page --------------------------------------------------------------------------


def in_days(days: int) -> str:
    return (timezone.localdate() + dt.timedelta(days=days)).isoformat()


@pytest.mark.django_db
def test_the_page_shows_the_strip_and_each_month_it_links_to(world):
    owner = world.actor("owner")
    asset_create(
        actor=owner,
        client_id=world.client.pk,
        kind="domain",
        identifier="alpha-boulangerie.fr",
        renewal_date=in_days(50),
        renewal_period="yearly",
        auto_renew=True,
        notice_days=30,
    )
    asset_create(
        actor=owner,
        client_id=world.client.pk,
        kind="software_licence",
        identifier="Photo editor licence",
        renewal_date=in_days(5),
        renewal_period="once",
        notice_days=15,
    )
    responses = check_page_as_each_actor(
        world,
        "/deadlines/",
        {
            "anonymous": 302,
            "owner": 200,
            "manager": 200,
            "consultant": 200,
            "viewer": 200,
            "portal": 404,
            "portal_other_client": 404,
            "other_workspace": 200,
        },
    )
    page = responses["viewer"].content.decode()
    assert 'aria-labelledby="deadline-strip-title deadline-strip-desc"' in page
    month = (timezone.localdate() + dt.timedelta(days=20)).strftime("%Y-%m")
    assert f'<a href="?month={month}"' in page
    assert '<a href="?month=missed"' in page and 'id="missed"' in page
    assert "style=" not in page[page.index("<svg") : page.rindex("</svg>")]
    # Each cell's link leads to its month's page, strip first.
    http = HttpClient()
    http.force_login(world.users["viewer"])
    page = http.get(f"/deadlines/?month={month}").content.decode()
    assert f'id="month-{month}"' in page and "alpha-boulangerie.fr" in page
    assert page.index("deadline-strip-title") < page.index(f'id="month-{month}"')
    # Another workspace has no date: no strip, the empty state.
    assert "deadline-strip" not in responses["other_workspace"].content.decode()


@pytest.mark.django_db
def test_the_strip_costs_no_query(world):
    """Counting the dates of every month is one aggregate query: more assets, more months
    with dates, not one query more."""

    def add(identifier, days, period):
        asset_create(
            actor=world.actor("owner"),
            client_id=world.client.pk,
            kind="domain",
            identifier=identifier,
            renewal_date=in_days(days),
            renewal_period=period,
            auto_renew=True,
            notice_days=3,
        )

    http = HttpClient()
    http.force_login(world.users["owner"])
    add("alpha-boulangerie.fr", 50, "yearly")
    http.get("/deadlines/")
    with CaptureQueriesContext(connection) as before:
        http.get("/deadlines/")
    add("alpha-boutique.fr", 20, "monthly")  # a date in every month
    add("alpha-photo.fr", 200, "yearly")
    with CaptureQueriesContext(connection) as after:
        page = http.get("/deadlines/").content.decode()
    assert "deadline-strip" in page
    assert len(after) == len(before) <= 8
