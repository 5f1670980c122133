"""In-process measurements of `bench/scale.py` on one built workspace: P1 (pages and API
lists), P2 (the dashboard against its own SQL), P4 (deadline scan, reversibility) and P5
(ledger walks). Run by scale.py with PACTE_DATA_DIR / DATABASE_URL naming the database:

    python bench/_scale_inproc.py --build build.json --steps p1,p2,p4,p5 --out result.json

Pages are requested with django.test.Client signed in as the owner (force_login), the API with
the owner's bearer token. Timings are taken without query capture; the query count of each
target comes from one extra, untimed request.
"""

from __future__ import annotations

import argparse
import inspect
import logging
import statistics
import time

from _scale_common import percentile, read_json, say, setup_django, write_json

API_PREFIX = "/api/v1"
LIST_LIMIT = 50


# Targets -----------------------------------------------------------------------------------


def page_targets(samples: dict) -> list[tuple[str, str, dict]]:
    client, engagement = samples["client_id"], samples["engagement_id"]
    return [
        ("page dashboard", "/dashboard/", {}),
        ("page client list", "/clients/", {}),
        ("page client", f"/clients/{client}/", {}),
        ("page engagement", f"/engagements/{engagement}/", {}),
        ("page assets", f"/clients/{client}/assets/", {}),
        ("page deadlines", "/deadlines/", {}),
        ("page ledger", "/ledger/", {}),
    ]


def _takes_limit(param) -> bool:
    """A `limit` query parameter, or ninja's pagination input that carries one."""
    if param.name == "limit":
        return True
    model_fields = getattr(param.annotation, "model_fields", None) or {}
    return "limit" in model_fields


def api_candidates(samples: dict) -> tuple[list, list[str]]:
    """Every GET endpoint of the API that is not one row's detail (its path does not end
    with an id), with its path and required parameters filled from the samples. Whether it
    answers a list is decided on its first answer (`measure_all`)."""
    from pacte.api import api

    known = {
        "client_id": samples["client_id"],
        "engagement_id": samples["engagement_id"],
    }
    # Optional parameters without which an endpoint refuses to answer.
    extra = {"/search": {"q": "Martin"}}
    found, skipped = [], []
    for _prefix, router in api._routers:
        for path, path_view in router.path_operations.items():
            for op in path_view.operations:
                if "GET" not in op.methods or path.rstrip("/").endswith("}"):
                    continue
                params, url, missing = dict(extra.get(path, {})), path, []
                for p in op.signature.params:
                    source = type(p.source).__name__
                    if source == "Path":
                        if p.name not in known:
                            missing.append(p.name)
                        url = url.replace("{" + p.name + "}", str(known.get(p.name)))
                    elif _takes_limit(p):
                        params["limit"] = LIST_LIMIT
                    elif p.source.is_required():
                        if p.name in known:
                            params[p.name] = known[p.name]
                        else:
                            missing.append(p.name)
                if missing:
                    skipped.append(f"{path} (needs {', '.join(missing)})")
                else:
                    found.append((f"API {path}", API_PREFIX + url, params))
    return found, skipped


# Measuring ---------------------------------------------------------------------------------


def http_clients(build: dict):
    from django.test import Client as HttpClient

    from pacte.kernel.models import User

    owner = User.objects.get(email=build["owner_email"])
    # SERVER_NAME: the test client's "testserver" is not in ALLOWED_HOSTS outside tests.
    pages = HttpClient(raise_request_exception=False, SERVER_NAME="localhost")
    pages.force_login(owner)
    api = HttpClient(
        raise_request_exception=False,
        SERVER_NAME="localhost",
        headers={"Authorization": f"Bearer {build['token']}"},
    )
    return pages, api


def one_request(http, path: str, params: dict):
    started = time.perf_counter()
    response = http.get(path, params)
    body = response.content
    return time.perf_counter() - started, response.status_code, body, response


def measure(http, path: str, params: dict, *, runs: int, warmups: int, budget: float) -> dict:
    """Warm-ups, one request under query capture, then up to `runs` timed requests; a slow
    target stops early once `budget` seconds are spent (at least 3 timed runs)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    spent = 0.0
    for _ in range(warmups):
        seconds, status, body, response = one_request(http, path, params)
        spent += seconds
        if spent > budget / 3:
            break
    # Twice, keeping the fewer: a bearer token records its last use at most once a minute,
    # one UPDATE that is not the endpoint's. Read each count at once: the captured slice is
    # taken from the connection's log, which the next request clears.
    counts = []
    for _ in range(2):
        with CaptureQueriesContext(connection) as captured:
            _seconds, status, body, response = one_request(http, path, params)
        counts.append(len(captured))
    queries = min(counts)
    shape = ""
    if response.get("Content-Type", "").startswith("application/json") and status == 200:
        data = response.json()
        if isinstance(data, list):
            shape = f"list of {len(data)}"
        elif isinstance(data, dict) and "items" in data:
            shape = f"{len(data['items'])} of {data.get('count')}"
            if data.get("count_capped"):
                shape += " (capped)"
        else:
            shape = "object"
    times = []
    for _ in range(runs):
        seconds, status, body, _response = one_request(http, path, params)
        times.append(seconds)
        spent += seconds
        if spent > budget and len(times) >= 3:
            break
    return {
        "status": status,
        "queries": queries,
        "bytes": len(body),
        "shape": shape,
        "error": body[:300].decode("utf-8", "replace") if status != 200 else "",
        "times": times,
        "p50": statistics.median(times),
        "p95": percentile(times, 95),
    }


def measure_all(build: dict, args) -> dict:
    pages, api = http_clients(build)
    results, notes = {}, []
    for name, path, params in page_targets(build["samples"]):
        results[name] = {"path": path, **measure(pages, path, params, **_opts(args))}
        _progress(name, results[name])
    candidates, skipped = api_candidates(build["samples"])
    notes += [f"API GET skipped: {s}" for s in skipped]
    for name, path, params in candidates:
        found = measure(api, path, params, **_opts(args))
        if found["status"] == 200 and found["shape"] == "object":
            notes.append(f"API GET not a list, not measured: {path}")
            continue
        results[name] = {"path": path, "params": params, **found}
        _progress(name, found)
    return {"targets": results, "notes": notes}


def _opts(args) -> dict:
    return {"runs": args.runs, "warmups": args.warmups, "budget": args.budget}


def _progress(name: str, found: dict) -> None:
    say(
        f"    {name:<44} {found['status']} p95 {found['p95'] * 1000:8.1f} ms "
        f"({len(found['times'])} runs, {found['queries']} queries)"
    )


# P2: the dashboard against its own SQL -----------------------------------------------------


def dashboard_sql(build: dict, args, p1: dict | None) -> dict:
    """The dashboard end to end, and the SELECT statements it ran replayed raw on the same
    connection (cursor.execute + fetchall): the time Python adds over the database."""
    from django.db import connection

    pages, _api = http_clients(build)
    for _ in range(args.warmups):
        pages.get("/dashboard/")
    statements = []

    def record(execute, sql, params, many, context):
        statements.append((sql, params, many))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        pages.get("/dashboard/")
    # Reads only: a write (a session saved, a checkpoint advanced) is not the figures shown.
    selects = [s for s in statements if s[0].lstrip().upper().startswith(("SELECT", "WITH"))]
    if p1 and "page dashboard" in p1:
        page_times = p1["page dashboard"]["times"]
    else:
        page_times = [one_request(pages, "/dashboard/", {})[0] for _ in range(args.runs)]

    def replay() -> list[float]:
        times = []
        with connection.cursor() as cursor:
            for sql, params, _many in selects:
                started = time.perf_counter()
                cursor.execute(sql, params)
                cursor.fetchall()
                times.append(time.perf_counter() - started)
        return times

    replay()
    runs = [replay() for _ in range(args.runs)]
    sql_times = [sum(run) for run in runs]
    page, sql = statistics.median(page_times), statistics.median(sql_times)
    each = [statistics.median(run[i] for run in runs) for i in range(len(selects))]
    slowest = sorted(range(len(selects)), key=each.__getitem__, reverse=True)[:3]
    return {
        "page_p50": page,
        "sql_p50": sql,
        "ratio": page / sql if sql else float("inf"),
        "statements": len(statements),
        "selects": len(selects),
        "slowest": [[each[i], _gist(selects[i][0])] for i in slowest],
    }


def _gist(sql: str) -> str:
    """A statement without its column list: what it reads, filters and sorts."""
    flat = " ".join(sql.split())
    start = flat.find(" FROM ")
    return ("SELECT … " + flat[start + 1 :] if start > 0 else flat)[:220]


# P4: deadline scan and reversibility -------------------------------------------------------


def timed_calls(fn, runs: int = 5) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    fn()  # warm-up
    with CaptureQueriesContext(connection) as captured:
        result = fn()
    queries = len(captured)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    size = len(result) if hasattr(result, "__len__") else None
    return {"p50": statistics.median(times), "queries": queries, "size": size}


def scans(build: dict) -> dict:
    from pacte.assets.selectors import workspace_reversibility
    from pacte.deadlines import selectors as deadlines

    actor = owner_actor(build)
    found = {
        "deadline_list(within_days=90)": timed_calls(
            lambda: list(deadlines.deadline_list(actor=actor, within_days=90))
        ),
        "workspace_reversibility": timed_calls(lambda: workspace_reversibility(actor=actor)),
    }
    warnings = getattr(deadlines, "deadline_warnings", None)
    if warnings is not None and "actor" in inspect.signature(warnings).parameters:
        found["deadline_warnings (dashboard)"] = timed_calls(lambda: _listed(warnings(actor=actor)))
    return found


def _listed(result):
    """A selector may return a list, or an object holding the top N and a count."""
    try:
        return list(result)
    except TypeError:
        return [result]


# P7: the health score of every client and engagement, and the daily snapshot -------------


def health(build: dict) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from pacte.health.models import HealthSnapshot
    from pacte.health.selectors import workspace_health_all
    from pacte.health.services import health_snapshot_take
    from pacte.kernel.signals import registered_signals
    from pacte.kernel.tenancy import Actor

    actor = owner_actor(build)

    def every_score():
        clients, engagements = workspace_health_all(actor=actor)
        return [*clients.values(), *engagements.values()]

    found = {"scores": timed_calls(every_score, runs=3)}
    system = Actor.system(actor.workspace)
    # The nightly jobs run before the measures took today's snapshot already: measure it anew.
    HealthSnapshot.objects.for_actor(system).filter(taken_on=timezone.localdate()).delete()
    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        first = health_snapshot_take(actor=system)
        found["snapshot_s"] = time.perf_counter() - started
    found["snapshot_queries"] = len(captured)
    found["snapshot_rows"] = first.taken
    started = time.perf_counter()
    again = health_snapshot_take(actor=system)
    found["snapshot_again_s"] = time.perf_counter() - started
    found["snapshot_again_rows"] = again.taken
    found["signals"] = [s.key for s in registered_signals()]
    return found


# P8: the reminders' scan ------------------------------------------------------------------


def reminders(build: dict) -> dict:
    """The scan of every reminder kind over the large workspace: the first run of the day
    (stores and queues), then the same scan again (stores nothing)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from pacte.kernel.tenancy import Actor
    from pacte.reminders.kinds import reminder_kinds
    from pacte.reminders.models import Reminder
    from pacte.reminders.services import reminders_scan

    system = Actor.system(owner_actor(build).workspace)
    Reminder.objects.for_actor(system).delete()  # the worker may have scanned during the build
    found = {"kinds": [k.key for k in reminder_kinds()]}
    for run in ("first", "again"):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            result = reminders_scan(actor=system)
            found[f"{run}_s"] = time.perf_counter() - started
        found[f"{run}_stored"] = result.stored
        found[f"{run}_queued"] = result.queued
        found[f"{run}_queries"] = len(captured)
    return found


# P5: ledger walks --------------------------------------------------------------------------


def ledger_walks(build: dict) -> dict:
    """A full walk (entries/s), then the incremental check after one journaled write (ms),
    five times over."""
    from pacte.clients.services import contact_create
    from pacte.kernel import ledger, tasks

    actor = owner_actor(build)
    workspace = actor.workspace
    full = ledger.verify_full
    # As `pacte ledger verify --full` and the nightly job walk: one process per core.
    processes = tasks.walk_processes()
    started = time.perf_counter()
    walked = full(workspace, processes=processes)
    full_seconds = time.perf_counter() - started
    ledger.verify(workspace)  # the checkpoint at the head, as after any verification
    incremental, last = [], None
    for n in range(5):
        contact_create(
            actor=actor,
            client_id=build["samples"]["client_id"],
            full_name=f"Contact du banc {n}",
        )
        started = time.perf_counter()
        last = ledger.verify(workspace)
        incremental.append(time.perf_counter() - started)
    return {
        "full_function": f"ledger.verify_full(processes={processes})",
        "full_text": walked.describe(),
        "full_ok": walked.ok,
        "full_count": walked.count,
        "full_seconds": full_seconds,
        "entries_per_second": walked.count / full_seconds if full_seconds else 0,
        "incremental_function": "ledger.verify",
        "incremental_is_full": getattr(ledger, "verify_full", None) is None,
        "incremental_p50": statistics.median(incremental),
        "incremental_text": last.describe(),
    }


def owner_actor(build: dict):
    from pacte.kernel.models import User
    from pacte.kernel.selectors import actor_for_user

    owner = User.objects.get(email=build["owner_email"])
    return actor_for_user(owner, build["workspace_id"])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", required=True)
    parser.add_argument("--steps", default="p1,p2,p4,p5")
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--warmups", type=int, default=3)
    parser.add_argument("--budget", type=float, default=60.0)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    steps = set(args.steps.split(","))
    setup_django()
    # A 4xx/5xx is reported in the table; Django's own log line per request is noise here.
    logging.getLogger("django.request").setLevel(logging.CRITICAL)
    build = read_json(args.build)
    out: dict = {}
    if "p1" in steps:
        out["p1"] = measure_all(build, args)
    if "p2" in steps:
        say("    P2: dashboard against its SQL")
        out["p2"] = dashboard_sql(build, args, out.get("p1", {}).get("targets"))
    if "p4" in steps:
        say("    P4: deadline scan and reversibility")
        out["p4"] = scans(build)
    if "p5" in steps:
        say("    P5: ledger walks")
        out["p5"] = ledger_walks(build)
    if "p7" in steps:
        say("    P7: health scores and the daily snapshot")
        out["p7"] = health(build)
    if "p8" in steps:
        say("    P8: the reminders' scan")
        out["p8"] = reminders(build)
    write_json(args.out, out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
