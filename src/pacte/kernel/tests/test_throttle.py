"""Throttling (issue 10, item 3): sign-in per network and per address, password reset per
address and per network, bad API tokens per network; counted in the database, so shared by
every server process."""

import re
import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, connections
from django.test import Client as HttpClient
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from pacte.kernel import tasks, throttle
from pacte.kernel.errors import Throttled
from pacte.kernel.models import ThrottleCounter
from pacte.kernel.tests.test_settings import load_settings
from pacte.testing import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
RESET = "/accounts/password_reset/"


def browser(ip: str = "198.51.100.7") -> HttpClient:
    return HttpClient(REMOTE_ADDR=ip, headers={"Accept-Language": "en"})


def page(response) -> tuple[str, bytes]:
    """Where a request ended and what it showed, without the per-response CSRF token."""
    return response.redirect_chain[-1][0], re.sub(rb"[A-Za-z0-9]{64}", b"", response.content)


# --- the counter ---------------------------------------------------------------------------


def test_hit_refuses_past_the_limit_and_check_counts_nothing():
    """issue 10, item 3: `limit` attempts per window, the next one refused with its wait."""
    for _ in range(3):
        throttle.check("test", "k", limit=3, window_seconds=600)
        throttle.hit("test", "k", limit=3, window_seconds=600)
    with pytest.raises(Throttled) as refused:
        throttle.check("test", "k", limit=3, window_seconds=600)
    assert refused.value.status == 429 and refused.value.code == "throttled"
    assert 1 <= refused.value.retry_after <= 600
    with pytest.raises(Throttled):
        throttle.hit("test", "k", limit=3, window_seconds=600)
    # Another key, and the same key in another scope, have their own budget.
    throttle.hit("test", "other", limit=3, window_seconds=600)
    throttle.hit("test2", "k", limit=3, window_seconds=600)
    # check() counted nothing: 3 allowed + 1 refused hit.
    assert ThrottleCounter.objects.get(scope="test", count__gt=1).count == 4


def test_counters_live_in_the_database_without_the_raw_key():
    """issue 10, item 3: shared by every process, so a row in the database (another
    process reads the same row), and neither the address nor the IP is stored."""
    throttle.hit("reset-address", "anne@example.test", limit=5, window_seconds=3600)
    throttle.hit("reset-address", "anne@example.test", limit=5, window_seconds=3600)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT scope, key, count FROM {ThrottleCounter._meta.db_table}")
        rows = cursor.fetchall()
    assert len(rows) == 1
    scope, key, count = rows[0]
    assert (scope, count) == ("reset-address", 2)
    assert "anne" not in key and len(key) == 64


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_hits_lose_no_count():
    """issue 10, item 3: attempts counted at once by several processes all count."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers; PostgreSQL runs them at once")
    barrier = threading.Barrier(8)

    def run():
        try:
            barrier.wait(timeout=10)
            for _ in range(25):
                throttle.hit("test", "race", limit=1000, window_seconds=3600)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert ThrottleCounter.objects.get(scope="test").count == 200


def test_limits_come_from_the_environment(monkeypatch, tmp_path):
    """issue 10, item 3: each limit has a variable; a bad value is one clear sentence, not a
    traceback."""
    loaded = load_settings(
        monkeypatch, tmp_path, PACTE_LOGIN_FAILURE_LIMIT="7", PACTE_PASSWORD_RESET_IP_LIMIT="9"
    )
    assert (loaded.AXES_FAILURE_LIMIT, loaded.PACTE_PASSWORD_RESET_IP_LIMIT) == (7, 9)
    with pytest.raises(ImproperlyConfigured, match="PACTE_LOGIN_FAILURE_LIMIT"):
        load_settings(monkeypatch, tmp_path, PACTE_LOGIN_FAILURE_LIMIT="five")


def test_old_windows_are_pruned_by_a_periodic_job():
    """issue 10, item 3: counters do not pile up."""
    throttle.hit("test", "current", limit=5, window_seconds=600)
    now = timezone.now()
    ThrottleCounter.objects.create(
        scope="test",
        key="0" * 64,
        window_start=now - timedelta(hours=2),
        expires_at=now - timedelta(hours=1),
        count=9,
    )
    assert "throttle.prune" in {job.name for job in tasks.periodic_jobs()}
    assert throttle.prune_throttle_counters.call() == {"counters": 1}
    assert ThrottleCounter.objects.get().count == 1


# --- the client's address ------------------------------------------------------------------


def test_client_address_trusts_forwarded_for_only_from_a_trusted_proxy(settings):
    """issue 10, item 3: a client cannot pick the address it is counted under."""
    factory = RequestFactory()
    settings.PACTE_TRUST_PROXY_HEADERS = False
    direct = factory.get("/", REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_FOR="203.0.113.1")
    assert throttle.client_ip(direct) == "198.51.100.7"
    # A proxy on the same machine appends the client's address; what the client sent before
    # it is ignored.
    local = factory.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.1")
    assert throttle.client_ip(local) == "203.0.113.1"
    settings.PACTE_TRUST_PROXY_HEADERS = True
    assert throttle.client_ip(direct) == "203.0.113.1"
    # One IPv6 subscriber holds a /64: counted as one network.
    v6 = factory.get("/", REMOTE_ADDR="2001:db8:1:2:aaaa::1")
    v6_other = factory.get("/", REMOTE_ADDR="2001:db8:1:2:bbbb::9")
    assert throttle.network_key(v6) == throttle.network_key(v6_other) == "2001:db8:1:2::/64"


# --- sign-in -------------------------------------------------------------------------------


def test_one_password_on_many_accounts_from_one_network_is_blocked(world, settings):
    """issue 10, item 3: django-axes locks one address from one network; trying one password
    on each of many accounts from one network is stopped after the per-network limit."""
    settings.PACTE_LOGIN_IP_FAILURE_LIMIT = 6
    http = browser("198.51.100.7")
    for n in range(6):
        response = http.post(LOGIN, {"username": f"someone{n}@nord.test", "password": "Winter2026"})
        assert response.status_code == 200  # the form again, with its error
    # Now even the right password of a real account is refused from that network, unchecked.
    response = http.post(LOGIN, {"username": "owner@nord.test", "password": PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in http.session
    assert b"Too many attempts" in response.content and b"try again in" in response.content
    assert 0 < int(response["Retry-After"]) <= 15 * 60
    # Another network is counted separately.
    response = browser("198.51.100.8").post(
        LOGIN, {"username": "owner@nord.test", "password": PASSWORD}
    )
    assert response.status_code == 302


def test_failures_on_one_address_from_many_networks_are_throttled_alike(world, settings):
    """issue 10, item 3: per address across networks, and the answer is the same whether the
    account exists or not."""
    settings.PACTE_LOGIN_ADDRESS_FAILURE_LIMIT = 3
    answers = {}
    for email in ("owner@nord.test", "nobody@nord.test"):
        for n in range(3):
            response = browser(f"203.0.113.{n + 1}").post(
                LOGIN, {"username": email, "password": "wrong"}
            )
            assert response.status_code == 200
        response = browser("203.0.113.50").post(LOGIN, {"username": email, "password": "x"})
        answers[email] = (response.status_code, response.content.count(b"try again in"))
    assert answers["owner@nord.test"] == answers["nobody@nord.test"] == (429, 1)
    # A look-alike spelling (full-width "ｏ", which Django's sign-in reads as "o") is the same
    # address for the count.
    response = browser("203.0.113.51").post(
        LOGIN, {"username": "\uff4fwner@nord.test", "password": PASSWORD}
    )
    assert response.status_code == 429
    # Other addresses are not affected.
    response = browser("203.0.113.50").post(
        LOGIN, {"username": "viewer@nord.test", "password": PASSWORD}
    )
    assert response.status_code == 302


def test_axes_counts_the_same_client_address_behind_a_proxy(world, settings):
    """issue 10, item 3: django-axes and Pacte see the same client address; behind a local
    proxy, one client's lock-out does not lock every client of the proxy."""
    proxied = HttpClient(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        proxied.post(LOGIN, {"username": "owner@nord.test", "password": "wrong"})
    response = proxied.post(LOGIN, {"username": "owner@nord.test", "password": PASSWORD})
    assert response.status_code == 429
    other = HttpClient(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.10")
    response = other.post(LOGIN, {"username": "owner@nord.test", "password": PASSWORD})
    assert response.status_code == 302


# --- password reset ------------------------------------------------------------------------


def test_password_reset_sends_at_most_the_limit_for_one_address(world, settings):
    """issue 10, item 3: 15 requests for one address → at most the limit of emails, and the
    same page every time."""
    settings.PACTE_PASSWORD_RESET_ADDRESS_LIMIT = 3
    settings.PACTE_PASSWORD_RESET_IP_LIMIT = 100
    http = browser()
    pages = set()
    for _ in range(15):
        response = http.post(RESET, {"email": "viewer@nord.test"}, follow=True)
        assert response.status_code == 200
        pages.add(page(response))
    assert len(mail.outbox) == 3
    assert len(pages) == 1  # nothing tells that the limit was reached
    # An address without an account gets that same page too.
    response = http.post(RESET, {"email": "nobody@nord.test"}, follow=True)
    assert page(response) in pages


def test_password_reset_is_refused_past_the_limit_for_one_network(world, settings):
    """issue 10, item 3: one network asking for many addresses gets a clear 429."""
    settings.PACTE_PASSWORD_RESET_IP_LIMIT = 4
    http = browser("198.51.100.20")
    for n in range(4):
        assert http.post(RESET, {"email": f"person{n}@nord.test"}).status_code == 302
    response = http.post(RESET, {"email": "viewer@nord.test"})
    assert response.status_code == 429
    assert b"try again in" in response.content
    assert 0 < int(response["Retry-After"]) <= 3600
    assert mail.outbox == []
    # Another network is counted separately.
    response = browser("198.51.100.21").post(RESET, {"email": "viewer@nord.test"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1


# --- API tokens ----------------------------------------------------------------------------


def test_bad_bearer_tokens_from_one_network_answer_429_before_any_lookup(world, settings):
    """issue 10, item 3: past the limit of bad tokens, every token from that network answers
    429 JSON with Retry-After, without looking the token up; other networks are not affected."""
    settings.PACTE_API_TOKEN_FAILURE_LIMIT = 5
    good = world.token("owner")
    http = HttpClient(REMOTE_ADDR="198.51.100.30")
    for n in range(5):
        response = http.get("/api/v1/me", headers={"Authorization": f"Bearer guess-{n}"})
        assert response.status_code == 401
    with CaptureQueriesContext(connection) as queries:
        response = http.get("/api/v1/me", headers={"Authorization": "Bearer guess-6"})
    assert response.status_code == 429
    body = response.json()
    assert body["code"] == "throttled" and body["detail"]
    assert 0 < int(response["Retry-After"]) <= 600
    assert not any("apitoken" in q["sql"].lower() for q in queries.captured_queries)
    # A good token from that network too: otherwise the answer would tell a right guess.
    response = http.get("/api/v1/me", headers={"Authorization": f"Bearer {good}"})
    assert response.status_code == 429
    other = HttpClient(REMOTE_ADDR="198.51.100.31")
    response = other.get("/api/v1/me", headers={"Authorization": f"Bearer {good}"})
    assert response.status_code == 200
