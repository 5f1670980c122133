"""Benchmark of the engagement core's reads at the size of a large agency.

Generates 2,000 clients, 4,000 engagements, 12,000 invoices with payments, 6,000
recommendations and 16,000 exchanges in a fresh SQLite database (or the DATABASE_URL one),
then prints how long the pages' selectors take. A script that prints figures, not a test:

    .venv/bin/python bench/engagement_core.py [--clients 2000]
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
import tracemalloc
from datetime import timedelta
from decimal import Decimal


def setup_django() -> None:
    os.environ.setdefault("PACTE_DATA_DIR", tempfile.mkdtemp(prefix="pacte-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pacte.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def generate(n_clients: int):
    from django.db import transaction
    from django.utils import timezone

    from pacte.billing.models import Invoice, Payment
    from pacte.clients.models import Client
    from pacte.decisions.models import Recommendation
    from pacte.engagements.models import Engagement
    from pacte.exchanges.models import Exchange
    from pacte.workspace.services import workspace_create

    rng = random.Random(42)
    today = timezone.localdate()
    ws = workspace_create(name=f"Bench {time.time_ns()}", owner_email="bench@pacte.example")
    with transaction.atomic():
        clients = Client.objects.bulk_create(
            Client(
                workspace=ws,
                name=f"Client {i:05d}",
                city=rng.choice(["Lyon", "Paris", "Montréal", "Annecy"]),
            )
            for i in range(n_clients)
        )
        statuses = ["active"] * 5 + ["awaiting_deposit", "draft", "on_hold", "closed"]
        engagements = Engagement.objects.bulk_create(
            Engagement(
                workspace=ws,
                client=c,
                title=f"Mission {c.pk}-{k}",
                value=Decimal(10000),
                currency="EUR",
                deposit_percent=Decimal(30),
                status=rng.choice(statuses),
                activated_on=today - timedelta(days=rng.randint(5, 400)),
            )
            for c in clients
            for k in range(2)
        )
        invoices = Invoice.objects.bulk_create(
            Invoice(
                workspace=ws,
                engagement=e,
                kind=kind,
                amount=Decimal(3000),
                currency="EUR",
                issued_on=today - timedelta(days=60),
                due_on=today - timedelta(days=30),
                paid_amount=Decimal(3000) if paid else Decimal(0),
                paid_in_full_on=(today - timedelta(days=rng.randint(0, 60))) if paid else None,
            )
            for e in engagements
            for kind, paid in (
                ("deposit", True),
                ("progress", rng.random() < 0.8),
                ("progress", rng.random() < 0.5),
            )
        )
        Payment.objects.bulk_create(
            Payment(workspace=ws, invoice=i, amount=i.amount, paid_on=i.paid_in_full_on)
            for i in invoices
            if i.paid_in_full_on
        )
        Recommendation.objects.bulk_create(
            Recommendation(
                workspace=ws,
                engagement=e,
                made_on=today,
                title="Conseil",
                status=rng.choice(["open", "accepted", "refused"]),
            )
            for e in engagements
            for _ in range(rng.randint(1, 2))
        )
        exchanges = Exchange.objects.bulk_create(
            Exchange(
                workspace=ws,
                client=e.client,
                engagement=e,
                channel="email",
                direction=rng.choice(["outbound", "inbound"]),
                summary="Point",
                occurred_on=today - timedelta(days=rng.randint(0, 40)),
            )
            for e in engagements
            for _ in range(4)
        )
        # R-SILENCE's stored day, as `exchanges.services.refresh_last_outbound` leaves it
        # (every exchange here names its engagement: no client-wide day to set).
        for x in exchanges:
            if x.direction == "outbound" and (
                x.engagement.last_outbound_on is None
                or x.occurred_on > x.engagement.last_outbound_on
            ):
                x.engagement.last_outbound_on = x.occurred_on
        Engagement.objects.across_workspaces().bulk_update(
            engagements, ["last_outbound_on"], batch_size=1000
        )
    return ws, clients, engagements


def timed(label: str, fn, repeat: int = 3):
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    best = float("inf")
    for _ in range(repeat):
        reset_queries()
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            result = fn()
            best = min(best, time.perf_counter() - start)
    print(f"{label:<48} {best * 1000:8.1f} ms  {len(captured):3d} queries")
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=2000)
    args = parser.parse_args()
    setup_django()
    from django.core.paginator import Paginator

    from pacte.clients.selectors import client_list
    from pacte.clients.timeline import client_timeline
    from pacte.engagements.selectors import engagement_get
    from pacte.exchanges.selectors import silent_engagements
    from pacte.kernel.panels import build_panels
    from pacte.kernel.tenancy import Actor

    start = time.perf_counter()
    ws, clients, engagements = generate(args.clients)
    print(
        f"generated {len(clients)} clients, {len(engagements)} engagements "
        f"in {time.perf_counter() - start:.1f} s"
    )
    actor = Actor.system(ws)
    timed(
        "client list, first page of 25 (with count)",
        lambda: list(Paginator(client_list(actor=actor), 25).get_page(1)),
    )
    timed(
        "client list, search 'Client 01'",
        lambda: list(Paginator(client_list(actor=actor, query="Client 01"), 25).get_page(1)),
    )
    timed(
        "client list, filter late payers",
        lambda: list(Paginator(client_list(actor=actor, status="late_payer"), 25).get_page(1)),
    )
    silent = timed("R-SILENCE: every silent engagement", lambda: silent_engagements(actor=actor))
    timed("R-SILENCE: the dashboard's first 8", lambda: silent_engagements(actor=actor, limit=8))
    timed("dashboard: every panel", lambda: build_panels("dashboard", actor=actor))
    middle = engagements[len(engagements) // 2].pk
    timed(
        "engagement page: every panel",
        lambda: build_panels(
            "engagement", actor=actor, obj=engagement_get(actor=actor, engagement_id=middle)
        ),
    )
    timed("client page timeline", lambda: client_timeline(actor=actor, client=clients[7]))
    # Memory is measured apart: tracemalloc slows Python down several times over.
    tracemalloc.start()
    client_list(actor=actor)[:25]
    build_panels("dashboard", actor=actor)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        f"silent engagements found: {len(silent)}; peak Python memory of the dashboard's "
        f"reads {peak / 2**20:.1f} MiB"
    )
    return 0


if __name__ == "__main__":
    sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "src"))
    sys.exit(main())
