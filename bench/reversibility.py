"""Benchmark of reversibility at agency scale: 100,000 assets across 2,000 clients.

Prints the time to list every deadline in the next 90 days (R-DEADLINE) and the time to
compute every client's reversibility score (R-OWN): target P4 of issue 9, under 0.5 s each
on SQLite. Also the reads of R-DEADLINE that pages and the API make (the dashboard's
warnings, a page of the API, the deadlines page's month counts and one month's rows), which
must not grow with the workspace.

    .venv/bin/python bench/reversibility.py [--clients 2000] [--assets 100000]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import tempfile
import time
import tracemalloc


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=2000)
    parser.add_argument("--assets", type=int, default=100_000)
    args = parser.parse_args()
    os.environ.setdefault("PACTE_DATA_DIR", tempfile.mkdtemp(prefix="pacte-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pacte.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    call_command("migrate", verbosity=0)
    from pacte.assets.models import ActionLogEntry, Asset, AssetKind
    from pacte.assets.selectors import workspace_reversibility
    from pacte.clients.models import Client
    from pacte.deadlines.deadlines import stale
    from pacte.deadlines.months import MISSED
    from pacte.deadlines.selectors import (
        deadline_list,
        deadline_list_page,
        deadline_months,
        deadline_warnings,
    )
    from pacte.engagements.models import Engagement
    from pacte.kernel.tenancy import Actor
    from pacte.workspace.services import workspace_create

    rng = random.Random(7)
    today = timezone.localdate()
    start = time.perf_counter()
    ws = workspace_create(name=f"Bench {time.time_ns()}", owner_email="b@pacte.example")
    kinds = list(AssetKind.values)
    with transaction.atomic():
        clients = Client.objects.bulk_create(
            Client(workspace=ws, name=f"Client {i:05d}") for i in range(args.clients)
        )
        Engagement.objects.bulk_create(
            Engagement(
                workspace=ws,
                client=c,
                title="Mission",
                value=1000,
                currency="EUR",
                deposit_percent=30,
                status=rng.choice(["active", "closed"]),
            )
            for c in clients
        )
        assets = Asset.objects.bulk_create(
            (
                Asset(
                    workspace=ws,
                    client=clients[i % len(clients)],
                    kind=rng.choice(kinds),
                    identifier=f"asset-{i}",
                    legal_owner=rng.choice(["client"] * 3 + ["us"]),
                    payer=rng.choice(["client", "us"]),
                    client_has_admin=rng.random() < 0.8,
                    we_have_admin=rng.random() < 0.4,
                    licence=rng.choice(["", "client_name", "our_name", "free"]),
                    renewal_date=today + dt.timedelta(days=rng.randint(-400, 400))
                    if rng.random() < 0.7
                    else None,
                    renewal_period=rng.choice(["monthly", "yearly", "once"]),
                    auto_renew=rng.random() < 0.6,
                    notice_days=rng.choice([0, 15, 30, 60, 90]),
                )
                for i in range(args.assets)
            ),
            batch_size=5000,
        )
        ActionLogEntry.objects.bulk_create(
            (
                ActionLogEntry(
                    workspace=ws, client_id=a.client_id, asset=a, done_on=today, what="Réglage"
                )
                for a in assets[::3]
            ),
            batch_size=5000,
        )
    print(
        f"generated {args.clients} clients, {args.assets} assets in "
        f"{time.perf_counter() - start:.1f} s"
    )
    actor = Actor.system(ws)

    def timed(label, fn):
        best, result, queries = float("inf"), None, 0
        for _ in range(3):
            with CaptureQueriesContext(connection) as captured:
                t = time.perf_counter()
                result = fn()
                best = min(best, time.perf_counter() - t)
            queries = len(captured)
        print(f"{label:<52} {best * 1000:8.0f} ms  {queries} queries")
        return result

    stale_rows = Asset.objects.in_workspace(ws).filter(stale(today)).count()
    print(f"assets whose stored deadline state is stale today: {stale_rows}")
    deadlines = timed(
        "every deadline in the next 90 days (R-DEADLINE)",
        lambda: deadline_list(actor=actor, within_days=90),
    )
    warnings = timed(
        "dashboard: deadline warnings (top 8, count)", lambda: deadline_warnings(actor=actor)
    )
    api_page = timed(
        "API: a page of 50 deadlines within 30 days, offset 1000",
        lambda: deadline_list_page(actor=actor, within_days=30, offset=1000, limit=50),
    )
    calendar = timed(
        "deadlines page: counts of the 12 months",
        lambda: deadline_months(actor=actor, today=today),
    )
    next_month = (today.replace(day=1) + dt.timedelta(days=40)).replace(day=1)
    timed(
        "deadlines page: 100 rows of next month, page 3",
        lambda: calendar.rows(next_month)[200:300],
    )
    timed("deadlines page: 100 missed rows, page 2", lambda: calendar.rows(MISSED)[100:200])
    print(
        f"dashboard: {len(warnings.shown)} of {warnings.count} warnings; API: "
        f"{len(api_page.items)} of {api_page.count}; next month "
        f"{calendar.buckets()[next_month].count} dates, missed {calendar.buckets()[MISSED].count}"
    )
    scores = timed(
        "every client's reversibility score (R-OWN)", lambda: workspace_reversibility(actor=actor)
    )
    tracemalloc.start()
    workspace_reversibility(actor=actor)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    missed = sum(d.missed for d in deadlines)
    average = sum(r.score for r in scores.values()) / len(scores)
    print(
        f"{len(deadlines)} deadlines ({missed} missed); {len(scores)} scores, average "
        f"{average:.0f} %; peak Python memory of the scores {peak / 2**20:.0f} MiB"
    )
    return 0


if __name__ == "__main__":
    sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "src"))
    sys.exit(main())
