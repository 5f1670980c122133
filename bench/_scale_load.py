"""The mixed load of `bench/scale.py` (P6), run in its own process against a running server:

    python bench/_scale_load.py --base http://127.0.0.1:8123 --build build.json \
        --seconds 30 --concurrency 50 --out load.json

No Django here, and no HTTP library: each virtual user is an asyncio task holding one
HTTP/1.1 keep-alive connection and writing its requests by hand, so that the generator costs
little CPU next to the server on the same machine (its own CPU time is measured and reported).

The mix, weighted to what people do: 70 % reads (engagement and client pages and API lists
most, the dashboard some) and 30 % writes through the API, each through a service; those that
the services journal (contact, recommendation, risk, invoice) append to the ledger.
Pages are read with the session of the owner signed in through the login form (CSRF), the API
with the owner's bearer token.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import http.client
import json
import random
import re
import statistics
import time
import urllib.parse

from _scale_common import percentile, read_json, write_json

# (weight, name, kind) — kind "page" uses the session cookie, "api" the bearer token.
MIX = (
    (18, "page engagement", "page"),
    (14, "page client", "page"),
    (6, "page dashboard", "page"),
    (4, "page client list", "page"),
    (3, "page assets", "page"),
    (2, "page deadlines", "page"),
    (1, "page ledger", "page"),
    (5, "GET /api/v1/engagements", "api"),
    (4, "GET /api/v1/exchanges", "api"),
    (3, "GET /api/v1/invoices", "api"),
    (3, "GET /api/v1/clients", "api"),
    (3, "GET /api/v1/assets", "api"),
    (2, "GET /api/v1/recommendations", "api"),
    (2, "GET /api/v1/deadlines", "api"),
    (8, "POST /api/v1/exchanges", "api"),
    (6, "POST time entry", "api"),
    (6, "POST contact (journaled)", "api"),
    (5, "POST /api/v1/recommendations (journaled)", "api"),
    (3, "POST /api/v1/risks (journaled)", "api"),
    (2, "POST /api/v1/invoices (journaled)", "api"),
)
WRITE_SHARE = sum(w for w, name, _ in MIX if name.startswith("POST")) / sum(w for w, *_ in MIX)


def request_for(name: str, rng: random.Random, samples: dict, day: dt.date):
    """(method, path, JSON body or None) of one request of the mix."""
    engagement, client = rng.choice(samples["active_engagements"])
    any_client = rng.choice(samples["clients"])
    yesterday = (day - dt.timedelta(days=1)).isoformat()
    tag = rng.randrange(10**6)
    table = {
        "page engagement": ("GET", f"/engagements/{engagement}/", None),
        "page client": ("GET", f"/clients/{any_client}/", None),
        "page dashboard": ("GET", "/dashboard/", None),
        "page client list": ("GET", "/clients/", None),
        "page assets": ("GET", f"/clients/{any_client}/assets/", None),
        "page deadlines": ("GET", "/deadlines/", None),
        "page ledger": ("GET", "/ledger/", None),
        "GET /api/v1/engagements": (
            "GET",
            f"/api/v1/engagements?client_id={client}&limit=50",
            None,
        ),
        "GET /api/v1/exchanges": ("GET", f"/api/v1/exchanges?client_id={client}&limit=50", None),
        "GET /api/v1/invoices": ("GET", "/api/v1/invoices?limit=50", None),
        "GET /api/v1/clients": ("GET", "/api/v1/clients?limit=50", None),
        "GET /api/v1/assets": ("GET", f"/api/v1/assets?client_id={any_client}&limit=50", None),
        "GET /api/v1/recommendations": (
            "GET",
            f"/api/v1/recommendations?engagement_id={engagement}&limit=50",
            None,
        ),
        "GET /api/v1/deadlines": ("GET", "/api/v1/deadlines?within_days=30&limit=50", None),
        "POST /api/v1/exchanges": (
            "POST",
            "/api/v1/exchanges",
            {
                "client_id": client,
                "engagement_id": engagement,
                "channel": "email",
                "direction": "outbound",
                "summary": f"Compte rendu de la réunion {tag}",
            },
        ),
        "POST time entry": (
            "POST",
            f"/api/v1/engagements/{engagement}/time-entries",
            {"worked_on": yesterday, "minutes": 45, "description": f"Recette {tag}"},
        ),
        "POST contact (journaled)": (
            "POST",
            f"/api/v1/clients/{any_client}/contacts",
            {"full_name": f"Contact {tag}", "email": f"c{tag}@client.example"},
        ),
        "POST /api/v1/recommendations (journaled)": (
            "POST",
            "/api/v1/recommendations",
            {"engagement_id": engagement, "title": f"Mettre à jour le CMS ({tag})"},
        ),
        "POST /api/v1/risks (journaled)": (
            "POST",
            "/api/v1/risks",
            {"engagement_id": engagement, "description": f"Retard de livraison {tag}"},
        ),
        "POST /api/v1/invoices (journaled)": (
            "POST",
            "/api/v1/invoices",
            {
                "engagement_id": engagement,
                "kind": "progress",
                "amount": "500.00",
                "due_date": (day + dt.timedelta(days=30)).isoformat(),
            },
        ),
    }
    return table[name]


# Signing in --------------------------------------------------------------------------------


def sign_in(host: str, port: int, email: str, password: str) -> str:
    """POST the login form with its CSRF token; returns the Cookie header of the session."""
    conn = http.client.HTTPConnection(host, port, timeout=120)
    conn.request("GET", "/accounts/login/")
    response = conn.getresponse()
    page = response.read().decode("utf-8", "replace")
    cookies = _cookies(response)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    if token is None:
        raise RuntimeError(f"no CSRF token on the login page (HTTP {response.status})")
    form = urllib.parse.urlencode(
        {"username": email, "password": password, "csrfmiddlewaretoken": token.group(1)}
    )
    conn.request(
        "POST",
        "/accounts/login/",
        body=form,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": _cookie_header(cookies),
        },
    )
    response = conn.getresponse()
    response.read()
    cookies.update(_cookies(response))
    if response.status != 302 or "sessionid" not in cookies:
        raise RuntimeError(f"signing in failed (HTTP {response.status})")
    conn.close()
    return _cookie_header(cookies)


def _cookies(response) -> dict:
    found = {}
    for header, value in response.getheaders():
        if header.lower() == "set-cookie":
            name, _, rest = value.partition("=")
            found[name.strip()] = rest.split(";", 1)[0]
    return found


def _cookie_header(cookies: dict) -> str:
    return "; ".join(f"{k}={v}" for k, v in cookies.items())


# HTTP/1.1 by hand --------------------------------------------------------------------------


class Connection:
    """One keep-alive connection; reopened when the server closes it."""

    def __init__(self, host: str, port: int):
        self.host, self.port = host, port
        self.reader = self.writer = None

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            with contextlib.suppress(OSError):
                await self.writer.wait_closed()
        self.reader = self.writer = None

    async def request(self, method: str, path: str, headers: dict, body: bytes) -> tuple:
        for attempt in (1, 2):
            fresh = self.writer is None
            if fresh:
                self.reader, self.writer = await asyncio.open_connection(
                    self.host, self.port, limit=2**20
                )
            head = f"{method} {path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n"
            head += "".join(f"{k}: {v}\r\n" for k, v in headers.items())
            head += f"Content-Length: {len(body)}\r\n\r\n"
            self.writer.write(head.encode("latin-1") + body)
            try:
                await self.writer.drain()
                return await self._response()
            except (asyncio.IncompleteReadError, ConnectionResetError, BrokenPipeError) as exc:
                await self.close()
                partial = getattr(exc, "partial", b"")
                # A kept-alive connection the server had closed: retry once on a new one.
                if attempt == 2 or fresh or partial:
                    raise
        raise AssertionError("unreachable")

    async def _response(self) -> tuple:
        head = await self.reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split(" ", 2)[1])
        headers = {}
        for line in lines[1:]:
            if ":" in line:
                key, value = line.split(":", 1)
                headers[key.strip().lower()] = value.strip()
        if "content-length" in headers:
            body = await self.reader.readexactly(int(headers["content-length"]))
        elif headers.get("transfer-encoding", "").lower() == "chunked":
            body = await self._chunked()
        else:
            body = await self.reader.read()
            headers["connection"] = "close"
        if headers.get("connection", "").lower() == "close":
            await self.close()
        return status, body

    async def _chunked(self) -> bytes:
        parts = []
        while True:
            size = int((await self.reader.readuntil(b"\r\n")).split(b";")[0], 16)
            if size == 0:
                await self.reader.readuntil(b"\r\n")
                return b"".join(parts)
            parts.append(await self.reader.readexactly(size))
            await self.reader.readexactly(2)


# The load ----------------------------------------------------------------------------------


class Load:
    def __init__(self, args, build: dict, cookie: str):
        url = urllib.parse.urlsplit(args.base)
        self.host, self.port = url.hostname, url.port
        self.args = args
        self.samples = build["samples"]
        self.page_headers = {"Cookie": cookie, "Accept-Language": "fr"}
        self.api_headers = {
            "Authorization": f"Bearer {build['token']}",
            "Content-Type": "application/json",
        }
        self.names = [name for _w, name, _k in MIX]
        self.weights = [w for w, _n, _k in MIX]
        self.kinds = {name: kind for _w, name, kind in MIX}
        self.records: list[tuple] = []  # (name, status, seconds, bytes, error)
        self.recording = False
        self.stop_at = 0.0
        self.today = dt.date.today()

    async def user(self, number: int) -> None:
        rng = random.Random(number)
        conn = Connection(self.host, self.port)
        while time.monotonic() < self.stop_at:
            name = rng.choices(self.names, self.weights)[0]
            method, path, payload = request_for(name, rng, self.samples, self.today)
            headers = self.page_headers if self.kinds[name] == "page" else self.api_headers
            body = json.dumps(payload).encode() if payload is not None else b""
            started = time.monotonic()
            status, size, error = 0, 0, ""
            try:
                status, content = await asyncio.wait_for(
                    conn.request(method, path, headers, body), self.args.request_timeout
                )
                size = len(content)
                if not 200 <= status < 300:
                    error = content[:200].decode("utf-8", "replace")
            except TimeoutError:
                error = "timeout"
                await conn.close()
            except OSError as exc:
                error = f"connection: {exc.__class__.__name__}"
                await conn.close()
            except asyncio.IncompleteReadError:
                error = "connection closed mid-response"
                await conn.close()
            if self.recording:
                self.records.append((name, status, time.monotonic() - started, size, error))
        await conn.close()

    async def phase(self, seconds: float, record: bool) -> float:
        self.recording = record
        started = time.monotonic()
        self.stop_at = started + seconds
        await asyncio.gather(*(self.user(n) for n in range(self.args.concurrency)))
        return time.monotonic() - started


def summarise(records: list[tuple], wall: float, cpu: float) -> dict:
    def stats(rows):
        times = [r[2] for r in rows]
        errors = [r for r in rows if r[4] or not 200 <= r[1] < 300]
        return {
            "count": len(rows),
            "errors": len(errors),
            "p50": statistics.median(times) if times else 0,
            "p95": percentile(times, 95),
            "p99": percentile(times, 99),
            "max": max(times, default=0),
        }

    by_name = {}
    for _w, name, _k in MIX:
        rows = [r for r in records if r[0] == name]
        if rows:
            by_name[name] = stats(rows)
    samples = {}
    for name, status, _t, _size, error in records:
        if error or not 200 <= status < 300:
            samples.setdefault(f"{name} → {status or error}", error[:160])
    writes = [r for r in records if r[0].startswith("POST")]
    return {
        "wall_seconds": wall,
        "requests_per_second": len(records) / wall if wall else 0,
        "overall": stats(records),
        "reads": stats([r for r in records if not r[0].startswith("POST")]),
        "writes": stats(writes),
        "journaled_writes": sum(1 for r in writes if "journaled" in r[0]),
        "by_endpoint": by_name,
        "error_samples": dict(list(samples.items())[:8]),
        "generator_cpu_seconds": cpu,
        "generator_cpu_share": cpu / wall if wall else 0,
        "generator_cpu_us_per_request": cpu / len(records) * 1e6 if records else 0,
        "write_share_planned": WRITE_SHARE,
    }


async def run(args, build: dict) -> dict:
    url = urllib.parse.urlsplit(args.base)
    cookie = await asyncio.to_thread(
        sign_in, url.hostname, url.port, build["owner_email"], build["owner_password"]
    )
    load = Load(args, build, cookie)
    if args.warmup > 0:
        await load.phase(args.warmup, record=False)
    cpu_before = time.process_time()
    wall = await load.phase(args.seconds, record=True)
    return summarise(load.records, wall, time.process_time() - cpu_before)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", required=True)
    parser.add_argument("--build", required=True)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--warmup", type=float, default=5)
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument("--request-timeout", type=float, default=60)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    result = asyncio.run(run(args, read_json(args.build)))
    write_json(args.out, result)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
