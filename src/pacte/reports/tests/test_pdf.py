"""The PDF link and download, with WeasyPrint (the optional `pdf` extra) stood in by a fake
module: the link shows only when it is importable, and the download goes through the same
scoped read as the page."""

from __future__ import annotations

import pytest
from django.test import Client as HttpClient

from pacte.testing import fake_weasyprint as stand_in_weasyprint

from .helpers import designate, generate, running_engagement, sent_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def fake_weasyprint(monkeypatch):
    return stand_in_weasyprint(monkeypatch)


def browser(world, kind):
    http = HttpClient(headers={"Accept-Language": "en"})
    http.force_login(world.users[kind])
    return http


def test_the_pdf_of_a_report(world, fake_weasyprint):
    report = generate(world, running_engagement(world))
    http = browser(world, "viewer")
    assert 'id="report-pdf"' in http.get(f"/reports/{report.pk}/").content.decode()
    response = http.get(f"/reports/{report.pk}/pdf/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert "Refonte du site" in fake_weasyprint["html"]
    assert fake_weasyprint["css"].endswith("report-pdf.css")
    assert browser(world, "portal").get(f"/portal/reports/{report.pk}/pdf/").status_code == 404


def test_the_portal_pdf_of_a_sent_report(world, fake_weasyprint):
    designate(world)
    report = sent_report(world, running_engagement(world))
    assert browser(world, "portal").get(f"/portal/reports/{report.pk}/pdf/").status_code == 200
    other = browser(world, "portal_other_client")
    assert other.get(f"/portal/reports/{report.pk}/pdf/").status_code == 404
