"""Each API list reads its page in the order of an index: SQLite's plan has no temporary
B-tree for the ORDER BY and no scan of a whole table, whatever the size of the workspace.

SQLite plans without statistics here as it does on a database nobody analysed, so the plans
of this small world are the plans of a large one."""

import datetime as dt

import pytest
from django.db import connection
from django.test import Client as HttpClient
from django.test.utils import CaptureQueriesContext

from pacte.assets.services import action_log, asset_create
from pacte.billing.services import invoice_create
from pacte.clients.services import contact_create
from pacte.decisions.services import recommendation_create
from pacte.engagements.services import change_request_create, engagement_create
from pacte.exchanges.services import exchange_log
from pacte.risks.services import risk_create
from pacte.testing import SQLITE_PLANS_ONLY, sqlite_plan

pytestmark = [
    pytest.mark.django_db,
    SQLITE_PLANS_ONLY,
]


@pytest.fixture
def rows(world):
    owner = world.actor("owner")
    today = dt.date.today()
    engagement = engagement_create(
        actor=owner, client_id=world.client.pk, title="Refonte", value="1000"
    )
    invoice_create(
        actor=owner, engagement_id=engagement.pk, kind="deposit", amount="300", due_on=today
    )
    recommendation_create(actor=owner, engagement_id=engagement.pk, title="Sauvegardes")
    change_request_create(actor=owner, engagement_id=engagement.pk, title="Une page de plus")
    risk_create(actor=owner, engagement_id=engagement.pk, description="Retard")
    contact_create(actor=owner, client_id=world.client.pk, full_name="Alice Martin")
    exchange_log(
        actor=owner,
        client_id=world.client.pk,
        engagement_id=engagement.pk,
        occurred_on=today,
        channel="call",
        direction="outbound",
        summary="Point",
    )
    asset_create(actor=owner, client_id=world.client.pk, kind="domain", identifier="alpha.example")
    action_log(actor=owner, client_id=world.client.pk, what="Renouvelé le domaine")
    return world, engagement


def page_plans(world, url: str, table: str) -> list[str]:
    """The plan of each query of `url` that reads `table` with a LIMIT (the page)."""
    http = HttpClient(headers={"Authorization": f"Bearer {world.token('owner')}"})
    with CaptureQueriesContext(connection) as captured:
        response = http.get(url)
    assert response.status_code == 200, response.content
    pages = [q["sql"] for q in captured if f'FROM "{table}"' in q["sql"] and " LIMIT " in q["sql"]]
    pages = [sql for sql in pages if not sql.startswith("SELECT COUNT(*)")]
    assert pages, f"{url}: no page read from {table}"
    return ["\n".join(sqlite_plan(sql)) for sql in pages]


@pytest.mark.parametrize(
    ("url", "table"),
    [
        ("/api/v1/clients", "clients_client"),
        ("/api/v1/clients/{client}/contacts", "clients_contact"),
        ("/api/v1/engagements", "engagements_engagement"),
        ("/api/v1/engagements?status=draft", "engagements_engagement"),
        ("/api/v1/engagements?client_id={client}", "engagements_engagement"),
        ("/api/v1/change-requests?engagement_id={engagement}", "engagements_changerequest"),
        ("/api/v1/invoices", "billing_invoice"),
        ("/api/v1/invoices?engagement_id={engagement}", "billing_invoice"),
        ("/api/v1/recommendations", "decisions_recommendation"),
        ("/api/v1/recommendations?status=open", "decisions_recommendation"),
        ("/api/v1/recommendations?engagement_id={engagement}", "decisions_recommendation"),
        ("/api/v1/exchanges", "exchanges_exchange"),
        ("/api/v1/exchanges?client_id={client}", "exchanges_exchange"),
        ("/api/v1/risks?engagement_id={engagement}", "risks_risk"),
        ("/api/v1/assets", "assets_asset"),
        ("/api/v1/actions", "assets_actionlogentry"),
        ("/api/v1/actions?client_id={client}", "assets_actionlogentry"),
    ],
)
def test_each_list_reads_its_page_from_an_index(rows, url, table):
    world, engagement = rows
    url = url.format(client=world.client.pk, engagement=engagement.pk)
    separator = "&" if "?" in url else "?"
    # A short limit: the page query has its LIMIT even when the rows are few.
    for plan in page_plans(world, f"{url}{separator}limit=1", table):
        assert "TEMP B-TREE" not in plan, f"{url} sorts its rows:\n{plan}"
        assert f"SCAN {table}" not in plan, f"{url} reads the whole table:\n{plan}"
        assert f"USING INDEX {table}_workspace_id" not in plan, (
            f"{url} walks every row of the workspace:\n{plan}"
        )
