"""Real browser: from a request the client logs in the portal to an SLA breach on the
dashboard (issue 11).

The provider proposes a one-hour first-response SLA, round the clock, to Boulangerie Martin;
Hélène Martin agrees it in the portal and asks for help there. Two hours pass without an
answer (the test moves the request's reception back, as the clock would): the owner's
dashboard lists the request as over the agreed SLA, and its page says which one. The portal
and the dashboard are photographed at 1366 and 390 px, in English and French, into
artifacts/screenshots/issue11/.
"""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import Browser, expect

from pacte.clients.models import Client
from pacte.demo import DEMO_OWNER, DEMO_PORTAL_USER
from pacte.demo.loader import load_demo
from pacte.kernel.models import Workspace
from pacte.kernel.tenancy import Actor
from pacte.support.models import Sla, SupportRequest
from pacte.support.services import sla_propose

from .test_layout import LAPTOP, PHONE, SCREENSHOTS, new_context, scroll_width, sign_in

pytestmark = pytest.mark.browser

SHOTS = SCREENSHOTS / "issue11"
SUMMARY = "La caisse ne se connecte plus au site"


@pytest.fixture
def proposal(transactional_db):
    workspace = load_demo()
    martin = Client.objects.in_workspace(workspace).get(name=DEMO_PORTAL_USER[2])
    return sla_propose(
        actor=Actor.system(workspace),
        client_id=martin.pk,
        metric="first_response",
        target_minutes=60,
        window="month",
        calendar="round_the_clock",
    )


def test_a_portal_request_left_unanswered_breaches_the_agreed_sla(
    chromium: Browser, live_server, proposal
):
    SHOTS.mkdir(parents=True, exist_ok=True)
    context = new_context(chromium, "en")
    page = context.new_page()
    try:
        sign_in(page, live_server.url, DEMO_PORTAL_USER[0])
        page.goto(f"{live_server.url}/portal/")
        row = page.locator(f"#sla-{proposal.pk}")
        with page.expect_response(lambda r: "agree-sla" in r.url):
            row.get_by_role("button", name="I agree").click()
        expect(page.locator(f"#sla-{proposal.pk}")).to_contain_text("agreed")

        requests = page.locator("#requests")
        requests.get_by_text("Make a request").click()
        requests.get_by_label("What do you need?").fill(SUMMARY)
        with page.expect_response(lambda r: "open-request" in r.url):
            requests.get_by_role("button", name="Send").click()
        expect(page.locator("#requests")).to_contain_text(SUMMARY)
    finally:
        context.close()

    sla = Sla.objects.in_workspace(proposal.workspace_id).get(pk=proposal.pk)
    assert sla.agreed_on is not None and sla.agreed_in_portal
    request = SupportRequest.objects.in_workspace(proposal.workspace_id).get(summary=SUMMARY)
    assert request.opened_in_portal and request.status == "open"
    # Two hours go by without an answer.
    SupportRequest.objects.in_workspace(proposal.workspace_id).filter(pk=request.pk).update(
        received_at=request.received_at - dt.timedelta(hours=2)
    )

    context = new_context(chromium, "en")
    page = context.new_page()
    try:
        sign_in(page, live_server.url, DEMO_OWNER)
        page.goto(f"{live_server.url}/dashboard/")
        breaches = page.locator("#sla-breaches")
        expect(breaches).to_contain_text(SUMMARY)
        expect(breaches).to_contain_text("First response")
        with page.expect_navigation():
            breaches.get_by_role("link", name=f"Boulangerie Martin — {SUMMARY}").click()
        expect(page.locator("main")).to_contain_text("breached")
    finally:
        context.close()

    wide = []
    for language in ("en", "fr"):
        for width in (LAPTOP, PHONE):
            for who, url, name in (
                (DEMO_PORTAL_USER[0], "/portal/", "portal"),
                (DEMO_OWNER, "/dashboard/", "dashboard"),
                (DEMO_OWNER, f"/requests/{request.pk}/", "request"),
            ):
                context = new_context(chromium, language)
                page = context.new_page()
                page.set_viewport_size({"width": width, "height": 900})
                try:
                    sign_in(page, live_server.url, who)
                    page.goto(f"{live_server.url}{url}")
                    page.screenshot(
                        path=str(SHOTS / f"support-{name}-{language}-{width}.png"), full_page=True
                    )
                    if scroll_width(page) > width:
                        wide.append(f"{url} {language} {width}: {scroll_width(page)} px")
                finally:
                    context.close()
    assert not wide, wide
    assert Workspace.objects.count() == 1
