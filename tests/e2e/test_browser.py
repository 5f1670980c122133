"""Real-browser tests: sign in, read the dashboard in English and French, and the portal.

Run with `make test-browser` (or `pytest -m browser`); they skip when Chromium is missing.
Screenshots of each state land in test-artifacts/ for a person to look at.
"""

import re

import pytest
from playwright.sync_api import Page, expect

from pacte.demo import DEMO_OWNER, DEMO_PASSWORD, DEMO_PORTAL_USER
from pacte.demo.loader import load_demo

pytestmark = pytest.mark.browser


@pytest.fixture
def demo(transactional_db):
    """The demo workspace, in the database the live server reads."""
    load_demo()


def choose_language(page: Page, code: str) -> None:
    """Pick a language in the header's select, which submits itself and reloads the page."""
    switch = page.locator("#language-switch select[name=language]")
    if switch.input_value() == code:
        return
    with page.expect_navigation():
        switch.select_option(code)
    expect(page.locator("html")).to_have_attribute("lang", code)
    expect(switch).to_have_value(code)


def sign_in(page: Page, base_url: str, email: str, password: str, screenshot=None) -> None:
    """Open the sign-in page, switch it to English if needed, and sign in."""
    page.goto(f"{base_url}/accounts/login/")
    choose_language(page, "en")
    expect(page.locator("h1")).to_have_text("Sign in")
    if screenshot is not None:
        page.screenshot(path=screenshot, full_page=True)
    page.locator("#id_username").fill(email)
    page.locator("#id_password").fill(password)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()


def test_owner_reads_the_dashboard_in_english_then_french(
    page: Page, live_server, demo, artifacts, js_errors
):
    sign_in(
        page, live_server.url, DEMO_OWNER, DEMO_PASSWORD, screenshot=artifacts / "01-login-en.png"
    )
    page.wait_for_url(f"{live_server.url}/dashboard/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page).to_have_title(re.compile(r"^Dashboard · Pacte$"))
    nav = page.get_by_role("navigation")
    expect(nav.get_by_role("link", name="Dashboard", exact=True)).to_be_visible()
    ledger = page.locator("#ledger-status")
    expect(ledger.locator("h2")).to_have_text("Proof ledger")
    expect(ledger.locator(".badge.ok")).to_have_text("Chain intact")
    expect(page.locator("h1")).to_have_text("Atelier Lumière")
    page.screenshot(path=artifacts / "02-dashboard-en.png", full_page=True)

    choose_language(page, "fr")
    page.wait_for_url(f"{live_server.url}/dashboard/")
    page.screenshot(path=artifacts / "03-dashboard-fr.png", full_page=True)
    expect(page).to_have_title(re.compile(r"^Tableau de bord · Pacte$"))
    expect(nav.get_by_role("link", name="Tableau de bord", exact=True)).to_be_visible()
    expect(ledger.locator("h2")).to_have_text("Registre de preuves")
    expect(ledger.locator(".badge.ok")).to_have_text("Chaîne intacte")
    expect(page.locator("h1")).to_have_text("Atelier Lumière")

    assert js_errors == []


def test_portal_user_lands_on_the_portal_and_cannot_open_the_dashboard(
    page: Page, live_server, demo, artifacts, js_errors
):
    email, _name, client_name = DEMO_PORTAL_USER
    sign_in(page, live_server.url, email, DEMO_PASSWORD)
    page.wait_for_url(f"{live_server.url}/portal/")
    expect(page.locator("h1")).to_have_text(client_name)
    expect(page.locator("body")).to_contain_text("Boulangerie Martin")
    # The provider's pages are not offered to a client's people.
    expect(page.get_by_role("navigation").get_by_role("link", name="Dashboard")).to_have_count(0)
    page.screenshot(path=artifacts / "04-portal-en.png", full_page=True)

    response = page.goto(f"{live_server.url}/dashboard/")
    assert response is not None
    assert response.status == 404
    expect(page.locator("body")).to_contain_text(re.compile("not found", re.IGNORECASE))
    expect(page.locator("#ledger-status")).to_have_count(0)
    page.screenshot(path=artifacts / "05-portal-dashboard-404.png", full_page=True)

    assert js_errors == []
