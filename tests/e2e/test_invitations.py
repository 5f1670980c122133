"""Real browser: membership by invitation (issue 10, item 1), from the owner's invitation to
the new person's first page, in English and French, at laptop and phone width.

The owner invites an address from the members page; the invitation shows as pending; the
person opens the email's link, chooses a password and lands in the workspace. The pages
involved fit a phone, pass axe, and are photographed into artifacts/screenshots/.
"""

from __future__ import annotations

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from pacte.demo import DEMO_OWNER
from pacte.kernel.models import Member

from .test_layout import LAPTOP, check_pages, demo, new_context, sign_in  # noqa: F401

pytestmark = pytest.mark.browser

NEW_PASSWORD = "une-phrase-de-passe-solide"


@pytest.mark.parametrize("language", ["en", "fr"])
def test_an_invited_person_joins_through_the_link(chromium, live_server, demo, language):  # noqa: F811
    base = live_server.url
    email = f"lea.{language}@studio-graphique.example"
    problems: list[str] = []
    context = new_context(chromium, language)
    page = context.new_page()
    sign_in(page, base, DEMO_OWNER)
    page.goto(f"{base}/members/")
    page.locator("#id_add-email").fill(email)
    page.locator("#id_add-full_name").fill("Léa Girard")
    page.locator("#id_add-role").select_option("consultant")
    with page.expect_navigation():
        page.locator("main form.stack button[type=submit]").click()
    expect(page.locator("#pending-invitations")).to_contain_text(email)
    check_pages(page, base, language, {"members-invited": "/members/"}, problems)
    context.close()
    # Not a member until they accept.
    assert not Member.objects.across_workspaces().filter(user__email=email).exists()

    link = re.search(r"http\S*/invitations/join/\S+/", mail.outbox[-1].body).group(0)
    path = link[link.index("/invitations/") :]
    newcomer = new_context(chromium, language)
    page = newcomer.new_page()
    check_pages(page, base, language, {"invitation-link": path}, problems)
    page.set_viewport_size({"width": LAPTOP, "height": 900})
    page.goto(base + path)
    page.locator("#id_join-password1").fill(NEW_PASSWORD)
    page.locator("#id_join-password2").fill(NEW_PASSWORD)
    with page.expect_navigation():
        page.locator("main form.stack button[type=submit]").click()
    assert page.url.endswith("/dashboard/"), page.url
    check_pages(page, base, language, {"invitations": "/invitations/"}, problems)
    newcomer.close()
    assert Member.objects.across_workspaces().get(user__email=email).role == "consultant"
    # A signed-out page has no navigation line to keep on one line.
    problems = [p for p in problems if not p.startswith("invitation-link") or "tops []" not in p]
    assert not problems, "\n".join(problems)
