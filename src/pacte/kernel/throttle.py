"""Throttling: how many attempts one address or one network may make in a window.

A counter is a row of `ThrottleCounter` in Pacte's own database, so that every server process
(gunicorn's workers, several machines on PostgreSQL) counts into the same row: a local-memory
cache would give each process its own budget. Windows are fixed and aligned on the epoch
(`window_seconds` long); a burst across the boundary of two windows may reach twice the limit,
which is the price of one row and one statement per attempt.

    hit(scope, key, limit=…, window_seconds=…)    counts one attempt; Throttled when over
    check(scope, key, limit=…, window_seconds=…)  Throttled when the next attempt would be over

Counting is one `INSERT … ON CONFLICT … DO UPDATE SET count = count + 1 RETURNING count`
(SQLite 3.35+ and PostgreSQL): concurrent attempts never lose a count. The key is stored as an
HMAC (keyed with SECRET_KEY), never as the address or IP itself. A limit of 0 turns a rule off.

The rules Pacte applies are the `Rule`s below, their limits in settings (PACTE_*_LIMIT, see
README, Production). Old windows are pruned by the periodic job `throttle.prune`.

The client's IP is `client_ip(request)`, for every rule and for django-axes
(AXES_CLIENT_IP_CALLABLE): REMOTE_ADDR, or behind a trusted proxy the address that proxy
appended to X-Forwarded-For.
"""

from __future__ import annotations

import ipaddress
import math
import time
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime

from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.db import connection
from django.dispatch import receiver
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django_tasks import task

from .errors import Throttled
from .models import ThrottleCounter

__all__ = ["Rule", "Throttled", "check", "client_ip", "hit", "network_key"]


# --- the counter ---------------------------------------------------------------------------


def _hashed(scope: str, key: str) -> str:
    return salted_hmac(f"pacte.throttle.{scope}", key, algorithm="sha256").hexdigest()


def _window(window_seconds: int, now: float) -> tuple[datetime, datetime, int]:
    """(start, end, seconds left) of the window holding `now`."""
    start = int(now // window_seconds) * window_seconds
    end = start + window_seconds
    left = max(math.ceil(end - now), 1)
    return datetime.fromtimestamp(start, UTC), datetime.fromtimestamp(end, UTC), left


def _validate(scope: str, window_seconds: int) -> None:
    if not scope or len(scope) > 40:
        raise ValueError(f"throttle scope {scope!r}: 1 to 40 characters")
    if window_seconds <= 0:
        raise ValueError(f"throttle scope {scope!r}: window_seconds must be positive")


def _increment(scope: str, key: str, window_seconds: int) -> tuple[int, int]:
    """Count one attempt; (the window's count including it, seconds left in the window)."""
    _validate(scope, window_seconds)
    start, end, left = _window(window_seconds, time.time())
    meta = ThrottleCounter._meta
    quote = connection.ops.quote_name
    table = quote(meta.db_table)
    scope_, key_, start_, expires_, count_ = (
        quote(meta.get_field(name).column)
        for name in ("scope", "key", "window_start", "expires_at", "count")
    )
    # Only the quoted names of the model's own table are formatted in; values are parameters.
    sql = (
        f"INSERT INTO {table} ({scope_}, {key_}, {start_}, {expires_}, {count_}) "  # noqa: S608
        f"VALUES (%s, %s, %s, %s, 1) ON CONFLICT ({scope_}, {key_}, {start_}) "
        f"DO UPDATE SET {count_} = {table}.{count_} + 1 RETURNING {count_}"
    )
    params = [
        scope,
        _hashed(scope, key),
        meta.get_field("window_start").get_db_prep_value(start, connection),
        meta.get_field("expires_at").get_db_prep_value(end, connection),
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        (count,) = cursor.fetchone()
    return count, left


def _current(scope: str, key: str, window_seconds: int) -> tuple[int, int]:
    _validate(scope, window_seconds)
    start, _end, left = _window(window_seconds, time.time())
    count = (
        ThrottleCounter.objects.filter(scope=scope, key=_hashed(scope, key), window_start=start)
        .values_list("count", flat=True)
        .first()
    )
    return count or 0, left


def hit(scope: str, key: str, *, limit: int, window_seconds: int) -> None:
    """Count one attempt of `key` in `scope`; raise Throttled when it is over `limit` attempts
    in the current window (the attempt is counted all the same). `limit` 0: no rule."""
    if limit <= 0:
        return
    count, left = _increment(scope, key, window_seconds)
    if count > limit:
        raise Throttled(retry_after=left)


def check(scope: str, key: str, *, limit: int, window_seconds: int) -> None:
    """Raise Throttled when `key` has used up its `limit` attempts in the current window;
    count nothing. `limit` 0: no rule."""
    if limit <= 0:
        return
    count, left = _current(scope, key, window_seconds)
    if count >= limit:
        raise Throttled(retry_after=left)


@dataclass(frozen=True)
class Rule:
    """A throttling rule: a scope, the setting that holds its limit (read at each call, so an
    override in a test applies), and its window."""

    scope: str
    limit_setting: str
    window_seconds: int

    @property
    def limit(self) -> int:
        return int(getattr(settings, self.limit_setting))

    def hit(self, key: str) -> None:
        hit(self.scope, key, limit=self.limit, window_seconds=self.window_seconds)

    def check(self, key: str) -> None:
        check(self.scope, key, limit=self.limit, window_seconds=self.window_seconds)

    def count(self, key: str) -> None:
        """Count a failure without raising: the next attempt is refused by `check`."""
        if self.limit > 0:
            _increment(self.scope, key, self.window_seconds)


MINUTE, HOUR, DAY = 60, 3600, 86400

# Failed sign-ins from one network, whichever the accounts (django-axes locks one address from
# one network after PACTE_LOGIN_FAILURE_LIMIT failures).
LOGIN_IP = Rule("login-ip", "PACTE_LOGIN_IP_FAILURE_LIMIT", 15 * MINUTE)
# Failed sign-ins to one address, whichever the networks (a spread-out guessing attack).
LOGIN_ADDRESS = Rule("login-address", "PACTE_LOGIN_ADDRESS_FAILURE_LIMIT", HOUR)
# Password-reset requests: per address asked for (past it: answered as usual, nothing sent),
# and per network (past it: 429).
RESET_ADDRESS = Rule("reset-address", "PACTE_PASSWORD_RESET_ADDRESS_LIMIT", HOUR)
RESET_IP = Rule("reset-ip", "PACTE_PASSWORD_RESET_IP_LIMIT", HOUR)
# API requests with an unknown or revoked bearer token, per network.
API_TOKEN_IP = Rule("api-token-ip", "PACTE_API_TOKEN_FAILURE_LIMIT", 10 * MINUTE)
# Invitations sent: per invited address, and per network of the sender.
INVITATION_ADDRESS = Rule("invite-address", "PACTE_INVITATION_ADDRESS_LIMIT", DAY)
INVITATION_IP = Rule("invite-ip", "PACTE_INVITATION_IP_LIMIT", HOUR)


def address_key(email: str) -> str:
    """One address, however it is typed: Django's sign-in normalises the name it is given
    (NFKC: a full-width "ｍ" is an "m"), so the count must too, or a look-alike spelling
    would be counted apart while signing in to the same account."""
    return unicodedata.normalize("NFKC", email or "").strip().lower()


# --- the client's address ------------------------------------------------------------------


def _parse_ip(value: str | None) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        address = ipaddress.ip_address((value or "").strip())
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


def client_ip(request) -> str | None:
    """The client's IP address. REMOTE_ADDR, unless the request came through a proxy Pacte
    trusts: then the last address of X-Forwarded-For, the one that proxy appended (a client
    can put anything before it). Trusted: a proxy on the same machine (as gunicorn believes
    one about HTTPS), or any proxy with PACTE_TRUST_PROXY_HEADERS=1 (Pacte reachable only
    through it). Also django-axes' AXES_CLIENT_IP_CALLABLE, so both count the same address."""
    remote = _parse_ip(request.META.get("REMOTE_ADDR"))
    trusted = getattr(settings, "PACTE_TRUST_PROXY_HEADERS", False) or (
        remote is not None and remote.is_loopback
    )
    if trusted:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            last = _parse_ip(forwarded.split(",")[-1])
            if last is not None:
                return str(last)
    return str(remote) if remote is not None else None


def network_key(request) -> str:
    """The key per-IP rules count on: the IPv4 address, or the /64 an IPv6 address belongs to
    (one subscriber usually holds a whole /64)."""
    address = _parse_ip(client_ip(request))
    if address is None:
        return "unknown"
    if isinstance(address, ipaddress.IPv6Address):
        return str(ipaddress.IPv6Network((address, 64), strict=False))
    return str(address)


# --- what the faces call -------------------------------------------------------------------


def sign_in_check(request, username: str) -> None:
    """Before a password is checked: Throttled when this network, or this address, failed too
    often. Checked for every address alike, so it never tells whether an account exists."""
    LOGIN_IP.check(network_key(request))
    if username:
        LOGIN_ADDRESS.check(address_key(username))


@receiver(user_login_failed, dispatch_uid="pacte.throttle.sign_in_failed")
def sign_in_failed(sender, credentials, request=None, **kwargs):
    """Every failed sign-in (bad password, unknown address, an axes lock-out) counts for its
    network and its address."""
    if request is None:
        return
    LOGIN_IP.count(network_key(request))
    username = (credentials or {}).get("username") or (credentials or {}).get("email") or ""
    if username:
        LOGIN_ADDRESS.count(address_key(username))


def password_reset_allowed(request, email: str) -> bool:
    """Whether to send a reset link for this request. Throttled (429) when this network asked
    too often; False, with the same answer as a link sent, when this address was asked for
    too often, so that the page never tells anything about the address."""
    RESET_IP.hit(network_key(request))
    try:
        RESET_ADDRESS.hit(address_key(email))
    except Throttled:
        return False
    return True


def api_token_check(request) -> None:
    """Before a bearer token is looked up: Throttled when this network sent too many bad
    tokens, for every token (a good one as well: otherwise the answer would tell a guess)."""
    API_TOKEN_IP.check(network_key(request))


def api_token_failed(request) -> None:
    API_TOKEN_IP.count(network_key(request))


# --- housekeeping --------------------------------------------------------------------------


@task()
def prune_throttle_counters() -> dict:
    """Forget the windows that have ended."""
    deleted, _ = ThrottleCounter.objects.filter(expires_at__lt=timezone.now()).delete()
    return {"counters": deleted}
