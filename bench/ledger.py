"""Benchmark of the proof ledger: a chain of N entries, its full walk, the incremental check
after one write, and the ledger page.

    .venv/bin/python bench/ledger.py [--entries 1000000] [--appends 1000]

The chain is built with bulk inserts of entries hashed here (a million in about a minute),
then a few appends go through `ledger.append` as the services do. Prints:
- the time per append;
- the full walk in entries per second, in one process and shared between the cores as
  `pacte ledger verify --full` and the nightly walk do (target P5: at least 200,000 at
  1,000,000 entries), with the CPU time it took;
- the incremental check after one write, in ms (target P5: under 50);
- the ledger page and the dashboard: queries and time per view.
Uses a new SQLite database in a temporary folder, or DATABASE_URL when it is set.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta


def _cpu_seconds() -> float:
    """CPU used by this process and its finished children: on a busy machine the wall
    clock says more about the neighbours than about the walk."""
    own, children = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=20000, help="Length of the chain.")
    parser.add_argument(
        "--appends", type=int, default=1000, help="Entries appended through ledger.append."
    )
    args = parser.parse_args()
    if args.entries < 0 or args.appends < 1:
        parser.error("--entries must be 0 or more and --appends at least 1")
    os.environ.setdefault("PACTE_DATA_DIR", tempfile.mkdtemp(prefix="pacte-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pacte.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    call_command("migrate", verbosity=0)
    from pacte.kernel import ledger, tasks
    from pacte.kernel.models import LedgerEntry, User, Workspace
    from pacte.kernel.tenancy import Actor
    from pacte.workspace.services import workspace_create

    owner_email = f"bench-{time.time_ns()}@pacte.example"
    workspace = workspace_create(name=f"Bench {time.time_ns()}", owner_email=owner_email)
    actor = Actor.system(workspace)

    # The chain, built in bulk: each entry hashed as ledger.append would, in batches.
    start = time.perf_counter()
    workspace.refresh_from_db()
    seq, head = workspace.ledger_length, workspace.ledger_head
    moment = datetime.now(UTC) - timedelta(days=365)
    batch = []
    with transaction.atomic():
        for n in range(args.entries):
            seq += 1
            entry = LedgerEntry(
                workspace=workspace,
                seq=seq,
                recorded_at=moment + timedelta(seconds=n * 13, microseconds=n % 997),
                actor="claire@agence.example (owner)",
                action="bench.note",
                subject_type="clients.client",
                subject_id=str(n % 2000 + 1),
                payload={
                    "n": n,
                    "text": "décision du client, « avec ses mots »",
                    "amount": "1200.00",
                    "nested": {"ok": n % 2 == 0, "tags": ["a", "é", "😀"]},
                },
                prev_hash=head,
            )
            entry.entry_hash = ledger.entry_hash(entry)
            head = entry.entry_hash
            batch.append(entry)
            if len(batch) == 5000:
                LedgerEntry.objects.bulk_create(batch)
                batch = []
        LedgerEntry.objects.bulk_create(batch)
        Workspace.objects.filter(pk=workspace.pk).update(ledger_length=seq, ledger_head=head)
    workspace.refresh_from_db()
    print(f"built a chain of {seq} entries in {time.perf_counter() - start:.1f} s")

    start = time.perf_counter()
    with transaction.atomic():
        for n in range(args.appends):
            ledger.append(
                actor=actor,
                action="bench.note",
                payload={"n": n, "text": "décision du client, avec ses mots"},
            )
    appended = time.perf_counter() - start
    print(f"appended {args.appends} entries: {appended / args.appends * 1e6:.0f} µs each")

    processes = tasks.walk_processes()
    for kind, count in (("serial", 1), (f"{processes} processes", processes)):
        cpu_before = _cpu_seconds()
        start = time.perf_counter()
        result = ledger.verify_full(workspace, processes=count)
        elapsed = time.perf_counter() - start
        cpu = _cpu_seconds() - cpu_before
        print(
            f"full walk ({kind}): {result.count} entries in {elapsed:.2f} s = "
            f"{result.count / elapsed:,.0f} entries/s ({result.count / cpu:,.0f} per CPU "
            f"second, {cpu:.2f} s of CPU): {result.describe()}"
        )
        if not result.ok:
            return 1

    timings = []
    for n in range(20):
        ledger.append(actor=actor, action="bench.after", payload={"n": n})
        start = time.perf_counter()
        after = ledger.verify(workspace)
        timings.append((time.perf_counter() - start) * 1000)
        if not after.ok:
            print(after.describe())
            return 1
    print(
        f"incremental check after one write: median {statistics.median(timings):.2f} ms, "
        f"max {max(timings):.2f} ms ({after.describe()})"
    )

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    http = Client()
    http.force_login(User.objects.get(email=owner_email))
    for url in ("/ledger/", "/ledger/?page=2", "/dashboard/"):
        http.get(url)  # warm the session
        ledger.append(actor=actor, action="bench.page", payload={})
        views = []
        for n in range(10):
            if n:
                ledger.append(actor=actor, action="bench.page", payload={"n": n})
            start = time.perf_counter()
            with CaptureQueriesContext(connection) as captured:
                response = http.get(url)
            views.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        print(
            f"{url}: {len(captured)} queries, median {statistics.median(views):.1f} ms "
            f"after one write each"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
