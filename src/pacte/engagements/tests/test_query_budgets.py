"""The engagement, client, clients and dashboard pages cost the same queries with 1 or 20 rows."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from pacte.billing.services import invoice_create, payment_record
from pacte.clients.services import contact_create
from pacte.conflicts.services import conflict_move, conflict_open
from pacte.decisions.services import recommendation_create, recommendation_decide
from pacte.engagements.services import change_request_create, engagement_activate
from pacte.engagements.tests.helpers import browser, pay_deposit
from pacte.exchanges.services import exchange_log
from pacte.handoff.services import engagement_terminate
from pacte.risks.services import risk_create

pytestmark = pytest.mark.django_db


def grow(world, engagement, n):
    owner = world.actor("owner")
    contact = contact_create(actor=owner, client_id=world.client.pk, full_name="Anne")
    for i in range(n):
        invoice = invoice_create(
            actor=owner,
            engagement_id=engagement.pk,
            kind="progress",
            amount="100.00",
            due_on=timezone.localdate(),
            issued_on=timezone.localdate() - dt.timedelta(days=3),
        )
        payment_record(
            actor=owner, invoice_id=invoice.pk, amount="40.00", paid_on=timezone.localdate()
        )
        rec = recommendation_create(actor=owner, engagement_id=engagement.pk, title=f"R{i}")
        recommendation_decide(
            actor=owner, recommendation_id=rec.pk, decision="deferred", decided_by="Anne"
        )
        change_request_create(
            actor=owner, engagement_id=engagement.pk, title=f"C{i}", requested_by_id=contact.pk
        )
        risk_create(actor=owner, engagement_id=engagement.pk, description=f"Risk {i}")
        exchange_log(
            actor=owner,
            client_id=world.client.pk,
            channel="email",
            direction="outbound",
            summary=f"E{i}",
            engagement_id=engagement.pk,
        )
        # Issue 12: a conflict case past its follow-up date (client, engagement, dashboard).
        case = conflict_open(
            actor=owner,
            client_id=world.client.pk,
            engagement_ids=[engagement.pk],
            summary=f"Conflit {i}",
            opened_on=timezone.localdate() - dt.timedelta(days=10),
        )
        conflict_move(
            actor=owner,
            case_id=case.pk,
            to="cause_identified",
            cause="scope",
            notes="Périmètre",
            on=timezone.localdate() - dt.timedelta(days=9),
            follow_up_on=timezone.localdate() - dt.timedelta(days=8),
        )


def count_queries(http, url):
    with CaptureQueriesContext(connection) as captured:
        assert http.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("page", ["engagement", "client", "clients", "dashboard"])
def test_pages_cost_the_same_queries_with_1_or_20_rows(world, engagement, page):
    url = {
        "engagement": f"/engagements/{engagement.pk}/",
        "client": f"/clients/{world.client.pk}/",
        "clients": "/clients/",
        "dashboard": "/dashboard/",
    }[page]
    pay_deposit(world, engagement)
    engagement_activate(actor=world.actor("owner"), engagement_id=engagement.pk)
    grow(world, engagement, 1)
    http = browser(world)
    small = count_queries(http, url)
    grow(world, engagement, 19)
    assert count_queries(http, url) == small
    # The engagement and client pages carry issue 11's health score, governance, scorecard and
    # service levels: more queries, as many with one row as with twenty (above).
    # Issue 12: +1 on the client page, its consents panel (one query). Its conflicts: +2 on
    # the engagement page (its cases, the open_conflicts signal), +3 on the client page (its
    # cases, its conflict history, the signal). Its case studies: +1 on each (their list).
    # Attachments: +1 on the engagement page, the files of all its recommendations.
    # Status reports: +1 on the engagement page (its latest reports, one query).
    cap = {"engagement": 38, "client": 46}.get(page, 20)
    assert small <= cap, f"{url}: {small} queries"


def test_an_ended_engagement_page_costs_the_same_with_1_or_20_rows(world, engagement):
    """Once the engagement is closing, closed or terminated, billing's "Final settlement"
    panel (issue 12) shows: four more queries (invoices by kind, time logged, the change
    requests that count, write-offs and refunds by kind), however many rows there are."""
    pay_deposit(world, engagement)
    engagement_activate(actor=world.actor("owner"), engagement_id=engagement.pk)
    grow(world, engagement, 1)
    url = f"/engagements/{engagement.pk}/"
    http = browser(world)
    running = count_queries(http, url)
    engagement_terminate(
        actor=world.actor("owner"), engagement_id=engagement.pk, terminated_by="us", reason="Fin"
    )
    small = count_queries(http, url)
    assert 'id="settlement"' in http.get(url).content.decode()
    grow_ended = invoice_create  # invoices can still be recorded on an ended engagement
    for _ in range(19):
        grow_ended(
            actor=world.actor("owner"),
            engagement_id=engagement.pk,
            kind="progress",
            amount="100.00",
            due_on=timezone.localdate(),
        )
    assert count_queries(http, url) == small
    # 33 queries while it ran (above), 35 once terminated: the settlement's four and the
    # handoff plan's, less the panels of a running engagement that no longer apply. Issue 12
    # adds 4 to both: the conflicts panel and the open_conflicts signal, the case studies, the
    # files of its recommendations. 37 running, 39 ended.
    # Status reports: +1 (their panel shows on an ended engagement too): 40.
    assert small <= 40, (running, small)
