"""The reviews' reads follow an index: the engagement's reviews page (review_engagement_idx,
no temporary B-tree) and the held periods of the cadence (review_period_idx)."""

import pytest
from django.db import connection
from django.test import Client as HttpClient
from django.test.utils import CaptureQueriesContext

from pacte.governance.selectors import overdue_reviews
from pacte.testing import SQLITE_PLANS_ONLY, sqlite_plan

from .helpers import cadence, days, review, started_engagement

pytestmark = [pytest.mark.django_db, SQLITE_PLANS_ONLY]


@pytest.fixture
def engagement(world):
    e = started_engagement(world, days_ago=200)
    cadence(world, e, tactical=True)
    review(world, e, "tactical", days(-5))
    return e


def test_the_reviews_page_reads_the_engagement_index(world, engagement):
    http = HttpClient(headers={"Authorization": f"Bearer {world.token('owner')}"})
    with CaptureQueriesContext(connection) as captured:
        response = http.get(f"/api/v1/engagements/{engagement.pk}/reviews")
    assert response.status_code == 200
    [page] = [
        q["sql"]
        for q in captured
        if 'FROM "governance_review"' in q["sql"] and " LIMIT " in q["sql"]
    ]
    plan = "\n".join(sqlite_plan(page))
    assert "review_engagement_idx" in plan and "TEMP B-TREE" not in plan, plan


def test_the_held_periods_read_the_period_index(world, engagement):
    owner = world.actor("owner")
    with CaptureQueriesContext(connection) as captured:
        overdue_reviews(actor=owner)
    [held] = [q["sql"] for q in captured if 'FROM "governance_review"' in q["sql"]]
    plan = "\n".join(sqlite_plan(held))
    assert "review_period_idx" in plan, plan
    assert "SCAN governance_review" not in plan, plan
