"""The client's reversibility as a gauge on its assets page, and the trend once history
exists: Pacte keeps no history of scores yet, so no trend is drawn."""

import pytest
from django.db import connection
from django.test import Client as HttpClient
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from pacte.assets.ownership import Reversibility
from pacte.assets.tests.helpers import create
from pacte.assets.views import reversibility_gauge, reversibility_trend
from pacte.testing import MEMBERS_ONLY, check_page_as_each_actor

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("checks", "passed", "level", "label"),
    [
        (0, 0, "ok", "100\u00a0%"),
        (10, 10, "ok", "100\u00a0%"),
        (10, 7, "warn", "70\u00a0%"),
        (10, 2, "bad", "20\u00a0%"),
    ],
)
def test_the_gauge_fills_with_the_score_and_takes_its_colour(checks, passed, level, label):
    with translation.override("en"):
        chart = reversibility_gauge(Reversibility(checks, passed, []))
    assert (chart.level, chart.value_label) == (level, label)
    assert chart.fraction == pytest.approx(chart.value / 100)
    assert ("Reversibility score", label) in chart.rows
    assert bool(chart.arc) == (chart.value > 0)


def test_a_trend_needs_a_history():
    assert not reversibility_trend([]).drawable
    assert not reversibility_trend([80]).drawable
    assert reversibility_trend([60, 80]).drawable


def test_the_assets_page_shows_the_gauge_to_members(world):
    create(world, legal_owner="us", client_has_admin=False)
    responses = check_page_as_each_actor(
        world,
        f"/clients/{world.client.pk}/assets/",
        MEMBERS_ONLY,
    )
    for kind in ("owner", "manager", "consultant", "viewer"):
        page = responses[kind].content.decode()
        card = page[
            page.index('id="reversibility"') : page.index(
                "</section>", page.index('id="reversibility"')
            )
        ]
        assert 'aria-labelledby="reversibility-gauge-title reversibility-gauge-desc"' in card, kind
        assert (
            'class="gauge-track"' in card and '<table class="visually-hidden chart-data">' in card
        )
        assert "style=" not in card
        # No history of scores is kept yet: no trend.
        assert "reversibility-trend" not in card and "spark-line" not in card


def test_the_gauge_costs_no_query(world):
    create(world)
    http = HttpClient()
    http.force_login(world.users["owner"])
    url = f"/clients/{world.client.pk}/assets/"
    http.get(url)
    with CaptureQueriesContext(connection) as captured:
        page = http.get(url).content.decode()
    assert "reversibility-gauge" in page
    assert len(captured) == 9  # as before the gauge
