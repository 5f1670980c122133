"""The web face: sign-in, throttling, password reset, language switch, and the pages as each
kind of actor."""

import re

import pytest
from django.core import mail
from django.test import Client as HttpClient

from pacte.kernel.models import LedgerEntry, Member
from pacte.kernel.permissions import Role
from pacte.testing import PASSWORD, check_page_as_each_actor

pytestmark = pytest.mark.django_db

MEMBERS_ONLY = {
    "anonymous": 302,
    "owner": 200,
    "manager": 200,
    "consultant": 200,
    "viewer": 200,
    "portal": 404,
    "portal_other_client": 404,
    "other_workspace": 200,
}


@pytest.mark.parametrize("url", ["/dashboard/", "/members/", "/tokens/"])
def test_member_pages_as_each_actor(world, url):
    responses = check_page_as_each_actor(world, url, MEMBERS_ONLY)
    # The other workspace's owner sees their own workspace, never ours.
    assert b"Atelier Nord" not in responses["other_workspace"].content
    assert b"Studio Sud" in responses["other_workspace"].content


def test_ledger_page_is_for_owners_and_managers(world):
    responses = check_page_as_each_actor(
        world,
        "/ledger/",
        {
            **MEMBERS_ONLY,
            "consultant": 403,
            "viewer": 403,
        },
    )
    assert b"member.added" in responses["owner"].content


def test_dashboard_shows_workspace_members_and_ledger_status(world):
    http = HttpClient(headers={"Accept-Language": "en"})
    http.force_login(world.users["viewer"])
    html = http.get("/dashboard/").content.decode()
    assert "Atelier Nord" in html
    for email in ("owner@nord.test", "manager@nord.test", "consultant@nord.test"):
        assert email in html
    assert "Chain intact" in html
    assert "2 clients" in html


def test_dashboard_shows_a_broken_chain(world):
    entry = LedgerEntry.objects.in_workspace(world.workspace).get(seq=2)
    LedgerEntry.objects.in_workspace(world.workspace).filter(pk=entry.pk).update(actor="forger")
    http = HttpClient(headers={"Accept-Language": "en"})
    http.force_login(world.users["owner"])
    html = http.get("/dashboard/").content.decode()
    assert "Chain broken" in html and "entry #2" in html


def test_sign_in_sends_members_to_the_dashboard_and_portal_users_to_the_portal(world):
    http = HttpClient()
    response = http.post(
        "/accounts/login/", {"username": "owner@nord.test", "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == "/dashboard/"
    http = HttpClient()
    response = http.post(
        "/accounts/login/", {"username": "portal@alpha.test", "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == "/portal/"
    assert b"Boulangerie Alpha" in response.content


def test_sign_in_is_throttled_after_repeated_failures(world, settings):
    http = HttpClient()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = http.post(
            "/accounts/login/", {"username": "owner@nord.test", "password": "wrong"}
        )
        assert response.status_code in (200, 429)
    # Even the right password is refused while locked out.
    response = http.post("/accounts/login/", {"username": "owner@nord.test", "password": PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in http.session
    # Another address from the same machine is not locked out.
    response = http.post("/accounts/login/", {"username": "viewer@nord.test", "password": PASSWORD})
    assert response.status_code == 302


def test_password_reset_by_email(world):
    http = HttpClient(headers={"Accept-Language": "en"})
    response = http.post("/accounts/password_reset/", {"email": "viewer@nord.test"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/\s]+(/accounts/reset/\S+)", mail.outbox[0].body).group(1)
    form_page = http.get(link, follow=True)
    assert form_page.status_code == 200
    set_url = form_page.redirect_chain[-1][0]
    response = http.post(
        set_url,
        {"new_password1": "a-brand-new-phrase-42", "new_password2": "a-brand-new-phrase-42"},
    )
    assert response.status_code == 302
    response = HttpClient().post(
        "/accounts/login/", {"username": "viewer@nord.test", "password": "a-brand-new-phrase-42"}
    )
    assert response.status_code == 302


def test_the_language_switch_turns_the_ui_french_and_back(world):
    http = HttpClient()
    http.force_login(world.users["owner"])
    http.post("/i18n/setlang/", {"language": "en", "next": "/dashboard/"})
    html = http.get("/dashboard/").content.decode()
    assert "Dashboard" in html and "Proof ledger" in html and 'lang="en"' in html
    http.post("/i18n/setlang/", {"language": "fr", "next": "/dashboard/"})
    html = http.get("/dashboard/").content.decode()
    assert "Tableau de bord" in html and "Registre de preuves" in html and 'lang="fr"' in html


def test_pages_fetch_nothing_from_the_internet(world):
    http = HttpClient()
    http.force_login(world.users["owner"])
    for url in ("/dashboard/", "/members/", "/ledger/", "/tokens/", "/accounts/login/"):
        html = http.get(url).content.decode()
        external = re.findall(r'(?:src|href)="(https?://[^"]+)"', html)
        assert external == [], (url, external)
    assert "/static/django_htmx/htmx" in http.get("/dashboard/").content.decode()


def test_owner_adds_a_member_from_the_members_page(world):
    http = HttpClient()
    http.force_login(world.users["owner"])
    response = http.post(
        "/members/", {"add-email": "new@nord.test", "add-full_name": "Nina", "add-role": "viewer"}
    )
    assert response.status_code == 302
    assert (
        Member.objects.in_workspace(world.workspace)
        .filter(user__email="new@nord.test", role=Role.VIEWER)
        .exists()
    )


def test_a_refused_member_shows_the_reason_and_writes_nothing(world):
    http = HttpClient(headers={"Accept-Language": "en"})
    http.force_login(world.users["owner"])
    before = Member.objects.in_workspace(world.workspace).count()
    response = http.post("/members/", {"add-email": "portal@alpha.test", "add-role": "viewer"})
    assert response.status_code == 200
    assert "client portal user" in response.content.decode()
    response = http.post("/members/", {"add-email": "nope", "add-role": "viewer"})
    assert response.status_code == 200 and "valid email" in response.content.decode()
    assert Member.objects.in_workspace(world.workspace).count() == before


def test_changing_a_role_from_the_web_as_each_actor(world):
    consultant = Member.objects.in_workspace(world.workspace).get(user=world.users["consultant"])
    check_page_as_each_actor(
        world,
        f"/members/{consultant.pk}/role/",
        {
            "anonymous": 302,
            "owner": 302,
            "manager": 403,
            "consultant": 403,
            "viewer": 403,
            "portal": 404,
            "portal_other_client": 404,
            "other_workspace": 404,
        },
        method="post",
        data={f"m{consultant.pk}-role": "manager"},
    )
    consultant.refresh_from_db()
    assert consultant.role == Role.MANAGER


def test_a_token_is_shown_once_on_the_tokens_page(world):
    http = HttpClient()
    http.force_login(world.users["consultant"])
    html = http.post("/tokens/", {"name": "tableur"}).content.decode()
    raw = re.search(r'id="new-token">(pacte_[^<]+)<', html).group(1)
    assert (
        HttpClient().get("/api/v1/me", headers={"Authorization": f"Bearer {raw}"}).json()["email"]
        == "consultant@nord.test"
    )
    assert raw not in http.get("/tokens/").content.decode()


def test_portal_page_as_each_actor(world):
    responses = check_page_as_each_actor(
        world,
        "/portal/",
        {
            "anonymous": 302,
            "owner": 404,
            "manager": 404,
            "consultant": 404,
            "viewer": 404,
            "portal": 200,
            "portal_other_client": 200,
            "other_workspace": 404,
        },
    )
    assert b"Boulangerie Alpha" in responses["portal"].content
    assert b"Garage Beta" not in responses["portal"].content
    assert b"Garage Beta" in responses["portal_other_client"].content
    assert b"Boulangerie Alpha" not in responses["portal_other_client"].content
