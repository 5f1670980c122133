"""The engagement page and its actions, from the web face."""

import datetime as dt

import pytest
from django.db import connection
from django.test import Client as HttpClient
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from pacte.billing.services import invoice_create, payment_record
from pacte.clients.services import contact_create
from pacte.decisions.services import recommendation_create, recommendation_decide
from pacte.engagements.models import Engagement, TimeEntry
from pacte.engagements.services import (
    change_request_create,
    change_request_move,
    engagement_activate,
    engagement_create,
)
from pacte.exchanges.services import exchange_log
from pacte.risks.services import risk_create
from pacte.testing import check_page_as_each_actor

pytestmark = pytest.mark.django_db


def browser(world, kind="owner"):
    http = HttpClient(headers={"Accept-Language": "en"})
    http.force_login(world.users[kind])
    return http


@pytest.fixture
def engagement(world):
    return engagement_create(
        actor=world.actor("owner"),
        client_id=world.client.pk,
        title="Refonte",
        value="10000.00",
        deposit_percent=30,
    )


def pay_deposit(world, engagement):
    owner = world.actor("owner")
    invoice = invoice_create(
        actor=owner,
        engagement_id=engagement.pk,
        kind="deposit",
        amount="3000.00",
        due_on=timezone.localdate(),
    )
    payment_record(
        actor=owner, invoice_id=invoice.pk, amount="3000.00", paid_on=timezone.localdate()
    )
    return invoice


def test_engagement_page_as_each_actor(world, engagement):
    responses = check_page_as_each_actor(
        world,
        f"/engagements/{engagement.pk}/",
        {
            "anonymous": 302,
            "owner": 200,
            "manager": 200,
            "consultant": 200,
            "viewer": 200,
            "portal": 404,
            "portal_other_client": 404,
            "other_workspace": 404,
        },
    )
    assert 'id="override-notice"' not in responses["owner"].content.decode()
    html = browser(world).get(f"/engagements/{engagement.pk}/").content.decode()
    assert "Issue the deposit invoice (3,000.00\u00a0EUR) before any work starts." in html
    assert "Start without the deposit" in html  # the owner's override
    manager = browser(world, "manager").get(f"/engagements/{engagement.pk}/")
    assert "Start without the deposit" not in manager.content.decode()


def test_activation_is_refused_on_the_page_until_the_deposit_is_paid(world, engagement):
    http = browser(world)
    page = http.post(f"/engagements/{engagement.pk}/do/activate/", follow=True)
    assert "The deposit of 3,000.00\u00a0EUR is not paid yet" in page.content.decode()
    engagement.refresh_from_db()
    assert engagement.status == "draft"
    pay_deposit(world, engagement)
    page = http.post(f"/engagements/{engagement.pk}/do/activate/", follow=True)
    assert "The engagement is active" in page.content.decode()
    engagement.refresh_from_db()
    assert engagement.status == "active"


def test_override_from_the_page_needs_a_reason_and_shows_it_for_good(world, engagement):
    http = browser(world)
    page = http.post(
        f"/engagements/{engagement.pk}/do/override-deposit/", {"reason-reason": ""}, follow=True
    )
    # The refusal stands beside the field, on the same page, and nothing is recorded.
    assert page.status_code == 200 and "A reason is required." in page.content.decode()
    engagement.refresh_from_db()
    assert not engagement.deposit_overridden
    http.post(
        f"/engagements/{engagement.pk}/do/override-deposit/",
        {"reason-reason": "Client historique, acompte promis"},
    )
    html = http.get(f"/engagements/{engagement.pk}/").content.decode()
    assert 'id="override-notice"' in html and "Client historique, acompte promis" in html
    forbidden = browser(world, "manager").post(
        f"/engagements/{engagement.pk}/do/override-deposit/", {"reason-reason": "x"}
    )
    assert forbidden.status_code == 403


def test_logging_time_on_a_draft_is_refused_from_the_page(world, engagement):
    http = browser(world, "consultant")
    page = http.post(
        f"/engagements/{engagement.pk}/do/time/",
        {"time-worked_on": "2026-11-02", "time-minutes": "60", "time-description": "Maquettes"},
        follow=True,
    )
    assert "it must be active" in page.content.decode()
    assert not TimeEntry.objects.in_workspace(world.workspace).exists()


def test_work_against_a_refused_recommendation_is_refused_from_the_page(world, engagement):
    pay_deposit(world, engagement)
    owner = world.actor("owner")
    engagement_activate(actor=owner, engagement_id=engagement.pk)
    rec = recommendation_create(actor=owner, engagement_id=engagement.pk, title="CDN")
    recommendation_decide(
        actor=owner,
        recommendation_id=rec.pk,
        decision="refused",
        decided_by="Le client",
        note="Non merci",
    )
    http = browser(world, "consultant")
    page = http.post(
        f"/engagements/{engagement.pk}/do/time/",
        {
            "time-worked_on": timezone.localdate().isoformat(),
            "time-minutes": "30",
            "time-description": "Mise en place",
            "time-recommendation_id": str(rec.pk),
        },
        follow=True,
    )
    assert "The client refused “CDN”" in page.content.decode()
    page = http.post(f"/engagements/{engagement.pk}/do/implement/{rec.pk}/", follow=True)
    assert "The client refused “CDN”" in page.content.decode()
    assert not TimeEntry.objects.in_workspace(world.workspace).exists()


def test_an_unknown_action_is_404_and_a_get_is_405(world, engagement):
    http = browser(world)
    assert http.post(f"/engagements/{engagement.pk}/do/explode/").status_code == 404
    assert http.get(f"/engagements/{engagement.pk}/do/activate/").status_code == 405


def test_another_workspace_cannot_act_on_our_engagement(world, engagement):
    http = browser(world, "other_workspace")
    for action in ("activate", "override-deposit", "invoice", "time", "risk"):
        assert http.post(f"/engagements/{engagement.pk}/do/{action}/").status_code == 404
    engagement.refresh_from_db()
    assert engagement.status == "draft"


def test_creating_an_engagement_from_the_web(world):
    http = browser(world)
    page = http.get(f"/engagements/new/?client={world.client.pk}")
    assert page.status_code == 200
    response = http.post(
        "/engagements/new/",
        {
            "client_id": world.client.pk,
            "title": "Audit SEO",
            "kind": "fixed_price",
            "value": "4000",
            "currency": "EUR",
            "deposit_percent": "",
            "deposit_amount": "",
        },
    )
    engagement = Engagement.objects.in_workspace(world.workspace).get(title="Audit SEO")
    assert response["Location"] == f"/engagements/{engagement.pk}/"
    assert engagement.required_deposit.amount == 1200  # the workspace's 30 %
    # A client of another workspace is not even offered, and refused if posted.
    response = http.post(
        "/engagements/new/",
        {
            "client_id": world.foreign_client.pk,
            "title": "x",
            "kind": "fixed_price",
            "value": "10",
            "currency": "EUR",
        },
    )
    assert response.status_code == 200
    assert not Engagement.objects.in_workspace(world.workspace).filter(title="x").exists()


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
    assert small <= 20, f"{url}: {small} queries"


def test_the_page_shows_the_invest_signals(world, engagement):
    """R-INVEST: the deposit's share of the value, and the extra work given away."""

    owner = world.actor("owner")
    change = change_request_create(actor=owner, engagement_id=engagement.pk, title="Logo")
    change_request_move(
        actor=owner,
        change_request_id=change.pk,
        to="estimated",
        estimate_hours="12",
        estimate_amount="1500.00",
    )
    change_request_move(actor=owner, change_request_id=change.pk, to="absorbed")
    html = browser(world).get(f"/engagements/{engagement.pk}/").content.decode()
    assert "30 % of the value" in html
    assert "15 % of the value given away" in html
