"""The lists of requests and SLAs read their page in the order of an index (no temporary
B-tree, no scan), on the API and the web page."""

import pytest
from django.db import connection
from django.test import Client as HttpClient
from django.test.utils import CaptureQueriesContext

from pacte.testing import SQLITE_PLANS_ONLY, sqlite_plan

from .helpers import at, engagement, request, sla

pytestmark = [pytest.mark.django_db, SQLITE_PLANS_ONLY]


@pytest.fixture
def rows(world):
    e = engagement(world)
    request(world, at(2026, 6, 8, 9), engagement_id=e.pk)
    request(world, at(2026, 6, 9, 9))
    sla(world)
    sla(world, engagement_id=e.pk)
    return world, e


def plans(http, url, table):
    with CaptureQueriesContext(connection) as captured:
        response = http.get(url)
    assert response.status_code == 200, response.content
    pages = [
        q["sql"]
        for q in captured
        if f'FROM "{table}"' in q["sql"]
        and " LIMIT " in q["sql"]
        and not q["sql"].startswith("SELECT COUNT(*)")
    ]
    assert pages, f"{url}: no page read from {table}"
    return ["\n".join(sqlite_plan(sql)) for sql in pages]


def check(plan, url, table):
    assert "TEMP B-TREE" not in plan, f"{url} sorts its rows:\n{plan}"
    assert f"SCAN {table}" not in plan, f"{url} reads the whole table:\n{plan}"
    assert f"USING INDEX {table}_workspace_id" not in plan, f"{url} walks the workspace:\n{plan}"


@pytest.mark.parametrize(
    ("url", "table"),
    [
        ("/api/v1/support-requests", "support_supportrequest"),
        ("/api/v1/support-requests?status=open", "support_supportrequest"),
        ("/api/v1/support-requests?client_id={client}", "support_supportrequest"),
        ("/api/v1/support-requests?engagement_id={engagement}", "support_supportrequest"),
        ("/api/v1/slas", "support_sla"),
        ("/api/v1/slas?client_id={client}", "support_sla"),
        ("/api/v1/slas?engagement_id={engagement}", "support_sla"),
    ],
)
def test_each_api_list_reads_its_page_from_an_index(rows, url, table):
    world, e = rows
    url = url.format(client=world.client.pk, engagement=e.pk)
    http = HttpClient(headers={"Authorization": f"Bearer {world.token('owner')}"})
    separator = "&" if "?" in url else "?"
    for plan in plans(http, f"{url}{separator}limit=1", table):
        check(plan, url, table)


@pytest.mark.parametrize(
    "url", ["/requests/", "/requests/?status=open", "/clients/{client}/requests/"]
)
def test_the_pages_read_from_an_index(rows, url):
    world, _e = rows
    url = url.format(client=world.client.pk)
    http = HttpClient()
    http.force_login(world.users["owner"])
    for plan in plans(http, url, "support_supportrequest"):
        check(plan, url, "support_supportrequest")
