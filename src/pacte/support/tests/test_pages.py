"""The members' pages and panels: every actor, what they show, and their query budgets
(constant with 1 or 20 requests)."""

import pytest
from django.db import connection
from django.test import Client as HttpClient
from django.test.utils import CaptureQueriesContext

from pacte.support.models import SupportRequest
from pacte.testing import ANY_MEMBER, MEMBERS_ONLY, check_page_as_each_actor

from .helpers import at, contact, counts, engagement, move, request, sla

pytestmark = pytest.mark.django_db


def page(world, url, kind="consultant"):
    http = HttpClient(headers={"Accept-Language": "en"})
    http.force_login(world.users[kind])
    return http.get(url)


def test_the_workspace_list_as_each_actor(world):
    req = request(world, at(2026, 6, 8, 9))
    responses = check_page_as_each_actor(world, "/requests/", ANY_MEMBER)
    assert req.summary in responses["viewer"].content.decode()
    assert req.summary not in responses["other_workspace"].content.decode()


def test_a_clients_list_as_each_actor(world):
    request(world, at(2026, 6, 8, 9), summary="Chez Alpha")
    request(world, at(2026, 6, 8, 9), summary="Chez Beta", client=world.other_client)
    responses = check_page_as_each_actor(
        world, f"/clients/{world.client.pk}/requests/", MEMBERS_ONLY
    )
    text = responses["viewer"].content.decode()
    assert "Chez Alpha" in text and "Chez Beta" not in text


def test_the_request_page_as_each_actor(world):
    req = request(world, at(2026, 6, 8, 9))
    check_page_as_each_actor(world, f"/requests/{req.pk}/", MEMBERS_ONLY)


def test_the_request_page_shows_its_clocks_breaches_and_moves(world):
    sla(world, target=60)
    req = request(world, at(2026, 6, 8, 9))
    move(world, req, "respond", at(2026, 6, 8, 11))
    text = page(world, f"/requests/{req.pk}/").content.decode()
    assert "120 minutes" in text and "breached" in text
    assert 'id="move-start"' in text and 'id="move-resolve"' in text
    assert 'id="move-respond"' not in text
    viewer = page(world, f"/requests/{req.pk}/", "viewer").content.decode()
    assert 'id="move-resolve"' not in viewer


def test_a_move_from_the_page(world):
    req = request(world, at(2026, 6, 8, 9))
    http = HttpClient(headers={"Accept-Language": "en"})
    http.force_login(world.users["consultant"])
    response = http.post(f"/requests/{req.pk}/move/respond/", {"respond-at": "2026-06-08T10:00"})
    assert response.status_code == 302
    before = counts()
    early = http.post(f"/requests/{req.pk}/move/start/", {"start-at": "2026-06-08T09:30"})
    assert early.status_code == 400
    assert "Before the previous event." in early.content.decode()
    assert counts() == before


def test_moving_from_the_page_as_each_actor(world):
    req = request(world, at(2026, 6, 8, 9))
    check_page_as_each_actor(
        world,
        f"/requests/{req.pk}/move/respond/",
        {
            "anonymous": 302,
            "owner": 302,
            "manager": 400,  # already responded: the page says why
            "consultant": 400,
            "viewer": 403,
            "portal": 404,
            "portal_other_client": 404,
            "other_workspace": 404,
        },
        method="post",
        data={"respond-at": "2026-06-08T10:00"},
    )


def test_the_list_filters(world):
    sla(world, target=60, priority="urgent")
    late = request(world, at(2026, 6, 8, 9), summary="Urgence", priority="urgent")
    move(world, late, "respond", at(2026, 6, 8, 15))
    request(world, at(2026, 6, 9, 9), summary="Question", client=world.other_client)
    assert "Question" not in page(world, "/requests/?priority=urgent").content.decode()
    breached = page(world, "/requests/?breached=1").content.decode()
    assert "Urgence" in breached and "Question" not in breached
    by_client = page(world, f"/clients/{world.other_client.pk}/requests/").content.decode()
    assert "Question" in by_client and "Urgence" not in by_client
    assert "Urgence" not in page(world, "/requests/?status=resolved").content.decode()


def test_the_client_page_shows_requests_and_service_levels(world):
    sla(world, target=60)
    req = request(world, at(2026, 6, 8, 9), summary="Panne du formulaire")
    move(world, req, "respond", at(2026, 6, 8, 15))
    text = page(world, f"/clients/{world.client.pk}/").content.decode()
    assert 'id="support-requests"' in text and "Panne du formulaire" in text
    assert "First response breached" in text
    assert 'id="service-levels"' in text


def test_the_engagement_page_shows_service_levels(world):
    e = engagement(world)
    sla(world, engagement_id=e.pk, target=60)
    sla(world, metric="availability")
    text = page(world, f"/engagements/{e.pk}/").content.decode()
    assert 'id="service-levels"' in text and "not yet measured" in text
    assert "Availability" in text  # the client's own SLAs too


def test_logging_a_request_from_the_client_page(world):
    claire = contact(world)
    http = HttpClient(headers={"Accept-Language": "en"})
    http.force_login(world.users["consultant"])
    response = http.post(
        f"/clients/{world.client.pk}/do/support-request/",
        {
            "support-request-summary": "Export en panne",
            "support-request-received_at": "2026-06-08T09:00",
            "support-request-contact_id": claire.pk,
            "support-request-channel": "call",
            "support-request-priority": "high",
            "support-request-category": "incident",
        },
    )
    assert response.status_code == 302
    req = SupportRequest.objects.in_workspace(world.workspace).get()
    assert (req.contact, req.channel, req.received_at) == (claire, "call", at(2026, 6, 8, 9))


def test_proposing_and_agreeing_from_the_engagement_page(world):
    e = engagement(world)
    http = HttpClient(headers={"Accept-Language": "en"})
    http.force_login(world.users["manager"])
    response = http.post(
        f"/engagements/{e.pk}/do/sla/",
        {
            "sla-metric": "resolution",
            "sla-target_minutes": "960",
            "sla-window": "month",
            "sla-calendar": "business_hours",
        },
    )
    assert response.status_code == 302
    s = e.slas.get()
    assert s.agreed_on is None and s.target_minutes == 960
    agreed = http.post(
        f"/engagements/{e.pk}/do/agree-sla/{s.pk}/",
        {"agree-sla-agreed_on": "2026-06-01", "agree-sla-agreed_by": "Anne Leroy"},
    )
    assert agreed.status_code == 302
    s.refresh_from_db()
    assert (str(s.agreed_on), s.agreed_by) == ("2026-06-01", "Anne Leroy")
    # A client-level SLA is not reached through the engagement's page.
    other = sla(world, agreed=False)
    assert http.post(f"/engagements/{e.pk}/do/agree-sla/{other.pk}/", {}).status_code == 404


def queries(world, url):
    http = HttpClient(headers={"Accept-Language": "en"})
    http.force_login(world.users["owner"])
    http.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert http.get(url).status_code == 200
    return len(captured)


def _requests(world, n, e):
    for i in range(n):
        req = request(world, at(2026, 6, 1 + i % 28, 9), engagement_id=e.pk if i % 2 else None)
        move(world, req, "respond", at(2026, 6, 1 + i % 28, 10))
        move(world, req, "wait_for_client", at(2026, 6, 1 + i % 28, 11))


def test_the_pages_cost_the_same_with_1_or_20_requests(world):
    e = engagement(world)
    sla(world, target=60)
    sla(world, engagement_id=e.pk, metric="resolution", target=600)
    sla(world, metric="availability")
    urls = [
        "/requests/",
        "/requests/?breached=1",
        f"/clients/{world.client.pk}/requests/",
        f"/clients/{world.client.pk}/",
        f"/engagements/{e.pk}/",
    ]
    _requests(world, 1, e)
    first = {url: queries(world, url) for url in urls}
    _requests(world, 19, e)
    assert {url: queries(world, url) for url in urls} == first
    detail = SupportRequest.objects.in_workspace(world.workspace).first()
    assert queries(world, f"/requests/{detail.pk}/") <= 8
    assert first["/requests/"] <= 8
