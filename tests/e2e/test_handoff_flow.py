"""Real browser: from an engagement in `closing` to a completed handoff (DOMAIN §6)."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from pacte.assets.services import asset_create
from pacte.billing.services import invoice_create, payment_record
from pacte.clients.services import client_create
from pacte.engagements.services import engagement_activate, engagement_create
from pacte.handoff.services import engagement_start_closing
from pacte.kernel.models import User
from pacte.kernel.selectors import actor_for_user
from pacte.workspace.services import workspace_create

from .test_browser import sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def closing_engagement(transactional_db):

    workspace = workspace_create(
        name="Atelier Test",
        owner_email="owner@test.example",
        owner_password="correct-horse-battery-staple",
    )

    owner = actor_for_user(User.objects.get(email="owner@test.example"))
    client = client_create(actor=owner, name="Imprimerie Dubois")
    asset_create(
        actor=owner,
        client_id=client.pk,
        kind="domain",
        identifier="imprimerie-dubois.fr",
        legal_owner="us",
    )
    asset_create(
        actor=owner,
        client_id=client.pk,
        kind="analytics",
        identifier="Statistiques",
        client_has_admin=True,
        we_have_admin=True,
    )
    engagement = engagement_create(
        actor=owner, client_id=client.pk, title="Catalogue", value="5000.00"
    )
    today = timezone.localdate()
    invoice = invoice_create(
        actor=owner, engagement_id=engagement.pk, kind="deposit", amount="1500.00", due_on=today
    )
    payment_record(actor=owner, invoice_id=invoice.pk, amount="1500.00", paid_on=today)
    engagement_activate(actor=owner, engagement_id=engagement.pk)
    engagement_start_closing(actor=owner, engagement_id=engagement.pk)
    assert workspace
    return engagement


def test_closing_to_a_completed_handoff(page, live_server, closing_engagement, artifacts):
    base = live_server.url
    sign_in(page, base, "owner@test.example", "correct-horse-battery-staple")
    page.goto(f"{base}/engagements/{closing_engagement.pk}/")
    page.locator("#handoff-link").click()
    expect(page.locator("h1")).to_contain_text("Handoff")
    steps = page.locator("#steps tbody tr")
    count = steps.count()
    assert count >= 4  # transfer + admin for the domain; revoke + rotate for the analytics

    # Closing is refused while steps are open: said in the closing card, swapped in place.
    page.locator("#close-engagement").click()
    expect(page.locator("#closing")).to_contain_text("handoff steps are not done")
    expect(page.locator("#status")).to_have_text("Closing")
    page.screenshot(path=artifacts / "handoff-open.png", full_page=True)

    for n in range(count):
        row = page.locator("#steps tbody tr").nth(n)
        row.locator("select[name=status]").select_option("done")
        # Saved through htmx, which then reloads the page (HX-Redirect): wait for it.
        with page.expect_navigation():
            row.get_by_role("button", name="Save").click()
        expect(page.locator(".messages")).to_contain_text("Step updated")
    expect(page.locator("#progress")).to_contain_text(f"{count} / {count}")

    page.locator("#sla").get_by_role("button", name="Record the call").click()
    expect(page.locator("#sla")).to_contain_text("held on")

    page.locator("#close-engagement").click()
    expect(page.locator("#status")).to_have_text("Closed")
    page.screenshot(path=artifacts / "handoff-complete.png", full_page=True)
