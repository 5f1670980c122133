"""The dashboard's "needs attention" lists ask SQL for their first rows in the order of an
index, so the dashboard costs the same with a hundred clients or thousands; R-SILENCE reads
the stored last outbound days of the active engagements and their clients, no subquery.

SQLite plans without statistics here as it does on a database nobody analysed, so the plans
of this small world are the plans of a large one."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pacte.billing.selectors import overdue_invoices
from pacte.decisions.selectors import awaiting_decision
from pacte.engagements.selectors import awaiting_deposit
from pacte.exchanges.selectors import silent_engagements
from pacte.testing import SQLITE_PLANS_ONLY, sqlite_plan

pytestmark = [
    pytest.mark.django_db,
    SQLITE_PLANS_ONLY,
]


def the_query(read) -> str:
    with CaptureQueriesContext(connection) as captured:
        read()
    [query] = captured
    return query["sql"]


def plan_of(sql: str) -> str:
    return "\n".join(sqlite_plan(sql))


@pytest.mark.parametrize(
    ("read", "index"),
    [
        (awaiting_deposit, "engagement_deposit_due_idx"),
        (overdue_invoices, "invoice_unpaid_due_idx"),
        (awaiting_decision, "recommendation_status_idx"),
    ],
)
def test_each_attention_list_reads_its_first_rows_from_an_index(world, read, index):
    owner = world.actor("owner")
    sql = the_query(lambda: read(actor=owner))
    assert sql.endswith("LIMIT 8")
    plan = plan_of(sql)
    assert f"USING INDEX {index}" in plan, plan
    assert "TEMP B-TREE" not in plan, plan


def test_silence_reads_stored_dates_with_no_subquery(world):
    owner = world.actor("owner")
    sql = the_query(lambda: silent_engagements(actor=owner, limit=8))
    assert sql.endswith("LIMIT 8")
    # R-SILENCE reads the stored days (`refresh_last_outbound`): the exchanges are not read.
    assert sql.count("SELECT") == 1, sql
    assert "exchanges_exchange" not in sql, sql
    assert '"engagements_engagement"."last_outbound_on"' in sql, sql
    assert '"clients_client"."last_general_outbound_on"' in sql, sql
    plan = plan_of(sql)
    # The workspace's active engagements from their index, each client by its key. The sort
    # on the silence (a day drawn from two tables, which no index holds) remains.
    assert "SEARCH engagements_engagement USING INDEX engagement_status_idx" in plan, plan
    assert "SCAN" not in plan, plan
    assert "SEARCH clients_client USING INTEGER PRIMARY KEY" in plan, plan


def test_the_dashboard_list_of_silences_is_cut_in_sql(world):
    owner = world.actor("owner")
    later = dt.date.today() + dt.timedelta(days=400)
    sql = the_query(lambda: silent_engagements(actor=owner, today=later, limit=3))
    assert sql.endswith("LIMIT 3")
