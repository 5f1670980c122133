"""The client and engagement pages read the rows of their client or engagement only: no
query of theirs walks every row of the workspace, so they cost the same in a workspace of
thirty clients or of thousands.

SQLite plans without statistics here as it does on a database nobody analysed, so the plans
of this small world are the plans of a large one."""

import pytest
from django.db import connection
from django.test import Client as HttpClient
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from pacte.assets.services import action_log, asset_create
from pacte.billing.services import invoice_create, payment_record
from pacte.decisions.services import recommendation_create, recommendation_decide
from pacte.engagements.services import engagement_activate, engagement_create
from pacte.exchanges.services import exchange_log
from pacte.testing import SQLITE_PLANS_ONLY, sqlite_plan

pytestmark = [
    pytest.mark.django_db,
    SQLITE_PLANS_ONLY,
]

# Small tables of the workspace itself, read whole on purpose.
WHOLE_WORKSPACE_READS = {"core_member", "portal_portaluser"}


@pytest.fixture
def engagement(world):
    owner = world.actor("owner")
    today = timezone.localdate()
    e = engagement_create(actor=owner, client_id=world.client.pk, title="Refonte", value="1000")
    invoice = invoice_create(
        actor=owner, engagement_id=e.pk, kind="deposit", amount="300", due_on=today
    )
    payment_record(actor=owner, invoice_id=invoice.pk, amount="300", paid_on=today)
    engagement_activate(actor=owner, engagement_id=e.pk)
    rec = recommendation_create(actor=owner, engagement_id=e.pk, title="Sauvegardes")
    recommendation_decide(actor=owner, recommendation_id=rec.pk, decision="refused", decided_by="A")
    exchange_log(
        actor=owner,
        client_id=world.client.pk,
        engagement_id=e.pk,
        occurred_on=today,
        channel="call",
        direction="outbound",
        summary="Point",
    )
    asset_create(actor=owner, client_id=world.client.pk, kind="domain", identifier="alpha.example")
    action_log(actor=owner, client_id=world.client.pk, what="Renouvelé le domaine")
    return e


def workspace_walks(user, url: str) -> list[str]:
    http = HttpClient(headers={"Accept-Language": "en"})
    http.force_login(user)
    http.get(url)  # the session
    with CaptureQueriesContext(connection) as captured:
        response = http.get(url)
    assert response.status_code == 200
    walks = []
    for query in captured:
        if not query["sql"].startswith("SELECT"):
            continue
        for step in sqlite_plan(query["sql"]):
            table = step.split()[1] if step.startswith(("SCAN", "SEARCH")) else ""
            if table in WHOLE_WORKSPACE_READS or table.startswith(("django_", "core_user")):
                continue
            if table.startswith("(") or table == "subquery":
                continue  # rows a subquery of the same statement already chose
            # A walk: a scan, or an index searched on the workspace alone (whatever
            # its name: an index that orders the whole workspace's rows is one too).
            if "rowid=?" in step:
                continue  # one row by its key: the page's own object
            if (
                step.startswith(f"SCAN {table}")
                or f"INDEX {table}_workspace_id" in step
                or step.endswith("(workspace_id=?)")
            ):
                walks.append(f"{step}\n    in {query['sql'][:2000]}")
    return walks


@pytest.mark.parametrize(
    "page", ["/clients/{client}/", "/engagements/{engagement}/", "/clients/{client}/assets/"]
)
def test_the_page_reads_its_own_rows_only(world, engagement, page):
    url = page.format(client=world.client.pk, engagement=engagement.pk)
    walks = workspace_walks(world.users["owner"], url)
    assert not walks, "\n".join(walks)
