"""Signing in: members to the dashboard, portal users to the portal, throttled after failures,
password reset by email."""

import re

import pytest
from django.core import mail
from django.test import Client as HttpClient

from pacte.testing import PASSWORD

pytestmark = pytest.mark.django_db


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
