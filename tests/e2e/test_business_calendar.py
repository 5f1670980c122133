"""Real browser: the owner sets the business calendar on the settings page (issue 11, item 2).

The owner adds a bridge day and moves the workspace to Québec's holidays with a lunch break,
then the page is photographed at 1366 and 390 px in English and French into
artifacts/screenshots/issue11/ and must not scroll sideways on a phone.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

from pacte.demo import DEMO_OWNER
from pacte.demo.loader import load_demo
from pacte.kernel.models import ClosureDay, Workspace

from .test_layout import LAPTOP, PHONE, SCREENSHOTS, new_context, scroll_width, sign_in

pytestmark = pytest.mark.browser

SHOTS = SCREENSHOTS / "issue11"


@pytest.fixture
def demo(transactional_db):
    load_demo()


def test_the_owner_sets_hours_holidays_and_a_closure_day(chromium: Browser, live_server, demo):
    SHOTS.mkdir(parents=True, exist_ok=True)
    context = new_context(chromium, "en")
    page = context.new_page()
    try:
        sign_in(page, live_server.url, DEMO_OWNER)
        page.goto(f"{live_server.url}/workspace/settings/")
        closures = page.locator("#closure-days")
        closures.get_by_label("Date").fill("2026-05-15")
        closures.get_by_label("Label").fill("Pont de l'Ascension")
        with page.expect_navigation():
            closures.get_by_role("button", name="Add the closure day").click()
        expect(page.locator("#closure-days")).to_contain_text("Pont de l'Ascension")

        calendar = page.locator("#calendar")
        calendar.get_by_label("Public holidays of").select_option("CA")
        calendar.get_by_label("Region").fill("QC")
        calendar.get_by_label("Monday").fill("09:00-12:30, 13:30-18:00")
        with page.expect_navigation():
            calendar.get_by_role("button", name="Save the hours").click()
        expect(page.locator("#public-holidays")).to_contain_text("Canada Day")
        assert page.locator("#id_hours_mon").input_value() == "09:00-12:30, 13:30-18:00"
    finally:
        context.close()

    workspace = Workspace.objects.get(holiday_country="CA")
    assert workspace.holiday_subdivision == "QC"
    assert ClosureDay.objects.in_workspace(workspace).get().label == "Pont de l'Ascension"

    wide = []
    for language in ("en", "fr"):
        context = new_context(chromium, language)
        page = context.new_page()
        try:
            sign_in(page, live_server.url, DEMO_OWNER)
            for width in (LAPTOP, PHONE):
                page.set_viewport_size({"width": width, "height": 900})
                page.goto(f"{live_server.url}/workspace/settings/#calendar")
                page.screenshot(
                    path=str(SHOTS / f"settings-{language}-{width}.png"), full_page=True
                )
                if scroll_width(page) > width:
                    wide.append(f"{language} {width}px: {scroll_width(page)}")
        finally:
            context.close()
    assert not wide, wide
