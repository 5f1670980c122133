"""Real browser: the pages run under the strict Content-Security-Policy (issue 10, item 7).

On the demo workspace, Chromium loads the sign-in page, the dashboard, a client, an engagement
(and swaps one of its panels through htmx), a 404, the portal home and the API docs page
(Swagger UI, which must draw the operations). Any `securitypolicyviolation` event or console
message "Refused to …" fails the test: that is what an inline script, an `on…=` handler, a
`style=` attribute, htmx's injected indicator style or an asset from another site would cause.
The dashboard and the docs page are photographed at 1366 px into
artifacts/screenshots/issue10/ (git-ignored) for a person to check that nothing looks broken.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from pacte.clients.models import Client
from pacte.demo import DEMO_OWNER, DEMO_PASSWORD, DEMO_PORTAL_USER
from pacte.demo.loader import load_demo
from pacte.engagements.models import Engagement

pytestmark = pytest.mark.browser

SCREENSHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots" / "issue10"
LAPTOP = 1366

# Reports every violation to Python, page after page (an exposed binding survives navigation;
# the listener is added before any of the page's own code runs).
WATCH = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolation(
    `${event.violatedDirective} blocked ${event.blockedURI || "inline"} `
    + `(${event.sourceFile || document.location.pathname}:${event.lineNumber}) `
    + (event.sample || ""));
});
"""


@pytest.fixture
def demo(transactional_db):
    """The demo workspace, in the database the live server reads; returns the pages' paths."""
    load_demo()
    martin = Client.objects.across_workspaces().get(name=DEMO_PORTAL_USER[2])
    engagement = Engagement.objects.across_workspaces().filter(client=martin).order_by("pk")[0]
    return {
        "dashboard": "/dashboard/",
        "client": f"/clients/{martin.pk}/",
        "engagement": f"/engagements/{engagement.pk}/",
        "not-found": "/no-such-page/",
    }


class Watched:
    """A browser context whose pages report CSP violations and console refusals."""

    def __init__(self, chromium: Browser, base: str):
        self.base = base
        self.violations: list[str] = []
        self.context: BrowserContext = chromium.new_context(
            locale="en-GB", viewport={"width": LAPTOP, "height": 900}
        )
        self.context.set_default_timeout(15_000)
        self.context.expose_binding(
            "__cspViolation", lambda source, text: self.violations.append(text)
        )
        self.context.add_init_script(WATCH)
        self.page: Page = self.context.new_page()
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda exc: self.violations.append(f"page error: {exc}"))

    def _console(self, message) -> None:
        text = message.text
        # Chromium says "Refused to …" or, lately, "… violates the following Content Security
        # Policy directive …".
        if message.type == "error" and ("Refused to" in text or "Content Security" in text):
            self.violations.append(f"console: {text}")

    def visit(self, path: str, status: int = 200) -> None:
        response = self.page.goto(self.base + path, wait_until="networkidle")
        assert response is not None and response.status == status, (path, response)
        policy = response.headers.get("content-security-policy", "")
        assert "script-src 'self'" in policy and "style-src 'self'" in policy, (path, policy)
        # Events are delivered asynchronously: let them arrive before the next page.
        self.page.evaluate("() => new Promise((done) => setTimeout(done, 100))")

    def sign_in(self, email: str) -> None:
        self.visit("/accounts/login/")
        self.page.locator("#id_username").fill(email)
        self.page.locator("#id_password").fill(DEMO_PASSWORD)
        with self.page.expect_navigation():
            self.page.locator("main form button[type=submit]").click()

    def close(self) -> None:
        self.context.close()


def test_the_watch_sees_a_violation(chromium, live_server, transactional_db):
    """The watch itself can fail: a `style=` attribute added to a page is reported."""
    watched = Watched(chromium, live_server.url)
    try:
        watched.visit("/accounts/login/")
        assert watched.violations == []
        watched.page.evaluate(
            """() => document.body.insertAdjacentHTML(
                "beforeend", '<p style="color: red">inline</p>')"""
        )
        watched.page.wait_for_timeout(200)
    finally:
        watched.close()
    assert any("style-src" in v for v in watched.violations), watched.violations


def test_pages_run_under_the_strict_policy(chromium, live_server, demo):
    """Issue 10, item 7: sign-in, dashboard, client, engagement (with an htmx swap), 404,
    portal and API docs pages load, run their scripts and draw without one CSP violation."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    owner = Watched(chromium, live_server.url)
    try:
        owner.sign_in(DEMO_OWNER)
        page = owner.page
        for name, path in demo.items():
            owner.visit(path, status=404 if name == "not-found" else 200)
            if name == "dashboard":
                expect(page.locator("main h1")).to_be_visible()
                page.screenshot(path=SCREENSHOTS / "dashboard-en-1366.png", full_page=True)
            if name == "engagement":
                # htmx is running (its config read from the meta tag) and swaps a panel.
                assert page.evaluate("htmx.config.includeIndicatorStyles") is False
                page.evaluate(
                    """() => {
                        const panel = document.querySelector("main section[id]");
                        panel.dataset.stale = "yes";
                        htmx.ajax("GET", location.pathname, {
                            target: "#" + panel.id, select: "#" + panel.id, swap: "outerHTML"});
                    }"""
                )
                page.wait_for_function(
                    "() => !document.querySelector('main section[id][data-stale]')"
                )
                page.wait_for_timeout(100)

        # The API docs page: Swagger UI draws the operations from local files only.
        owner.visit("/api/v1/docs")
        expect(page.locator(".swagger-ui .info .title")).to_contain_text("Pacte API")
        operation = page.locator(".opblock-summary").first
        expect(operation).to_be_visible()
        operation.click()
        expect(page.locator(".opblock-body").first).to_be_visible()
        page.wait_for_timeout(200)
        page.screenshot(path=SCREENSHOTS / "api-docs-1366.png", full_page=False)
    finally:
        owner.close()

    portal = Watched(chromium, live_server.url)
    try:
        portal.sign_in(DEMO_PORTAL_USER[0])
        portal.visit("/portal/")
        expect(portal.page.locator("main h1")).to_be_visible()
    finally:
        portal.close()

    assert owner.violations == [], "\n".join(owner.violations)
    assert portal.violations == [], "\n".join(portal.violations)


def test_the_csrf_failure_page_runs_under_the_policy(chromium, live_server, transactional_db):
    """Issue 10, item 7: Django's own CSRF failure page is styled inline; Pacte's is not."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    watched = Watched(chromium, live_server.url)
    try:
        watched.visit("/accounts/login/")
        watched.context.clear_cookies()  # the CSRF cookie goes: the form is refused
        page = watched.page
        page.locator("#id_username").fill(DEMO_OWNER)
        page.locator("#id_password").fill(DEMO_PASSWORD)
        with page.expect_navigation() as navigation:
            page.locator("main form button[type=submit]").click()
        assert navigation.value.status == 403
        expect(page.locator("main h1")).to_have_text("The form has expired")
        page.wait_for_timeout(100)
        page.screenshot(path=SCREENSHOTS / "csrf-failure-en-1366.png")
    finally:
        watched.close()
    assert watched.violations == [], "\n".join(watched.violations)
