"""The whole path of a status report through the API and the portal (DOMAIN §2): generated
from the period's journal, reviewed, sent to the designated contacts, read in the portal."""

from __future__ import annotations

import pytest
from django.test import Client as HttpClient
from django.utils import timezone

from .helpers import days_ago, designate, log, running_engagement

pytestmark = pytest.mark.django_db


def api(world, kind="owner"):
    return HttpClient(
        headers={"Authorization": f"Bearer {world.token(kind)}", "Accept-Language": "en"}
    )


def test_generate_review_send_then_the_client_reads_it_in_the_portal(world):
    e = running_engagement(world)
    designate(world)
    log(world, e, "Envoyé la maquette de la page d'accueil", days_ago(10))
    log(world, None, "Appel général sur la facturation", days_ago(5), direction="inbound")
    log(world, e, "Un échange trop ancien", days_ago(60))
    http = api(world)
    created = http.post(
        f"/api/v1/engagements/{e.pk}/status-reports",
        {"period_start": days_ago(30).isoformat(), "period_end": timezone.localdate().isoformat()},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    report = created.json()
    assert report["status"] == "draft" and report["engagement"] == e.pk
    assert "Envoyé la maquette" in report["body"]
    assert "Appel général sur la facturation" in report["body"]
    assert "trop ancien" not in report["body"]
    rid = report["id"]

    listed = http.get(f"/api/v1/engagements/{e.pk}/status-reports").json()
    assert [r["id"] for r in listed["items"]] == [rid]

    reviewed = http.post(f"/api/v1/status-reports/{rid}/review")
    assert reviewed.status_code == 200 and reviewed.json()["status"] == "reviewed"
    assert reviewed.json()["reviewed_by"] == "owner@nord.test"

    sent = http.post(f"/api/v1/status-reports/{rid}/send")
    assert sent.status_code == 200, sent.content
    assert sent.json()["status"] == "sent" and sent.json()["sent_at"]
    assert sent.json()["recipients"] == ["claire@alpha.test"]

    portal = HttpClient(headers={"Accept-Language": "en"})
    portal.force_login(world.users["portal"])
    home = portal.get("/portal/").content.decode()
    assert f"/portal/reports/{rid}/" in home
    page = portal.get(f"/portal/reports/{rid}/")
    assert page.status_code == 200 and "Envoyé la maquette" in page.content.decode()
    assert f"/portal/reports/{rid}/" in portal.get("/portal/reports/").content.decode()

    other = HttpClient()
    other.force_login(world.users["portal_other_client"])
    assert other.get(f"/portal/reports/{rid}/").status_code == 404
    assert f"/portal/reports/{rid}/" not in other.get("/portal/").content.decode()


def test_drafts_never_show_in_the_portal(world):
    e = running_engagement(world)
    http = api(world)
    rid = http.post(
        f"/api/v1/engagements/{e.pk}/status-reports",
        {"period_start": days_ago(7).isoformat(), "period_end": days_ago(0).isoformat()},
        content_type="application/json",
    ).json()["id"]
    portal = HttpClient()
    portal.force_login(world.users["portal"])
    assert portal.get(f"/portal/reports/{rid}/").status_code == 404
    assert f"/portal/reports/{rid}/" not in portal.get("/portal/").content.decode()
    assert api(world, "portal").get(f"/api/v1/status-reports/{rid}").status_code == 404
    listed = api(world, "portal").get(f"/api/v1/engagements/{e.pk}/status-reports").json()
    assert listed["items"] == []


def test_bad_periods_are_refused_with_a_clear_code(world):
    e = running_engagement(world)
    http = api(world)
    url = f"/api/v1/engagements/{e.pk}/status-reports"
    for start, end, code in (
        (days_ago(1), days_ago(5), "period_reversed"),
        (days_ago(800), days_ago(0), "period_too_long"),
        (days_ago(-3), days_ago(-10), "in_future"),
    ):
        r = http.post(
            url,
            {"period_start": start.isoformat(), "period_end": end.isoformat()},
            content_type="application/json",
        )
        assert r.status_code == 400 and r.json()["code"] == code, r.content
    bad = http.post(url, {"period_start": "nope"}, content_type="application/json")
    assert bad.status_code == 400 and "code" in bad.json()
