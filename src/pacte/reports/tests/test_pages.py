"""The pages of status reports: the engagement page's panel and its generate form, the report
page (edit, review, send, print), the portal's list and report page. Every page as each
actor, and each costs the same queries with one report or many."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client as HttpClient
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from pacte.reports.models import ReportStatus, StatusReport
from pacte.reports.selectors import pdf_available
from pacte.testing import MEMBERS_ONLY, check_page_as_each_actor

from .helpers import days_ago, designate, generate, log, running_engagement, sent_report

pytestmark = pytest.mark.django_db

PORTAL_ONLY = {
    "anonymous": 302,
    "owner": 404,
    "manager": 404,
    "consultant": 404,
    "viewer": 404,
    "portal": 200,
    "portal_other_client": 404,
    "other_workspace": 404,
}
# A POST on a report: refused to whoever lacks the permission (403) or does not see it (404);
# otherwise back to the report page, with the outcome said on top.
POSTED = {**MEMBERS_ONLY, "owner": 302, "manager": 302, "consultant": 302, "viewer": 403}


def browser(world, kind="consultant"):
    http = HttpClient(headers={"Accept-Language": "en"})
    http.force_login(world.users[kind])
    return http


def test_the_report_page_as_each_actor(world):
    report = generate(world, running_engagement(world))
    responses = check_page_as_each_actor(world, f"/reports/{report.pk}/", MEMBERS_ONLY)
    assert "Marquer comme relu" in responses["consultant"].content.decode()
    viewer = responses["viewer"].content.decode()
    assert "Marquer comme relu" not in viewer and 'id="report-edit"' not in viewer


def test_review_and_send_through_the_pages_as_each_actor(world):
    designate(world)
    report = generate(world, running_engagement(world))
    check_page_as_each_actor(world, f"/reports/{report.pk}/review/", POSTED, method="post")
    assert StatusReport.objects.in_workspace(world.workspace).get().status == "reviewed"
    sending = {**POSTED, "consultant": 403}
    check_page_as_each_actor(world, f"/reports/{report.pk}/send/", sending, method="post")
    report.refresh_from_db()
    assert report.status == ReportStatus.SENT and report.sent_by == world.users["owner"]
    page = browser(world).get(f"/reports/{report.pk}/").content.decode()
    assert "claire@alpha.test" in page and report.sent_sha256 in page
    assert 'id="report-edit"' not in page and "Send to the client" not in page


def test_the_edit_form_keeps_the_text_and_returns_a_reviewed_report_to_draft(world):
    report = generate(world, running_engagement(world))
    http = browser(world)
    http.post(f"/reports/{report.pk}/review/")
    check_page_as_each_actor(
        world,
        f"/reports/{report.pk}/edit/",
        POSTED,
        method="post",
        data={"report-body": "# Rapport\n\n- Une ligne"},
    )
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT and "- Une ligne" in report.body
    page = http.get(f"/reports/{report.pk}/").content.decode()
    assert "<li>Une ligne</li>" in page
    empty = http.post(f"/reports/{report.pk}/edit/", {"report-body": ""})
    assert empty.status_code == 400 and 'id="id_report-body_error"' in empty.content.decode()


def test_a_refusal_is_said_on_the_page(world):
    report = generate(world, running_engagement(world))
    http = browser(world, "owner")
    http.post(f"/reports/{report.pk}/review/")
    page = http.post(f"/reports/{report.pk}/send/", follow=True).content.decode()
    assert "no designated contact with an email address" in page


def test_the_print_button_and_the_pdf_link_only_with_weasyprint(world):
    report = generate(world, running_engagement(world))
    page = browser(world).get(f"/reports/{report.pk}/").content.decode()
    assert "data-print" in page
    assert ('id="report-pdf"' in page) == pdf_available()
    if not pdf_available():
        assert browser(world).get(f"/reports/{report.pk}/pdf/").status_code == 404


def test_the_engagement_panel_lists_reports_and_generates_one(world):
    e = running_engagement(world)
    old = generate(world, e, start=days_ago(40), end=days_ago(11))
    http = browser(world)
    page = http.get(f"/engagements/{e.pk}/").content.decode()
    assert 'id="status-reports"' in page and f"/reports/{old.pk}/" in page
    # The period proposed starts the day after the latest report's end.
    assert f'value="{days_ago(10).isoformat()}"' in page
    assert f'value="{timezone.localdate().isoformat()}"' in page
    posted = http.post(
        f"/engagements/{e.pk}/do/status-report/",
        {
            "status-report-period_start": days_ago(10).isoformat(),
            "status-report-period_end": days_ago(0).isoformat(),
        },
    )
    assert posted.status_code == 302
    assert StatusReport.objects.in_workspace(world.workspace).count() == 2
    bad = http.post(
        f"/engagements/{e.pk}/do/status-report/",
        {
            "status-report-period_start": days_ago(1).isoformat(),
            "status-report-period_end": days_ago(5).isoformat(),
        },
    )
    assert bad.status_code == 200 and "Before the start of the period." in bad.content.decode()
    viewer = browser(world, "viewer").get(f"/engagements/{e.pk}/").content.decode()
    assert 'id="status-reports"' in viewer and "Generate a status report" not in viewer


def test_the_portal_pages_as_each_actor(world):
    designate(world)
    report = sent_report(world, running_engagement(world))
    responses = check_page_as_each_actor(world, f"/portal/reports/{report.pk}/", PORTAL_ONLY)
    assert "Refonte du site" in responses["portal"].content.decode()
    listing = {**PORTAL_ONLY, "portal_other_client": 200}
    responses = check_page_as_each_actor(world, "/portal/reports/", listing)
    assert f"/portal/reports/{report.pk}/" in responses["portal"].content.decode()
    assert f"/portal/reports/{report.pk}/" not in responses["portal_other_client"].content.decode()


def count_queries(http, url):
    with CaptureQueriesContext(connection) as captured:
        assert http.get(url).status_code == 200
    return len(captured)


def grow(world, engagement, n):
    for i in range(n):
        log(world, engagement, f"Échange {i}", days_ago(2))
        sent_report(world, engagement, start=days_ago(5), end=days_ago(1))


@pytest.mark.parametrize("page", ["engagement", "report", "portal-home", "portal-list", "portal"])
def test_pages_cost_the_same_queries_with_1_or_many_reports(world, page):
    e = running_engagement(world)
    designate(world)
    grow(world, e, 1)
    first = StatusReport.objects.in_workspace(world.workspace).get()
    url, kind = {
        "engagement": (f"/engagements/{e.pk}/", "consultant"),
        "report": (f"/reports/{first.pk}/", "consultant"),
        "portal-home": ("/portal/", "portal"),
        "portal-list": ("/portal/reports/", "portal"),
        "portal": (f"/portal/reports/{first.pk}/", "portal"),
    }[page]
    http = browser(world, kind)
    small = count_queries(http, url)
    grow(world, e, 12)
    assert count_queries(http, url) == small
