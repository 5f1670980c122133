"""What the pages built from panels cost in queries, with a bit of everything on them.

The budgets are the first release's counts (engagement page: 14, plus the exchanges journal
it now shows); a page must not cost more when a panel is added without care."""

import pytest
from django.db import connection
from django.test import Client as HttpClient
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from pacte.billing.services import invoice_create, payment_record
from pacte.decisions.services import recommendation_create, recommendation_decide
from pacte.engagements.services import (
    change_request_create,
    engagement_activate,
    engagement_create,
)
from pacte.exchanges.services import exchange_log
from pacte.risks.services import risk_create

pytestmark = pytest.mark.django_db

BUDGETS = {
    # 14: the deadline warnings read their stale rows, then one page of dates with its count
    # (two bounded queries, where one used to scan every asset in Python).
    # Issue 11: +1 the health ranking's latest snapshot day, +1 the overdue reviews, +1 the
    # requests of the last 30 days over an agreed SLA.
    # Issue 12: +1 the consents to renew (one query; two when some run out).
    # Issue 12: +1 the conflicts past their follow-up date.
    "/dashboard/": 19,
    # Issue 11: the health score's eleven signals (one to five queries each, whatever the
    # number of rows), its trend, the reviews panel and the service levels.
    # Issue 12: +2 the engagement's conflict cases and the open_conflicts signal, +1 its case
    # studies, +1 the files of the page's recommendations.
    # Status reports: +1, the engagement's latest reports (the panel and its form share it).
    "/engagements/{engagement}/": 38,
    "/clients/": 5,
    # Issue 11: the health score, governance, the scorecard, support (see test_client_page).
    # Issue 12: +1 the consents panel; +3 the client's conflict cases, its conflict history
    # (panel and stage rule) and the open_conflicts signal; +1 the case studies.
    "/clients/{client}/": 46,
    "/clients/?status=silent": 4,
    "/clients/?status=late_payer": 4,
}


def queries(user, url):
    http = HttpClient(headers={"Accept-Language": "en"})
    http.force_login(user)
    http.get(url)  # warm the session
    with CaptureQueriesContext(connection) as captured:
        response = http.get(url)
    assert response.status_code == 200, url
    return len(captured)


def test_each_page_stays_within_its_budget(world):
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
    risk_create(actor=owner, engagement_id=e.pk, description="Retard du prestataire")
    change_request_create(actor=owner, engagement_id=e.pk, title="Une page de plus")
    exchange_log(
        actor=owner,
        client_id=world.client.pk,
        engagement_id=e.pk,
        occurred_on=today,
        channel="call",
        direction="outbound",
        summary="Point hebdomadaire",
    )
    costs = {
        url: queries(world.users["owner"], url.format(engagement=e.pk, client=world.client.pk))
        for url in BUDGETS
    }
    over = {url: (cost, BUDGETS[url]) for url, cost in costs.items() if cost > BUDGETS[url]}
    assert not over, f"pages over their query budget (cost, budget): {over}"
    # Support's requests and SLAs, and the scorecard (issue 11).
    # Issue 12: +2 the consents section (the portal user's own contact, the consent records),
    # +1 the files of the recommendations waiting for the client's decision.
    # Status reports: +1 on the portal home, the latest reports sent to the client. +2: the
    # portal's navigation (whether a handoff is under way) and the next dates to cancel by.
    assert queries(world.users["portal"], "/portal/") <= 28
