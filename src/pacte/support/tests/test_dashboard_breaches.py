"""The dashboard lists the requests of the last weeks over an agreed SLA's target."""

import datetime as dt

import pytest
from django.test import Client as HttpClient
from django.utils import timezone

from pacte.support.selectors import recent_breaches
from pacte.support.services import sla_propose, support_request_move, support_request_open

pytestmark = pytest.mark.django_db


def sla(world, agreed=True, calendar="round_the_clock"):
    return sla_propose(
        actor=world.actor("owner"),
        client_id=world.client.pk,
        metric="first_response",
        target_minutes=60,
        window="month",
        calendar=calendar,
        agreed_on=timezone.localdate() if agreed else None,
        agreed_by="Direction" if agreed else "",
    )


def request(world, hours_ago: float, summary="Le site est lent", respond_after=None):
    received = timezone.now() - dt.timedelta(hours=hours_ago)
    found = support_request_open(
        actor=world.actor("owner"),
        client_id=world.client.pk,
        summary=summary,
        received_at=received,
    )
    if respond_after is not None:
        support_request_move(
            actor=world.actor("owner"),
            request_id=found.pk,
            move="respond",
            at=received + dt.timedelta(minutes=respond_after),
        )
    return found


def test_requests_over_an_agreed_sla_are_on_the_dashboard(world):
    sla(world)
    late = request(world, 3, "Sans réponse depuis trois heures")
    request(world, 5, "Répondu en vingt minutes", respond_after=20)
    request(world, 0.25, "Arrivé il y a un quart d'heure")
    found = recent_breaches(actor=world.actor("owner"))
    assert [r.pk for r, _slas in found] == [late.pk]
    http = HttpClient(headers={"Accept-Language": "en"})
    http.force_login(world.users["owner"])
    page = http.get("/dashboard/").content.decode()
    panel = page[page.index('id="sla-breaches"') :]
    panel = panel[: panel.index("</div>")]
    assert "Sans réponse depuis trois heures" in panel
    assert "Répondu en vingt minutes" not in panel


def test_a_proposal_not_agreed_breaches_nothing(world):
    sla(world, agreed=False)
    request(world, 3)
    assert recent_breaches(actor=world.actor("owner")) == []


def test_the_panel_costs_four_queries_whatever_the_requests(world, django_assert_num_queries):
    sla(world)
    for hours in range(2, 12):
        request(world, hours)
    # The requests, their SLAs, their waits, the closure days of the business calendar.
    with django_assert_num_queries(4):
        assert len(recent_breaches(actor=world.actor("owner"))) == 8
