"""Pacte at scale (issue 9): build a small and a large workspace with the same data per client,
then print, in one run, the figures of targets P1 to P6.

    .venv/bin/python bench/scale.py                         # 30 and 2,000 clients, SQLite
    .venv/bin/python bench/scale.py --keep var/scale        # cache the built databases
    .venv/bin/python bench/scale.py --clients-small 3 --clients-large 20 \\
        --per-client-scale 0.1 --runs 5 --load-seconds 5    # a CI-sized run, in seconds
    .venv/bin/python bench/scale.py --only p1,p6
    .venv/bin/python bench/scale.py --database-url postgres://postgres@127.0.0.1:5432/pacte_scale

What it builds. Each client has, at --per-client-scale 1: 10 engagements (6 active, 1 on hold,
1 awaiting its deposit, 1 closed with its handoff done, 1 draft), 30 invoices (most paid, some
late, a few in part), 50 assets (every kind; renewal dates, tacit monthly and yearly renewals,
notice periods, who owns and administers them), 500 exchanges over three years (one active
engagement in six silent), 3 contacts, 20 recommendations with the client's decisions, 10
risks, 100 time entries, change requests, 10 action-log entries, and 500 ledger entries. At
2,000 clients: 20,000 engagements, 60,000 invoices, 100,000 assets, 1,000,000 exchanges and
1,000,000 ledger entries. Rows are bulk-inserted as the services would have written them (see
bench/_scale_data.py); the ledger is a valid hash chain, checked by a full walk at the end of
each build. Each size lives in its own fresh database: a SQLite file under a temporary
PACTE_DATA_DIR, or with --database-url a PostgreSQL database per size named after it
(<name>_c<clients>_x<scale>_s<seed>, created when missing). With --keep DIR the built
databases stay in DIR (SQLite files; for PostgreSQL, a note that the database is built) and a
rerun with the same parameters and migrations measures a fresh copy of them instead of
building again (a copy of the file, or CREATE DATABASE … TEMPLATE).

What it prints.
  P1  Every page (dashboard, client list, client page, engagement page, assets page,
      deadlines page, ledger page) and every GET list of /api/v1/ (found in the API itself,
      with limit=50 where the endpoint takes it), requested in process with django.test.Client
      --runs times after --warmups: HTTP status, queries, p50/p95 at both sizes, and the ratio
      p95 large / p95 small against 1.3. A slow target stops after --target-budget seconds
      (at least 3 runs). Query counts equal at both sizes are reported as P3.
  P2  The dashboard's time end to end at the large size against the time of the SELECT
      statements it ran, replayed raw on the same connection (target: ratio <= 3).
  P4  The deadline scan over every asset (deadline_list, within_days=90) and every client's
      reversibility (workspace_reversibility) at the large size (target < 0.5 s each).
  P5  A full walk of the large ledger in entries/s (target >= 200,000) and the incremental
      check after one journaled write in ms (target < 50 ms).
  P6  `pacte serve` started on the large database, then a load generator in its own process
      (asyncio, raw HTTP/1.1 keep-alive): --concurrency users for --load-seconds, 70 % reads
      (pages and API lists) and 30 % writes through the API. Requests/s, p50/p95/p99, errors
      and a per-endpoint table (targets on SQLite: >= 200 req/s, p99 < 1 s, 0 errors; on
      PostgreSQL: 0 errors). The server is stopped at the end, also on Ctrl+C or an error.
  P7  The health score (issue 11) of every followed client and running engagement at the
      large size (2,000 clients, 20,000 engagements at scale 1), each signal measured once
      for all (target < 2 s), and the daily snapshot that stores them (target < 10 s), then
      the same snapshot again, which adds nothing.
  P8  The reminders' scan (issue 13) of every kind over the large workspace: the first run
      of the day, which stores and queues each reminder (target < 10 s), then the same scan
      again, which stores nothing (target < 5 s).
The output ends with a summary block "P1 … P8: PASS/FAIL (figure)" to paste into a note.
Figures only: nothing here asserts a timing, and a failure of the application is a FAIL line,
not a crash.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

from _scale_common import BENCH_DIR, BUILDER_VERSION, Shape, migration_fingerprint, read_json

STEPS = ("p1", "p2", "p3", "p4", "p5", "p6", "p7", "p8")
CACHE_MAX_AGE_DAYS = 7  # the data is dated relative to the day it was built


class StepFailed(Exception):
    """A child process failed: reported on the step's line, the run goes on."""


# Arguments ---------------------------------------------------------------------------------


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        prog="bench/scale.py",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    size = parser.add_argument_group("data")
    size.add_argument(
        "--clients-small",
        metavar="N",
        type=int,
        default=30,
        help="clients of the small workspace (30)",
    )
    size.add_argument(
        "--clients-large",
        metavar="N",
        type=int,
        default=2000,
        help="clients of the large workspace (2000)",
    )
    size.add_argument(
        "--per-client-scale",
        metavar="F",
        type=float,
        default=1.0,
        help="multiply the data of each client (1.0 = 10 engagements, 30 invoices, 50 assets, "
        "500 exchanges, 500 ledger entries…; 0.1 for a quick run)",
    )
    size.add_argument(
        "--seed", metavar="N", type=int, default=42, help="random seed of the data (42)"
    )
    size.add_argument(
        "--keep",
        metavar="DIR",
        help="keep the built databases in DIR and reuse them when the parameters and the "
        "migrations are unchanged (default: build in a temporary folder, removed at the end)",
    )
    size.add_argument(
        "--database-url",
        metavar="URL",
        help="PostgreSQL instead of SQLite, e.g. postgres://postgres@127.0.0.1:5432/pacte_scale: "
        "one database per size, named after the URL's, created when missing",
    )
    run = parser.add_argument_group("measurements")
    run.add_argument(
        "--only",
        metavar="STEPS",
        default=",".join(STEPS),
        help="steps to run, e.g. p1,p6 (default: all). P3 comes with P1",
    )
    run.add_argument(
        "--runs", metavar="N", type=int, default=30, help="timed requests per target (30)"
    )
    run.add_argument(
        "--warmups", metavar="N", type=int, default=3, help="untimed requests before (3)"
    )
    run.add_argument(
        "--target-budget",
        metavar="SECONDS",
        type=float,
        default=60.0,
        help="seconds after which a slow target stops being repeated (60; at least 3 runs)",
    )
    load = parser.add_argument_group("mixed load (P6)")
    load.add_argument(
        "--load-seconds", metavar="SECONDS", type=float, default=30, help="measured seconds (30)"
    )
    load.add_argument(
        "--load-warmup",
        metavar="SECONDS",
        type=float,
        default=5,
        help="unmeasured seconds first (5)",
    )
    load.add_argument(
        "--concurrency", metavar="N", type=int, default=50, help="concurrent users (50)"
    )
    load.add_argument(
        "--request-timeout", metavar="SECONDS", type=float, default=60, help="per request, s (60)"
    )
    load.add_argument(
        "--server-workers",
        metavar="N",
        type=int,
        help="processes of `pacte serve --workers` (default: the server's own default)",
    )
    load.add_argument(
        "--serve-arg",
        action="append",
        default=[],
        metavar="ARG",
        help="extra argument for `pacte serve` (repeatable), e.g. --serve-arg=--no-worker",
    )
    args = parser.parse_args(argv)
    args.steps = {s.strip().lower() for s in args.only.split(",") if s.strip()}
    unknown = args.steps - set(STEPS)
    if unknown:
        parser.error(
            f"--only: unknown step(s) {', '.join(sorted(unknown))}; use {', '.join(STEPS)}"
        )
    if "p3" in args.steps:
        args.steps.add("p1")
    if min(args.clients_small, args.clients_large) < 1 or args.per_client_scale <= 0:
        parser.error("the numbers of clients and the per-client scale must be positive")
    return args


# Databases ---------------------------------------------------------------------------------


@dataclass
class Prepared:
    """One built workspace, ready to be measured (a fresh copy when it came from the cache)."""

    label: str
    clients: int
    env: dict
    build: dict
    build_file: Path
    data_dir: Path
    cached: bool
    cleanup: list = field(default_factory=list)


def child_env(**changes) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "PACTE_DATA_DIR"}}
    env.update({k: str(v) for k, v in changes.items() if v is not None})
    return env


def run_child(script: str, arguments: list, env: dict, what: str) -> None:
    """Run one of the bench's worker scripts; their progress goes to our stderr."""
    command = [sys.executable, str(BENCH_DIR / script), *map(str, arguments)]
    done = subprocess.run(command, env=env, check=False)
    if done.returncode != 0:
        raise StepFailed(f"{what} failed (exit {done.returncode}); see its output above")


def cache_usable(build_file: Path, args, clients: int) -> str:
    """Why a cached build cannot be reused, or "" when it can."""
    if not build_file.exists():
        return "not built yet"
    build = read_json(build_file)
    wanted = {
        "builder_version": BUILDER_VERSION,
        "clients": clients,
        "scale": args.per_client_scale,
        "seed": args.seed,
    }
    for key, value in wanted.items():
        if build.get(key) != value:
            return f"{key} changed"
    if build.get("migrations") != migration_fingerprint():
        return "migrations changed since it was built"
    if not build.get("verification", {}).get("ok"):
        return "its ledger did not verify"
    age = (time.time() - build_file.stat().st_mtime) / 86400
    if age > CACHE_MAX_AGE_DAYS:
        return f"built {age:.0f} days ago (its dates are relative to that day)"
    return ""


def build_arguments(args, clients: int, out: Path) -> list:
    return [
        "--clients",
        clients,
        "--scale",
        args.per_client_scale,
        "--seed",
        args.seed,
        "--out",
        out,
    ]


def size_tag(args, clients: int) -> str:
    scale = f"{args.per_client_scale:g}".replace(".", "p")
    return f"c{clients}_x{scale}_s{args.seed}"


class SQLiteDatabases:
    """A SQLite file per size, under --keep DIR or a temporary folder."""

    kind = "SQLite"

    def __init__(self, args, scratch: Path):
        self.args = args
        self.scratch = scratch
        self.root = Path(args.keep).resolve() if args.keep else scratch
        self.root.mkdir(parents=True, exist_ok=True)

    def prepare(self, label: str, clients: int) -> Prepared:
        home = self.root / f"sqlite-{size_tag(self.args, clients)}"
        build_file = home / "build.json"
        why = cache_usable(build_file, self.args, clients) if self.args.keep else "no --keep"
        if why:
            if self.args.keep:
                print(f"  {label}: building ({why})", flush=True)
            shutil.rmtree(home, ignore_errors=True)
            (home / "data").mkdir(parents=True)
            run_child(
                "_scale_build.py",
                build_arguments(self.args, clients, build_file),
                child_env(PACTE_DATA_DIR=home / "data"),
                f"building the {label} workspace",
            )
        data = home / "data"
        if self.args.keep:
            # Measure a copy: the mixed load writes, the cache stays as built.
            data = self.scratch / f"run-{label}"
            data.mkdir(parents=True)
            for name in ("pacte.sqlite3", "secret_key"):
                shutil.copy2(home / "data" / name, data / name)
        return Prepared(
            label,
            clients,
            child_env(PACTE_DATA_DIR=data),
            read_json(build_file),
            build_file,
            data,
            cached=not why,
        )

    def release(self, prepared: Prepared) -> None:
        pass  # everything is under the scratch folder or the cache


class PostgresDatabases:
    """A PostgreSQL database per size, named after --database-url's."""

    kind = "PostgreSQL"

    def __init__(self, args, scratch: Path):
        import psycopg  # only needed here

        self.psycopg = psycopg
        self.args = args
        self.scratch = scratch
        self.url = urllib.parse.urlsplit(args.database_url)
        self.base = self.url.path.lstrip("/") or "pacte_scale"
        self.root = Path(args.keep).resolve() if args.keep else scratch
        self.root.mkdir(parents=True, exist_ok=True)

    def url_for(self, name: str) -> str:
        return urllib.parse.urlunsplit(self.url._replace(path=f"/{name}"))

    def admin(self, sql: str) -> None:
        with self.psycopg.connect(self.url_for("postgres"), autocommit=True) as conn:
            conn.execute(sql)

    def exists(self, name: str) -> bool:
        with self.psycopg.connect(self.url_for("postgres"), autocommit=True) as conn:
            return (
                conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
                is not None
            )

    def prepare(self, label: str, clients: int) -> Prepared:
        name = f"{self.base}_{size_tag(self.args, clients)}"[:63]
        build_file = self.root / f"pg-{name}.json"
        why = "no --keep"
        if self.args.keep:
            why = cache_usable(build_file, self.args, clients)
            if not why and not self.exists(name):
                why = f"database {name} is gone"
        if why:
            if self.args.keep:
                print(f"  {label}: building ({why})", flush=True)
            self.admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            self.admin(f'CREATE DATABASE "{name}"')
            home = self.scratch / f"build-{label}"
            home.mkdir(parents=True, exist_ok=True)
            run_child(
                "_scale_build.py",
                build_arguments(self.args, clients, build_file),
                child_env(PACTE_DATA_DIR=home, DATABASE_URL=self.url_for(name)),
                f"building the {label} workspace",
            )
        run_name, cleanup = name, []
        if self.args.keep:
            run_name = f"{name[:59]}_run"
            self.admin(f'DROP DATABASE IF EXISTS "{run_name}" WITH (FORCE)')
            self.admin(f'CREATE DATABASE "{run_name}" TEMPLATE "{name}"')
            cleanup.append(run_name)
        elif why:
            cleanup.append(name)
        data = self.scratch / f"run-{label}"
        data.mkdir(parents=True, exist_ok=True)
        env = child_env(PACTE_DATA_DIR=data, DATABASE_URL=self.url_for(run_name))
        return Prepared(
            label,
            clients,
            env,
            read_json(build_file),
            build_file,
            data,
            cached=not why,
            cleanup=cleanup,
        )

    def release(self, prepared: Prepared) -> None:
        for name in prepared.cleanup:
            with contextlib.suppress(Exception):
                self.admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# Printing ----------------------------------------------------------------------------------


def load_average() -> str:
    """Other processes on the machine skew every figure: say how busy it was."""
    one, five, _ = os.getloadavg()
    return f"load average {one:.1f} (1 min), {five:.1f} (5 min) on {os.cpu_count()} cores"


def ms(seconds) -> str:
    return "—" if seconds is None else f"{seconds * 1000:,.1f} ms"


def duration(seconds: float) -> str:
    return ms(seconds) if seconds < 1 else f"{seconds:,.2f} s"


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def print_header(args, db_kind: str) -> None:
    shape = Shape.scaled(args.per_client_scale)
    names = {"ledger": "ledger entries", "actions": "action-log entries"}
    per = ", ".join(f"{v} {names.get(k, k.replace('_', ' '))}" for k, v in shape.as_dict().items())
    print(f"Pacte at scale — {db_kind}, {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    print(f"  sizes: {args.clients_small:,} and {args.clients_large:,} clients; per client: {per}")
    big = args.clients_large
    print(
        f"  large: {shape.engagements * big:,} engagements, {shape.invoices * big:,} invoices, "
        f"{shape.assets * big:,} assets, {shape.exchanges * big:,} exchanges, "
        f"~{shape.ledger * big:,} ledger entries"
    )
    print(flush=True)


def print_build(p: Prepared) -> None:
    b = p.build
    how = (
        f"cached, built on {b['built_on']} in {b['build_seconds']:.0f} s"
        if p.cached
        else (f"built in {b['build_seconds']:.1f} s")
    )
    counts = ", ".join(f"{n:,} {k}" for k, n in b["counts"].items())
    v = b["verification"]
    print(f"  {p.label} ({p.clients:,} clients): {how}")
    print(f"    {counts}")
    print(f"    {v['function']} at the end of the build: {v['text']} in {v['seconds']:.1f} s")
    if not v["ok"]:
        print("    WARNING: the ledger did not verify; the figures below are measured all the same")
    for check, bad in b.get("checks", {}).items():
        print(f"    check: {check}: {'OK' if bad == 0 else f'{bad:,} rows WRONG'}", flush=True)


# P1 and P3 ---------------------------------------------------------------------------------


def report_p1(small: dict, large: dict, args) -> dict:
    """The table of P1; returns the figures of the summary (P1 and P3)."""
    print(
        f"P1  p95 at {args.clients_large:,} clients ÷ p95 at {args.clients_small:,} clients, "
        f"same limit ({args.runs} runs after {args.warmups} warm-ups; target ≤ 1.3)"
    )
    print(
        f"  {'target':<36} {'HTTP':>7} {'queries':>8} {'p50 small':>11} {'p95 small':>11} "
        f"{'p50 large':>11} {'p95 large':>11} {'ratio':>7}"
    )
    names = list(dict.fromkeys([*small["targets"], *large["targets"]]))
    passed, equal_queries, worst, checked, differ = 0, 0, (0.0, ""), 0, []
    for name in names:
        s, g = small["targets"].get(name), large["targets"].get(name)
        if s is None or g is None:
            print(f"  {name:<36} measured at one size only: FAIL")
            continue
        checked += 1
        http = f"{s['status']}/{g['status']}"
        queries = f"{s['queries']}/{g['queries']}"
        equal_queries += s["queries"] == g["queries"]
        if s["queries"] != g["queries"]:
            differ.append(f"{name} {s['queries']}→{g['queries']}")
        ok_status = s["status"] == 200 and g["status"] == 200
        ratio = g["p95"] / s["p95"] if s["p95"] else float("inf")
        ok = ok_status and ratio <= 1.3
        passed += ok
        if ok_status and ratio > worst[0]:
            worst = (ratio, name)
        note = "" if ok_status else f"  HTTP {g['status'] if g['status'] != 200 else s['status']}"
        print(
            f"  {name:<36} {http:>7} {queries:>8} {ms(s['p50']):>11} {ms(s['p95']):>11} "
            f"{ms(g['p50']):>11} {ms(g['p95']):>11} {ratio:>6.2f}× {verdict(ok)}{note}"
        )
        if not ok_status:
            error = (g["error"] or s["error"]).replace("\n", " ")[:150]
            print(f"  {'':<36} → {error}")
        for where, row in (("small", s), ("large", g)):
            if len(row["times"]) < args.runs:
                print(f"  {'':<36} ({where}: {len(row['times'])} runs within the budget)")
    for note in dict.fromkeys(small.get("notes", []) + large.get("notes", [])):
        print(f"  note: {note}")
    print(flush=True)
    return {
        "p1_ok": checked > 0 and passed == len(names),
        "p1": f"{passed}/{len(names)} targets ≤ 1.3; "
        f"worst p95 ratio {worst[0]:.2f}× ({worst[1] or '—'})",
        "p3_ok": checked > 0 and equal_queries == checked,
        "p3": f"queries equal at both sizes on {equal_queries}/{checked} targets"
        + (f"; differ: {', '.join(differ)}" if differ else "")
        + " (the budgets themselves are asserted by the test suite)",
    }


# P2, P4, P5 --------------------------------------------------------------------------------


def report_p2(found: dict) -> dict:
    ok = found["ratio"] <= 3
    print("P2  dashboard end to end vs its own SQL replayed raw, large workspace (target ≤ 3)")
    print(
        f"  dashboard p50 {ms(found['page_p50'])}; its {found['selects']} SELECT statements "
        f"(of {found['statements']}) replayed: p50 {ms(found['sql_p50'])} → "
        f"{found['ratio']:.1f}× {verdict(ok)}"
    )
    for seconds, sql in found.get("slowest", []):
        print(f"    {ms(seconds):>10}  {sql}")
    print(flush=True)
    return {
        "p2_ok": ok,
        "p2": f"dashboard {ms(found['page_p50'])} = {found['ratio']:.1f}× "
        f"its SQL ({ms(found['sql_p50'])})",
    }


def report_p4(found: dict) -> dict:
    print("P4  scans over the large workspace (p50 of 5 after a warm-up; target < 0.5 s each)")
    for name, row in found.items():
        size = f", {row['size']:,} rows" if row.get("size") is not None else ""
        print(f"  {name:<40} {ms(row['p50']):>12}  ({row['queries']} queries{size})")
    scan = found["deadline_list(within_days=90)"]["p50"]
    rev = found["workspace_reversibility"]["p50"]
    ok = scan < 0.5 and rev < 0.5
    print(f"  → {verdict(ok)}")
    print(flush=True)
    return {
        "p4_ok": ok,
        "p4": f"deadline scan {duration(scan)}, reversibility {duration(rev)}; target < 0.5 s each",
    }


def report_p7(found: dict) -> dict:
    scores = found["scores"]
    print(
        "P7  health of every followed client and running engagement, large workspace "
        "(targets: scores < 2 s, daily snapshot < 10 s)"
    )
    print(
        f"  scores: {scores['size']:,} subjects, p50 {duration(scores['p50'])} "
        f"({scores['queries']} queries; signals: {', '.join(found['signals']) or 'none'})"
    )
    print(
        f"  snapshot: {found['snapshot_rows']:,} rows in {duration(found['snapshot_s'])} "
        f"({found['snapshot_queries']} queries); again the same day: "
        f"{found['snapshot_again_rows']} rows in {duration(found['snapshot_again_s'])}"
    )
    ok = scores["p50"] < 2 and found["snapshot_s"] < 10 and found["snapshot_again_rows"] == 0
    print(f"  → {verdict(ok)}")
    print(flush=True)
    return {
        "p7_ok": ok,
        "p7": f"{scores['size']:,} scores in {duration(scores['p50'])}, snapshot "
        f"{duration(found['snapshot_s'])}; targets < 2 s and < 10 s",
    }


def report_p8(found: dict) -> dict:
    print(
        "P8  the reminders' scan over the large workspace (targets: first run < 10 s, "
        "again the same day < 5 s, storing nothing)"
    )
    print(
        f"  first: {found['first_stored']:,} reminders stored, {found['first_queued']:,} queued "
        f"in {duration(found['first_s'])} ({found['first_queries']:,} queries; kinds: "
        f"{', '.join(found['kinds'])})"
    )
    print(
        f"  again: {found['again_stored']} stored in {duration(found['again_s'])} "
        f"({found['again_queries']:,} queries)"
    )
    ok = found["first_s"] < 10 and found["again_s"] < 5 and found["again_stored"] == 0
    print(f"  → {verdict(ok)}")
    print(flush=True)
    return {
        "p8_ok": ok,
        "p8": f"{found['first_stored']:,} reminders in {duration(found['first_s'])}, again "
        f"{duration(found['again_s'])}; targets < 10 s and < 5 s",
    }


def report_p5(found: dict) -> dict:
    rate = found["entries_per_second"]
    inc = found["incremental_p50"]
    print(
        "P5  ledger of the large workspace (targets: full walk ≥ 200,000 entries/s; "
        "incremental < 50 ms)"
    )
    print(
        f"  {found['full_function']}: {found['full_text']} in {found['full_seconds']:.2f} s "
        f"→ {rate:,.0f} entries/s {verdict(rate >= 200_000)}"
    )
    kind = " (no incremental verification: a full walk)" if found["incremental_is_full"] else ""
    print(
        f"  {found['incremental_function']} after one journaled write: {ms(inc)} "
        f"(p50 of 5){kind} {verdict(inc < 0.05)} — {found['incremental_text']}"
    )
    print(flush=True)
    ok = rate >= 200_000 and inc < 0.05 and found["full_ok"]
    return {
        "p5_ok": ok,
        "p5": f"full walk {rate:,.0f} entries/s, incremental {ms(inc)} after one write",
    }


# P6 ----------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def pacte_command() -> list[str]:
    script = Path(sys.executable).with_name("pacte")
    return [str(script)] if script.exists() else [sys.executable, "-m", "pacte.cli"]


def settle(prepared: Prepared) -> None:
    """A database in use has had its nightly jobs run (the full walk of the ledger, …): run
    the due ones now, unmeasured, so that neither the measurements nor the server's first
    minute pay for a backlog that a running installation would not have."""
    help_text = subprocess.run(
        [*pacte_command(), "--help"], env=prepared.env, capture_output=True, text=True, check=False
    ).stdout
    if " worker " not in help_text:
        print("    (no `pacte worker` command: no nightly jobs to run first)")
        return
    started = time.perf_counter()
    done = subprocess.run(
        [*pacte_command(), "worker", "--once"],
        env=prepared.env,
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = time.perf_counter() - started
    outcome = "done" if done.returncode == 0 else f"FAILED (exit {done.returncode})"
    print(f"    nightly jobs run first (pacte worker --once): {outcome} in {seconds:.1f} s")
    if done.returncode != 0:
        print(f"    {(done.stderr or done.stdout).strip()[-300:]}")


def serve_supports(option: str, env: dict) -> bool:
    done = subprocess.run(
        [*pacte_command(), "serve", "--help"], env=env, capture_output=True, text=True, check=False
    )
    return option in done.stdout


@contextlib.contextmanager
def running_server(prepared: Prepared, args):
    """`pacte serve` on the large database, in its own process group; stopped on the way
    out whatever happens (SIGTERM, then SIGKILL of its group after 30 s)."""
    port = free_port()
    command = [*pacte_command(), "serve", "--port", str(port)]
    if args.server_workers:
        if serve_supports("--workers", prepared.env):
            command += ["--workers", str(args.server_workers)]
        else:
            print("  (pacte serve has no --workers option yet: one process)")
    command += args.serve_arg
    log_path = prepared.data_dir / "server.log"
    log = log_path.open("wb")
    server = subprocess.Popen(
        command, env=prepared.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    try:
        wait_until_up(server, port, log_path)
        shown = " ".join(["pacte", *command[command.index("serve") :]])
        print(f"  server: {shown} (pid {server.pid}), PACTE_DATA_DIR={prepared.data_dir}")
        for line in log_path.read_text(errors="replace").splitlines():
            if "serving" in line.lower():
                print(f"  {line.strip()}")
        yield port, log_path
    finally:
        stop_server(server)
        log.close()


def wait_until_up(
    server: subprocess.Popen, port: int, log_path: Path, timeout: float = 180
) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise StepFailed(f"the server exited ({server.returncode}): {tail(log_path)}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/accounts/login/")
            status = conn.getresponse().status
            conn.close()
            if status == 200:
                return
        except OSError:
            pass
        time.sleep(0.5)
    raise StepFailed(f"the server did not answer within {timeout:.0f} s: {tail(log_path)}")


def stop_server(server: subprocess.Popen) -> None:
    if server.poll() is None:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(server.pid, signal.SIGKILL)
            server.wait()
    # Whatever the server started and left behind in its own group.
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(server.pid, signal.SIGTERM)


def tail(path: Path, lines: int = 8) -> str:
    try:
        return " | ".join(path.read_text(errors="replace").strip().splitlines()[-lines:])
    except OSError:
        return "(no log)"


def run_p6(prepared: Prepared, args, db_kind: str) -> dict:
    print(
        f"P6  mixed load on the large workspace: {args.concurrency} users, {args.load_seconds:g} s "
        f"(after {args.load_warmup:g} s of warm-up), 70 % reads / 30 % writes through the API"
    )
    out = prepared.data_dir / "load.json"
    print(f"  {load_average()} before starting the server")
    with running_server(prepared, args) as (port, log_path):
        run_child(
            "_scale_load.py",
            [
                "--base",
                f"http://127.0.0.1:{port}",
                "--build",
                prepared.build_file,
                "--seconds",
                args.load_seconds,
                "--warmup",
                args.load_warmup,
                "--concurrency",
                args.concurrency,
                "--request-timeout",
                args.request_timeout,
                "--out",
                out,
            ],
            child_env(),
            "the load generator",
        )
        server_errors = [
            line
            for line in log_path.read_text(errors="replace").splitlines()
            if "Traceback" in line or "ERROR" in line or "CRITICAL" in line
        ]
    return report_p6(read_json(out), db_kind, server_errors)


def report_p6(found: dict, db_kind: str, server_errors: list) -> dict:
    o = found["overall"]
    rate = found["requests_per_second"]
    print(
        f"  {o['count']:,} requests in {found['wall_seconds']:.1f} s → {rate:,.1f} req/s; "
        f"p50 {ms(o['p50'])}, p95 {ms(o['p95'])}, p99 {ms(o['p99'])}, max {ms(o['max'])}; "
        f"errors {o['errors']:,}"
    )
    r, w = found["reads"], found["writes"]
    print(
        f"  reads {r['count']:,} (p95 {ms(r['p95'])}), writes {w['count']:,} (p95 {ms(w['p95'])}, "
        f"{found['journaled_writes']:,} journaled)"
    )
    print(f"  {'endpoint':<42} {'count':>7} {'errors':>7} {'p50':>11} {'p95':>11} {'p99':>11}")
    for name, row in found["by_endpoint"].items():
        print(
            f"  {name:<42} {row['count']:>7,} {row['errors']:>7,} {ms(row['p50']):>11} "
            f"{ms(row['p95']):>11} {ms(row['p99']):>11}"
        )
    for what, sample in found["error_samples"].items():
        print(f"  error: {what}: {sample.replace(chr(10), ' ')[:140]}")
    if server_errors:
        print(f"  server log: {len(server_errors)} error lines, e.g. {server_errors[0][:140]}")
    print(
        f"  load generator: {found['generator_cpu_share']:.0%} of one core "
        f"({found['generator_cpu_us_per_request']:,.0f} µs CPU per request)"
    )
    if db_kind == "SQLite":
        ok = rate >= 200 and o["p99"] < 1 and o["errors"] == 0
        target = "target ≥ 200 req/s, p99 < 1 s, 0 errors"
    else:
        ok = o["errors"] == 0
        target = "target on PostgreSQL: 0 errors"
    print(f"  → {verdict(ok)} ({target})")
    print(flush=True)
    return {
        "p6_ok": ok,
        "p6": f"{rate:,.1f} req/s, p50 {ms(o['p50'])}, p99 {ms(o['p99'])}, {o['errors']:,} errors "
        f"of {o['count']:,} ({target})",
    }


# The run -----------------------------------------------------------------------------------


def measure(prepared: Prepared, steps: set, args) -> dict:
    wanted = sorted(steps & {"p1", "p2", "p4", "p5", "p7", "p8"})
    if not wanted:
        return {}
    out = prepared.data_dir / f"inproc-{prepared.label}.json"
    print(f"  measuring {prepared.label} ({', '.join(wanted)}); {load_average()}…", flush=True)
    run_child(
        "_scale_inproc.py",
        [
            "--build",
            prepared.build_file,
            "--steps",
            ",".join(wanted),
            "--runs",
            args.runs,
            "--warmups",
            args.warmups,
            "--budget",
            args.target_budget,
            "--out",
            out,
        ],
        prepared.env,
        f"measuring the {prepared.label} workspace",
    )
    return read_json(out)


def print_summary(args, db_kind: str, summary: dict) -> None:
    print("=" * 100)
    print(
        f"Summary — bench/scale.py, {db_kind}, {os.cpu_count()} cores: {args.clients_large:,} vs "
        f"{args.clients_small:,} clients, per-client scale {args.per_client_scale:g}"
    )
    for step in STEPS:
        if step not in args.steps:
            continue
        text = summary.get(step)
        if text is None:
            print(f"{step.upper()}: ERROR ({summary.get(step + '_error', 'not measured')})")
        else:
            print(f"{step.upper()}: {verdict(summary[step + '_ok'])} ({text})")


def run(args, scratch: Path) -> dict:
    databases = (
        PostgresDatabases(args, scratch) if args.database_url else SQLiteDatabases(args, scratch)
    )
    print_header(args, databases.kind)
    summary: dict = {}
    prepared: dict[str, Prepared] = {}
    needed = [("large", args.clients_large)]
    if "p1" in args.steps:
        needed.insert(0, ("small", args.clients_small))
    try:
        print("Build")
        for label, clients in needed:
            prepared[label] = databases.prepare(label, clients)
            print_build(prepared[label])
            settle(prepared[label])
            print(flush=True)
        results = {}
        for label in prepared:
            steps = {"p1"} if label == "small" else args.steps
            try:
                results[label] = measure(prepared[label], steps, args)
            except StepFailed as exc:
                print(f"  {exc}")
                for step in steps:
                    summary[f"{step}_error"] = str(exc)
                results[label] = {}
        print()
        large = results.get("large", {})
        if "p1" in args.steps and "p1" in results.get("small", {}) and "p1" in large:
            summary.update(report_p1(results["small"]["p1"], large["p1"], args))
        for step, report in (
            ("p2", report_p2),
            ("p4", report_p4),
            ("p5", report_p5),
            ("p7", report_p7),
            ("p8", report_p8),
        ):
            if step in large:
                summary.update(report(large[step]))
        if "p6" in args.steps:
            try:
                summary.update(run_p6(prepared["large"], args, databases.kind))
            except StepFailed as exc:
                print(f"  {exc}\n")
                summary["p6_error"] = str(exc)
    except StepFailed as exc:
        print(f"  {exc}\n")
        for step in args.steps:
            summary.setdefault(f"{step}_error", str(exc))
    finally:
        for p in prepared.values():
            databases.release(p)
    print_summary(args, databases.kind, summary)
    return summary


def main(argv=None) -> int:
    args = parse_args(argv)
    scratch = Path(tempfile.mkdtemp(prefix="pacte-scale-"))
    try:
        summary = run(args, scratch)
    except KeyboardInterrupt:
        print("\ninterrupted: the server (if any) is stopped and the temporary files removed.")
        return 130
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    # Figures, not a test: a target missed is a FAIL line; only a step that could not be
    # measured at all makes the exit status non-zero.
    return 1 if any(key.endswith("_error") for key in summary) else 0


if __name__ == "__main__":
    sys.exit(main())
