"""The client's payment punctuality as a chart: days late per invoice over time, read with
the punctuality figures in one query, shown to members on the client page only."""

from types import SimpleNamespace

import pytest
from django.db import connection
from django.test import Client as HttpClient
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from pacte.billing.panels import CHART_INVOICES, punctuality_chart
from pacte.billing.selectors import client_payment_record, client_punctuality, lateness_from
from pacte.billing.tests.helpers import TODAY, days, engagement, invoice, pay
from pacte.testing import MEMBERS_ONLY, check_page_as_each_actor

pytestmark = pytest.mark.django_db


def bill_(pk, due, paid=None, issued=-60):
    return SimpleNamespace(
        pk=pk,
        number=f"F-{pk}",
        get_kind_display=lambda: "Progress",
        issued_on=days(issued),
        due_on=days(due),
        paid_in_full_on=None if paid is None else days(paid),
    )


def test_days_late_per_invoice_by_due_date():
    rows = lateness_from(
        [
            bill_(1, due=-6),  # unpaid, due 6 days ago: 6 days late so far
            bill_(2, due=-40, paid=-30),  # 10 days late
            bill_(3, due=-20, paid=-25),  # 5 days early
            bill_(4, due=-30, paid=-30),  # on the day
            bill_(5, due=10),  # not due yet: not counted, not drawn
            bill_(6, due=0),  # due today: not late yet
        ],
        today=TODAY,
    )
    assert [(r.number, r.days_late, r.open) for r in rows] == [
        ("F-2", 10, False),
        ("F-4", 0, False),
        ("F-3", -5, False),
        ("F-1", 6, True),
    ]


def test_the_chart_draws_late_above_early_below_and_unpaid_apart():
    rows = lateness_from(
        [bill_(1, due=-40, paid=-30), bill_(2, due=-20, paid=-25), bill_(3, due=-6)], today=TODAY
    )
    with translation.override("en"):
        chart = punctuality_chart(rows)
    late, early, unpaid = chart.bars
    assert (late.css, early.css, unpaid.css) == ("late", "early", "open")
    assert late.y + late.height == pytest.approx(chart.axis_y)
    assert early.y == chart.axis_y
    assert late.value_label == "10 days late" and early.value_label == "5 days early"
    assert unpaid.value_label == "6 days late, unpaid"
    assert [row[0] for row in chart.rows] == ["F-1", "F-2", "F-3"]
    assert chart.rows[2][2] == "Unpaid"
    assert punctuality_chart([]) is None


def test_the_chart_keeps_the_latest_invoices():
    rows = lateness_from(
        [bill_(i, due=-200 + i, paid=-190 + i) for i in range(CHART_INVOICES + 6)], today=TODAY
    )
    chart = punctuality_chart(rows)
    assert len(chart.bars) == CHART_INVOICES
    assert chart.rows[-1][0] == f"F-{CHART_INVOICES + 5}"


def test_one_query_reads_the_figures_and_the_chart(world):
    mine = engagement(world)
    late = invoice(world, mine, issued=-40, due=-12, number="F-LATE")
    pay(world, late, "1000", on=-2)
    invoice(world, mine, issued=-20, due=-5, number="F-OPEN")
    theirs = engagement(world, client=world.other_client)
    invoice(world, theirs, issued=-90, due=-60, number="F-THEIRS")
    viewer = world.actor("viewer")
    with CaptureQueriesContext(connection) as captured:
        record = client_payment_record(actor=viewer, client=world.client)
    assert len(captured) == 1
    assert record.punctuality == client_punctuality(actor=viewer, client=world.client)
    assert [(r.number, r.days_late, r.open) for r in record.lateness] == [
        ("F-LATE", 10, False),
        ("F-OPEN", 5, True),
    ]


def test_the_client_page_shows_the_chart_to_members_only(world):
    mine = engagement(world)
    late = invoice(world, mine, issued=-40, due=-12, number="F-LATE")
    pay(world, late, "1000", on=-2)
    invoice(world, mine, issued=-20, due=-5, number="F-OPEN")
    responses = check_page_as_each_actor(
        world,
        f"/clients/{world.client.pk}/",
        MEMBERS_ONLY,
    )
    for kind in ("owner", "manager", "consultant", "viewer"):
        page = responses[kind].content.decode()
        panel = page[
            page.index('id="punctuality"') : page.index(
                "</section>", page.index('id="punctuality"')
            )
        ]
        assert 'aria-labelledby="punctuality-chart-title punctuality-chart-desc"' in panel, kind
        assert 'class="chart-bar late"' in panel and 'class="chart-bar open"' in panel
        assert '<table class="visually-hidden chart-data">' in panel and "F-OPEN" in panel
    # The portal shows the client its open invoices, never the agency's view of its lateness.
    portal = HttpClient(headers={"Accept-Language": "en"})
    portal.force_login(world.users["portal"])
    home = portal.get("/portal/").content.decode()
    assert "punctuality-chart" not in home and "Days late per invoice" not in home


def test_a_client_without_due_invoice_has_no_chart(world):
    invoice(world, engagement(world), issued=-1, due=30)
    http = HttpClient(headers={"Accept-Language": "en"})
    http.force_login(world.users["owner"])
    page = http.get(f"/clients/{world.client.pk}/").content.decode()
    assert "No invoice due yet." in page and "punctuality-chart" not in page
