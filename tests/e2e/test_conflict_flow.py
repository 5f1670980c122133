"""Real browser: a conflict taken through the whole playbook to an exit (DOMAIN §3, issue 12).

A consultant opens a conflict case from the client page of Imprimerie Dubois, on its active
engagement, and moves it step by step in the web UI: the cause identified, listening, a
solution proposed with a follow-up date, then put to the client's decision — which puts a
recommendation in the portal. The client refuses it there (R-NO: the "no" is recorded, not
worked around). The consultant then ends the relationship: the exit terminates the
engagement, whose page shows the final settlement (solde de tout compte), and the handoff
dossier downloaded as a zip carries it (settlement.csv, and the printable dossier's section).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from pacte.assets.services import asset_create
from pacte.billing.services import invoice_create, payment_record
from pacte.clients.services import client_create
from pacte.conflicts.models import ConflictCase
from pacte.engagements.models import Engagement
from pacte.engagements.services import engagement_activate, engagement_create
from pacte.kernel.permissions import Role
from pacte.kernel.tenancy import Actor
from pacte.portal.services import portal_user_create
from pacte.workspace.services import member_add, workspace_create

from .test_browser import sign_in

pytestmark = pytest.mark.browser

PASSWORD = "correct-horse-battery-staple"
CONSULTANT = "claire@test.example"
PORTAL_USER = "paul@imprimerie-dubois.example"
SUMMARY = "Le catalogue livré ne correspond pas à la maquette"


@pytest.fixture
def active_engagement(transactional_db):
    workspace = workspace_create(
        name="Atelier Test", owner_email="owner@test.example", owner_password=PASSWORD
    )
    system = Actor.system(workspace)
    member_add(
        actor=system,
        email=CONSULTANT,
        role=Role.CONSULTANT,
        password=PASSWORD,
        full_name="Claire Consultante",
    )
    client = client_create(actor=system, name="Imprimerie Dubois")
    portal_user_create(
        actor=system, client_id=client.pk, email=PORTAL_USER, password=PASSWORD, full_name="Paul"
    )
    # An asset, so that the termination builds a handoff plan (and its dossier).
    asset_create(
        actor=system,
        client_id=client.pk,
        kind="domain",
        identifier="imprimerie-dubois.fr",
        legal_owner="us",
    )
    engagement = engagement_create(
        actor=system, client_id=client.pk, title="Catalogue", value="5000.00"
    )
    today = timezone.localdate()
    deposit = invoice_create(
        actor=system, engagement_id=engagement.pk, kind="deposit", amount="1500.00", due_on=today
    )
    payment_record(actor=system, invoice_id=deposit.pk, amount="1500.00", paid_on=today)
    engagement_activate(actor=system, engagement_id=engagement.pk)
    return engagement


def _move(page: Page, slug: str, label: str, fields: dict[str, str], selects=None) -> None:
    """Open the move's details, fill it, submit, and wait for the case page to come back."""
    move = page.locator(f"#move-{slug.replace('_', '-')}")
    if move.get_attribute("open") is None:
        move.locator("summary").click()
    for name, value in fields.items():
        move.get_by_label(name).fill(value)
    for name, value in (selects or {}).items():
        move.get_by_label(name).select_option(value)
    with page.expect_navigation():
        move.get_by_role("button", name=label).click()
    expect(page.locator(".messages")).to_contain_text(f"Done: {label}.")


def test_a_conflict_through_the_playbook_to_an_exit_and_its_settlement(
    chromium: Browser, page: Page, live_server, active_engagement, artifacts, js_errors
):
    base = live_server.url
    engagement = active_engagement
    follow_up = (timezone.localdate() + dt.timedelta(days=7)).isoformat()

    # 1. Opened from the client page, on the active engagement.
    sign_in(page, base, CONSULTANT, PASSWORD)
    page.goto(f"{base}/clients/{engagement.client_id}/")
    panel = page.locator("#conflicts")
    panel.get_by_text("Open a conflict case").click()
    panel.get_by_label("What is the conflict about").fill(SUMMARY)
    panel.get_by_label("Engagements concerned").select_option(str(engagement.pk))
    panel.get_by_label("What the client said").fill("Les couleurs sont ternes, dit M. Dubois.")
    with page.expect_response(lambda r: "/actions/" in r.url or "conflict" in r.url):
        panel.get_by_role("button", name="Open the case").click()
    expect(page.locator("#conflicts")).to_contain_text(SUMMARY)
    with page.expect_navigation():
        page.locator("#conflicts").get_by_role("link", name=SUMMARY).click()
    expect(page.locator("#status")).to_have_text("Opened")
    case = ConflictCase.objects.across_workspaces().get(summary=SUMMARY)

    # 2. Every step of the playbook, in order.
    _move(
        page,
        "cause_identified",
        "The cause is identified",
        {"What the client said": "Le rendu des couleurs à l'impression."},
        {"Cause": "quality"},
    )
    expect(page.locator("#status")).to_have_text("Cause identified")
    _move(page, "listening", "Listen to the client", {"What the client said": "Appel d'une heure."})
    _move(
        page,
        "solution_proposed",
        "Propose a solution",
        {
            "What the client said": "Il attend une proposition.",
            "What we propose": "Réimprimer 200 exemplaires à nos frais",
            "Follow-up agreed on": follow_up,
        },
    )
    expect(page.locator("#follow-up")).to_be_visible()
    _move(
        page,
        "awaiting_decision",
        "Put the solution to the client's decision",
        {"What the client said": "Il veut y réfléchir.", "Follow-up agreed on": follow_up},
    )
    expect(page.locator("#solution-answer")).to_have_text("Awaiting the client's decision")
    case.refresh_from_db()
    assert case.status == "awaiting_decision" and case.solution_id is not None

    # 3. The client refuses the proposed solution in the portal (R-NO).
    portal = chromium.new_context(locale="en-GB")
    portal.set_default_timeout(15_000)
    try:
        client_page = portal.new_page()
        sign_in(client_page, base, PORTAL_USER, PASSWORD)
        client_page.goto(f"{base}/portal/")
        proposal = client_page.locator(f"#recommendation-{case.solution_id}")
        expect(proposal).to_contain_text("Réimprimer 200 exemplaires à nos frais")
        proposal.get_by_label("Refused").check()
        with client_page.expect_response(lambda r: "decide" in r.url):
            proposal.get_by_role("button", name="Send my decision").click()
        expect(client_page.locator("#refused")).to_contain_text("Réimprimer 200 exemplaires")
    finally:
        portal.close()

    page.reload()
    expect(page.locator("#solution-answer")).to_have_text("Refused")

    # 4. Exit: the relationship ends, terminating the engagement.
    _move(
        page,
        "exit",
        "End the relationship",
        {
            "What the client said": "Il ne souhaite plus travailler avec nous.",
            "Why it ends": "Désaccord sur la qualité, solution refusée.",
            "Notice (days)": "15",
        },
        {"Who ends it": "client"},
    )
    expect(page.locator("#status")).to_have_text("Relationship ended")
    expect(page.locator(f"#engagement-{engagement.pk}")).to_contain_text("Terminated")
    page.screenshot(path=artifacts / "conflict-exit.png", full_page=True)
    assert Engagement.objects.across_workspaces().get(pk=engagement.pk).status == "terminated"

    # 5. The terminated engagement: its final settlement, and the dossier that carries it.
    with page.expect_navigation():
        page.locator(f"#engagement-{engagement.pk}").get_by_role(
            "link", name="Final settlement and handoff"
        ).click()
    settlement = page.locator("#settlement")
    expect(settlement).to_contain_text("Final settlement")
    expect(settlement).to_contain_text("1,500")
    page.screenshot(path=artifacts / "conflict-settlement.png", full_page=True)

    with page.expect_navigation():
        page.locator("#handoff-link").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="Dossier (zip)").click()
    with zipfile.ZipFile(download.value.path()) as dossier:
        assert "settlement.csv" in dossier.namelist()
        rows = list(csv.reader(io.StringIO(dossier.read("settlement.csv").decode("utf-8-sig"))))
    figures = {row[0]: row[1:] for row in rows[1:]}
    assert "Paid" in figures and any("1500" in cell for cell in figures["Paid"]), rows
    assert "Balance" in figures, rows

    with page.expect_navigation():
        page.get_by_role("link", name="Printable dossier").click()
    expect(page.locator("#dossier-settlement")).to_contain_text("1,500")
    assert not js_errors, js_errors
