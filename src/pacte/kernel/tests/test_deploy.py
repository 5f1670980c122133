"""Deployment: `check --deploy` under the documented production settings, HTTPS behind a
proxy, and the headers every response carries (Permissions-Policy, no-store on private data)."""

import os
import secrets
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import Client as HttpClient

from pacte.deadlines.feeds import calendar_feed_create
from pacte.kernel.middleware import PERMISSIONS_POLICY
from pacte.kernel.tests.test_settings import load_settings

# The production settings the README documents (section "Production").
PRODUCTION = {
    "PACTE_DEBUG": "0",
    "PACTE_ALLOWED_HOSTS": "pacte.example.com",
    "PACTE_CSRF_TRUSTED_ORIGINS": "https://pacte.example.com",
    "PACTE_BASE_URL": "https://pacte.example.com",
    "PACTE_SECURE_COOKIES": "1",
    "PACTE_HSTS_SECONDS": "31536000",
    "PACTE_HSTS_INCLUDE_SUBDOMAINS": "1",
    "PACTE_HSTS_PRELOAD": "1",
    "PACTE_SSL_REDIRECT": "1",
    "PACTE_TRUST_PROXY_HEADERS": "1",
}


def run_deploy_check(tmp_path, **env) -> subprocess.CompletedProcess:
    # A clean environment: nothing of the test run's own settings leaks into the check.
    base = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("PACTE_")
        # The browser tests set DJANGO_ALLOW_ASYNC_UNSAFE in this process (Playwright's loop);
        # a deployment never has it, and the check refuses it (async.E001).
        and k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    base.update(PACTE_DATA_DIR=str(tmp_path), PACTE_SECRET_KEY=secrets.token_urlsafe(50), **env)
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "django",
            "check",
            "--deploy",
            "--fail-level",
            "WARNING",
            "--settings=pacte.settings",
        ],
        env=base,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_under_the_documented_production_settings(tmp_path):
    result = run_deploy_check(tmp_path, **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
    assert "WARNING" not in result.stdout + result.stderr


def test_check_deploy_warns_without_them(tmp_path):
    # The defaults suit `pacte serve` on a laptop over plain HTTP: the check must say so.
    result = run_deploy_check(tmp_path, PACTE_DEBUG="0", PACTE_ALLOWED_HOSTS="pacte.example.com")
    assert result.returncode != 0
    output = result.stdout + result.stderr
    for warning in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert warning in output
    # HSTS without its companions still warns: the README gives all three.
    partial = run_deploy_check(tmp_path, **{**PRODUCTION, "PACTE_HSTS_PRELOAD": "0"})
    assert partial.returncode != 0
    assert "security.W021" in partial.stdout + partial.stderr


# Settings read from the environment.


def test_https_settings_are_off_by_default(monkeypatch, tmp_path):
    settings = load_settings(monkeypatch, tmp_path)
    assert settings.SECURE_HSTS_SECONDS == 0
    assert settings.SECURE_HSTS_INCLUDE_SUBDOMAINS is False
    assert settings.SECURE_HSTS_PRELOAD is False
    assert settings.SECURE_SSL_REDIRECT is False
    assert settings.SESSION_COOKIE_SECURE is False
    # No forwarded header is believed unless the operator says a proxy sets it.
    assert not hasattr(settings, "SECURE_PROXY_SSL_HEADER")
    assert not hasattr(settings, "USE_X_FORWARDED_HOST")


def test_https_settings_come_from_the_environment(monkeypatch, tmp_path):
    settings = load_settings(monkeypatch, tmp_path, **PRODUCTION)
    assert settings.SECURE_HSTS_SECONDS == 31536000
    assert settings.SECURE_HSTS_INCLUDE_SUBDOMAINS is True
    assert settings.SECURE_HSTS_PRELOAD is True
    assert settings.SECURE_SSL_REDIRECT is True
    assert settings.SESSION_COOKIE_SECURE is True
    assert settings.CSRF_COOKIE_SECURE is True
    assert settings.SECURE_PROXY_SSL_HEADER == ("HTTP_X_FORWARDED_PROTO", "https")
    # The host still comes from the Host header the proxy passes on, never a forwarded one.
    assert not hasattr(settings, "USE_X_FORWARDED_HOST")


@pytest.mark.parametrize(
    "name, value",
    [
        ("PACTE_HSTS_SECONDS", "a year"),
        ("PACTE_HSTS_SECONDS", "-1"),
        ("PACTE_SSL_REDIRECT", "sure"),
    ],
)
def test_a_bad_https_setting_says_which(monkeypatch, tmp_path, name, value):
    with pytest.raises(ImproperlyConfigured, match=name):
        load_settings(monkeypatch, tmp_path, **{name: value})


@pytest.mark.django_db
def test_behind_a_trusted_proxy_https_requests_are_not_redirected(settings):
    settings.ALLOWED_HOSTS = ["pacte.example.com"]
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    http = HttpClient(HTTP_HOST="pacte.example.com")
    plain = http.get("/accounts/login/")
    assert plain.status_code == 301
    assert plain["Location"] == "https://pacte.example.com/accounts/login/"
    proxied = http.get("/accounts/login/", headers={"x-forwarded-proto": "https"})
    assert proxied.status_code == 200
    assert proxied["Strict-Transport-Security"] == "max-age=31536000"


@pytest.mark.django_db
def test_without_trust_a_forwarded_proto_is_ignored(settings):
    settings.ALLOWED_HOSTS = ["pacte.example.com"]
    settings.SECURE_SSL_REDIRECT = True
    http = HttpClient(HTTP_HOST="pacte.example.com")
    response = http.get("/accounts/login/", headers={"x-forwarded-proto": "https"})
    assert response.status_code == 301


# Headers on responses.


def directives(response) -> set[str]:
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part.strip()}


def test_public_pages_are_left_cacheable_and_refuse_browser_features(db):
    # Django's own sign-in view already forbids caching (its form carries a CSRF token); the
    # middleware adds nothing to pages anybody may see, such as the password-reset form.
    for path in ("/accounts/login/", "/accounts/password_reset/"):
        response = HttpClient().get(path)
        assert response.status_code == 200
        assert response["Permissions-Policy"] == PERMISSIONS_POLICY
        for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()", "usb=()"):
            assert feature in response["Permissions-Policy"]
    assert "no-store" not in directives(response)


def test_static_files_stay_cacheable(db):
    response = HttpClient().get("/static/pacte/pacte.css")
    assert response.status_code == 200
    assert "no-store" not in directives(response)


def test_signed_in_pages_are_not_stored(world):
    http = HttpClient()
    http.force_login(world.users["viewer"])
    response = http.get(f"/clients/{world.client.pk}/")
    assert response.status_code == 200
    assert "no-store" in directives(response)
    assert response["Permissions-Policy"] == PERMISSIONS_POLICY
    portal = HttpClient()
    portal.force_login(world.users["portal"])
    response = portal.get("/portal/")
    assert response.status_code == 200
    assert "no-store" in directives(response)


def test_api_answers_are_not_stored(world):
    http = HttpClient()
    ok = http.get("/api/v1/clients", headers={"Authorization": f"Bearer {world.token('viewer')}"})
    assert ok.status_code == 200
    assert "no-store" in directives(ok)
    # Errors too: a 401 says nothing private, but nothing under /api/ is worth keeping.
    denied = http.get("/api/v1/clients")
    assert denied.status_code == 401
    assert "no-store" in directives(denied)


def test_exports_are_not_stored(world):
    http = HttpClient()
    http.force_login(world.users["viewer"])
    response = http.get(f"/clients/{world.client.pk}/action-log.csv")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert "no-store" in directives(response)


def test_a_calendar_feed_is_not_stored_though_nobody_signs_in(world):
    # Its secret address stands in for a sign-in: an export like the others.
    _feed, raw = calendar_feed_create(actor=world.actor("owner"))
    response = HttpClient().get(f"/calendar/{raw}.ics")
    assert response.status_code == 200
    assert {"no-store", "private"} <= directives(response)
