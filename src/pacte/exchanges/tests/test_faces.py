"""R-SILENCE reached from the API and the web: the flag a consultant sees on Monday."""

import datetime as dt

import pytest
from django.test import Client as HttpClient
from django.utils import timezone

from pacte.billing.services import invoice_create, payment_record
from pacte.engagements.services import engagement_activate, engagement_create
from pacte.exchanges.services import exchange_log
from pacte.testing import check_endpoint_as_each_actor

pytestmark = pytest.mark.django_db


@pytest.fixture
def quiet_engagement(world):
    owner = world.actor("owner")
    today = timezone.localdate()
    engagement = engagement_create(
        actor=owner, client_id=world.client.pk, title="Site", value="1000.00", deposit_percent=30
    )
    invoice = invoice_create(
        actor=owner, engagement_id=engagement.pk, kind="deposit", amount="300.00", due_on=today
    )
    payment_record(actor=owner, invoice_id=invoice.pk, amount="300.00", paid_on=today)
    engagement_activate(
        actor=owner, engagement_id=engagement.pk, activated_on=today - dt.timedelta(days=30)
    )
    exchange_log(
        actor=owner,
        client_id=world.client.pk,
        engagement_id=engagement.pk,
        channel="email",
        direction="outbound",
        summary="Rapport",
        occurred_on=today - dt.timedelta(days=11),
    )
    # The client wrote to us since: that does not break our silence.
    exchange_log(
        actor=owner,
        client_id=world.client.pk,
        engagement_id=engagement.pk,
        channel="email",
        direction="inbound",
        summary="Des nouvelles ?",
        occurred_on=today - dt.timedelta(days=2),
    )
    return engagement


def test_silent_engagements_through_the_api(world, quiet_engagement):
    responses = check_endpoint_as_each_actor(
        world,
        "/api/v1/silent-engagements",
        {
            "anonymous": 401,
            "owner": 200,
            "manager": 200,
            "consultant": 200,
            "viewer": 200,
            "portal": 403,
            "portal_other_client": 403,
            "other_workspace": 200,
        },
    )
    assert responses["owner"].json() == {
        "items": [
            {
                "engagement_id": quiet_engagement.pk,
                "client_id": world.client.pk,
                "title": "Site",
                "last_outbound_on": (timezone.localdate() - dt.timedelta(days=11)).isoformat(),
                "days_silent": 11,
            }
        ],
        "count": 1,
        "count_capped": False,
    }
    assert responses["other_workspace"].json() == {
        "items": [],
        "count": 0,
        "count_capped": False,
    }


def test_the_dashboard_and_the_engagement_page_flag_the_silence(world, quiet_engagement):
    http = HttpClient(headers={"Accept-Language": "en"})
    http.force_login(world.users["consultant"])
    dashboard = http.get("/dashboard/").content.decode()
    assert "No news sent for too long" in dashboard and "11 days" in dashboard
    page = http.get(f"/engagements/{quiet_engagement.pk}/").content.decode()
    assert "No news sent to the client for 11 days: write to them." in page
    exchange_log(
        actor=world.actor("owner"),
        client_id=world.client.pk,
        channel="call",
        direction="outbound",
        summary="Point d'étape",
    )
    assert "No news sent for too long" not in http.get("/dashboard/").content.decode()
