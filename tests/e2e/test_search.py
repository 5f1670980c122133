"""Real browser: the header's search on the demo. "/" focuses the field, Enter searches, the
client is found and opens; on a phone the field waits in the folded menu, which "/" opens."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from pacte.demo import DEMO_OWNER, DEMO_PASSWORD, DEMO_PORTAL_USER
from pacte.demo.loader import load_demo

pytestmark = pytest.mark.browser


@pytest.fixture
def demo(transactional_db):
    load_demo()


def sign_in(page, base_url: str, email: str) -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.locator("#id_username").fill(email)
    page.locator("#id_password").fill(DEMO_PASSWORD)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()


def test_slash_focuses_the_search_and_enter_finds_the_client(
    page, live_server, demo, js_errors, artifacts
):
    base = live_server.url
    sign_in(page, base, DEMO_OWNER)
    page.goto(f"{base}/clients/")
    field = page.locator("#header-search-q")
    expect(field).not_to_be_focused()
    page.locator("main h1").click()
    page.keyboard.press("/")
    expect(field).to_be_focused()
    expect(field).to_have_value("")  # the "/" itself is not typed into the field
    page.keyboard.type("Boulangerie")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/search/?q=Boulangerie" in page.url
    clients = page.locator("#results-clients")
    expect(clients.get_by_role("heading", name="Clients")).to_be_visible()
    link = clients.get_by_role("link", name=DEMO_PORTAL_USER[2])
    expect(link).to_be_visible()
    page.screenshot(path=artifacts / "search-en-1280.png", full_page=True)

    # "/" typed into a field stays in the field.
    page_field = page.locator("#search-page-q")
    page_field.fill("")
    page_field.type("a/b")
    expect(page_field).to_have_value("a/b")

    with page.expect_navigation():
        link.click()
    expect(page.locator("main h1")).to_contain_text(DEMO_PORTAL_USER[2])

    page.goto(f"{base}/search/?q=zzzz")
    expect(page.locator("main .empty")).to_contain_text("Nothing matches “zzzz”")
    assert js_errors == []


def test_on_a_phone_slash_opens_the_menu_and_the_header_fits(
    page, live_server, demo, js_errors, artifacts
):
    base = live_server.url
    sign_in(page, base, DEMO_PORTAL_USER[0])
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(f"{base}/portal/")
    field = page.locator("#header-search-q")
    expect(field).to_be_hidden()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.locator("main h1").click()
    page.keyboard.press("/")
    expect(field).to_be_visible()
    expect(field).to_be_focused()
    box = field.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390
    page.keyboard.type("Boulangerie")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    # A portal user searches their engagements and invoices: the client record is not one.
    expect(page.locator("main h1")).to_have_text("Search")
    expect(page.locator("#results-clients")).to_have_count(0)
    page.screenshot(path=artifacts / "search-portal-en-390.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert js_errors == []
