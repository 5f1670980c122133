"""Real browser: the deposit gate, from a new client to an active engagement (R-DEPOSIT)."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from pacte.demo import DEMO_OWNER, DEMO_PASSWORD
from pacte.demo.loader import load_demo

from .test_browser import sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def demo(transactional_db):

    load_demo()


def test_new_client_to_active_engagement_through_the_deposit(page, live_server, demo, artifacts):
    base = live_server.url
    sign_in(page, base, DEMO_OWNER, DEMO_PASSWORD)

    # A new client.
    page.goto(f"{base}/clients/")
    page.get_by_role("link", name="New client").click()
    page.fill("#id_name", "Imprimerie Dubois")
    page.fill("#id_city", "Lyon")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("h1")).to_contain_text("Imprimerie Dubois")

    # An engagement for it, 30 % deposit.
    page.get_by_role("link", name="New engagement").click()
    page.fill("#id_title", "Catalogue en ligne")
    page.fill("#id_value", "10000")
    page.fill("#id_deposit_percent", "30")
    page.get_by_role("button", name="Create").click()
    expect(page.locator("#status")).to_have_text("Draft")

    # R-DEPOSIT: no activation is offered before the deposit is paid; the page says what to do.
    expect(page.locator("#activate")).to_have_count(0)
    expect(page.locator("#next-steps")).to_contain_text("Issue the deposit invoice")
    expect(page.locator("#status")).to_have_text("Draft")
    page.screenshot(path=artifacts / "engagement-deposit-missing.png", full_page=True)

    # Record the deposit invoice, then its payment.
    today = dt.date.today()
    page.locator("#invoices summary", has_text="Record an invoice").click()
    page.select_option("#id_invoice-kind", "deposit")
    page.fill("#id_invoice-amount", "3000.00")
    page.fill("#id_invoice-due_on", (today + dt.timedelta(days=15)).isoformat())
    page.locator("#invoice-form button").click()
    expect(page.locator("#status")).to_have_text("Awaiting deposit")
    page.locator("#invoices summary", has_text="Record a payment").click()
    page.fill("#id_payment-amount", "3000.00")
    page.fill("#id_payment-paid_on", today.isoformat())
    page.locator("#invoices form.compact button").click()
    expect(page.locator(".messages")).to_contain_text("Payment recorded")

    # Now the engagement can start.
    page.locator("#activate").click()
    expect(page.locator("#status")).to_have_text("Active")
    expect(page.locator("#deposit")).to_contain_text("3,000.00")
    page.screenshot(path=artifacts / "engagement-active.png", full_page=True)
