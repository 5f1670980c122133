"""Real browser: the client portal on a phone (390 px), as Hélène Martin of the demo.

She opens each section of the portal from the folded menu; no page scrolls sideways, and the
menu lists only what her rights allow. The demo's accountant sees the invoices, not the
decisions. Screenshots at 390 and 1366 px in both languages go to artifacts/screenshots/.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from pacte.demo import DEMO_PORTAL_ACCOUNTANT, DEMO_PORTAL_USER
from pacte.demo.loader import load_demo

from .test_layout import LAPTOP, PHONE, SCREENSHOTS, new_context, scroll_width, sign_in, wider_than

pytestmark = pytest.mark.browser

# (menu label in English, path) of the sections Hélène (every right) reaches from the menu.
SECTIONS = [
    ("Client portal", "/portal/"),
    ("Assets", "/portal/assets/"),
    ("Deadlines", "/portal/deadlines/"),
]
# The home page's sections, each within her rights.
HOME_SECTIONS = ("#decide", "#open-invoices", "#requests", "#slas", "#scorecard", "#consents")


@pytest.fixture
def demo(transactional_db):
    load_demo()


def test_the_portal_on_a_phone(chromium, live_server, demo, js_errors):
    base = live_server.url
    context = new_context(chromium, "en")
    page = context.new_page()
    page.on("pageerror", lambda exc: js_errors.append(str(exc)))
    problems = []
    try:
        sign_in(page, base, DEMO_PORTAL_USER[0])
        page.set_viewport_size({"width": PHONE, "height": 800})
        nav = page.locator("header.top nav.nav-main")
        toggle = page.locator("header.top .nav-toggle")
        for label, path in SECTIONS:
            page.goto(f"{base}/portal/")
            expect(toggle).to_be_visible()
            toggle.click()
            link = nav.get_by_role("link", name=label, exact=True)
            expect(link).to_be_visible()
            box = link.bounding_box()
            assert box is not None and box["x"] + box["width"] <= PHONE, label
            link.click()
            page.wait_for_url(f"{base}{path}")
            expect(page.locator("main h1")).to_be_visible()
            if (wide := scroll_width(page)) > PHONE:
                problems.append(f"{path}: scrollWidth {wide}: {wider_than(page, PHONE)}")
        page.goto(f"{base}/portal/")
        for section in HOME_SECTIONS:
            expect(page.locator(section)).to_be_visible()
        # The deadlines page offers the calendar address and the renewal reminders.
        page.goto(f"{base}/portal/deadlines/")
        expect(page.locator("#renewal-reminders input[type=checkbox]")).to_be_checked()
        page.get_by_role("button", name="Get my calendar address").click()
        expect(page.locator("#calendar code.token")).to_contain_text("/calendar/")
        assert scroll_width(page) <= PHONE
    finally:
        context.close()
    assert problems == [], "\n".join(problems)
    assert js_errors == []


def test_the_accountant_sees_the_invoices_not_the_decisions(chromium, live_server, demo):
    base = live_server.url
    context = new_context(chromium, "en")
    page = context.new_page()
    try:
        sign_in(page, base, DEMO_PORTAL_ACCOUNTANT[0])
        page.goto(f"{base}/portal/")
        nav = page.locator("header.top nav.nav-main")
        for hidden in ("Assets", "Deadlines"):
            expect(nav.get_by_role("link", name=hidden, exact=True)).to_have_count(0)
        expect(page.locator("#open-invoices")).to_be_visible()
        expect(page.locator("#decide")).to_have_count(0)
        expect(page.locator("#consents")).to_have_count(0)
        assert page.goto(f"{base}/portal/assets/").status == 403
    finally:
        context.close()


def test_portal_screenshots(chromium, live_server, demo):
    """Each portal page at both widths and in both languages, for people to look at."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    base = live_server.url
    for language in ("en", "fr"):
        context = new_context(chromium, language)
        page = context.new_page()
        try:
            sign_in(page, base, DEMO_PORTAL_USER[0])
            for width in (LAPTOP, PHONE):
                page.set_viewport_size({"width": width, "height": 900})
                for name, path in (
                    ("home", "/portal/"),
                    ("assets", "/portal/assets/"),
                    ("deadlines", "/portal/deadlines/"),
                    ("handoff", "/portal/handoff/"),
                ):
                    assert page.goto(base + path).status == 200
                    page.screenshot(
                        path=SCREENSHOTS / f"portal-{name}-{language}-{width}.png", full_page=True
                    )
                if width == PHONE:
                    page.goto(base + "/portal/")
                    page.locator("header.top .nav-toggle").click()
                    page.screenshot(path=SCREENSHOTS / f"portal-menu-{language}-{width}.png")
        finally:
            context.close()
