"""Time every list of the REST API, and the pages built on lists, at two workspace sizes with
the same data per client.

Builds a workspace of N clients (each with 2 contacts, 2 engagements, 6 invoices, 3
recommendations, a refusal, 8 exchanges, 2 change requests, 2 risks, 5 assets, 2 actions and
a takeover item) in a fresh SQLite database (or the DATABASE_URL one), then calls each list
with a bearer token through Django's test client, `limit=50`, and each page (dashboard, client
list, client and engagement pages) signed in as the owner, and prints the median and p95 in
ms, the queries per call, and the p95 ratio between the two sizes. A script that prints
figures, not a test:

    .venv/bin/python bench/api_lists.py [--clients 30 2000] [--repeat 30] [--explain]
        [--what api pages]

`--explain` prints SQLite's plan of every query of every list at the largest size (look for
"USE TEMP B-TREE" and "SCAN" of a whole table).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from decimal import Decimal


def setup_django() -> None:
    os.environ.setdefault("PACTE_DATA_DIR", tempfile.mkdtemp(prefix="pacte-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pacte.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    # The test client's host; the bench never listens on a port.
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    call_command("migrate", verbosity=0)


def generate(n_clients: int):
    """A workspace of `n_clients` clients, every client with the same rows (bulk inserts)."""
    from django.db import transaction
    from django.utils import timezone

    from pacte.assets.models import ActionLogEntry, Asset
    from pacte.billing.models import Invoice, Payment
    from pacte.clients.models import Client, Contact
    from pacte.decisions.models import Decision, Recommendation
    from pacte.engagements.models import ChangeRequest, Engagement
    from pacte.exchanges.models import Exchange
    from pacte.handoff.models import TakeoverItem
    from pacte.risks.models import Risk
    from pacte.workspace.services import workspace_create

    today = timezone.localdate()
    owner_email = f"bench-{n_clients}-{time.time_ns()}@pacte.example"
    ws = workspace_create(name=f"Bench {n_clients} {time.time_ns()}", owner_email=owner_email)
    statuses = ["active", "active", "awaiting_deposit", "draft", "on_hold", "closed"]
    with transaction.atomic():
        clients = Client.objects.bulk_create(
            Client(workspace=ws, name=f"Client {i:05d}", city=("Lyon", "Paris", "Annecy")[i % 3])
            for i in range(n_clients)
        )
        Contact.objects.bulk_create(
            Contact(workspace=ws, client=c, full_name=f"{name} {c.pk}", email="x@example.org")
            for c in clients
            for name in ("Alice", "Bruno")
        )
        engagements = Engagement.objects.bulk_create(
            Engagement(
                workspace=ws,
                client=c,
                title=f"Mission {c.pk}-{k}",
                value=Decimal(10000),
                currency="EUR",
                deposit_percent=Decimal(30),
                status=statuses[(i * 2 + k) % len(statuses)],
                activated_on=today - timedelta(days=5 + (i * 7 + k) % 300),
            )
            for i, c in enumerate(clients)
            for k in range(2)
        )
        invoices = Invoice.objects.bulk_create(
            Invoice(
                workspace=ws,
                engagement=e,
                kind=kind,
                amount=Decimal(3000),
                currency="EUR",
                issued_on=today - timedelta(days=60 - j * 10 + i % 20),
                due_on=today - timedelta(days=30 - j * 10 + i % 20),
                paid_amount=Decimal(3000) if paid else Decimal(0),
                paid_in_full_on=(today - timedelta(days=i % 50)) if paid else None,
            )
            for i, e in enumerate(engagements)
            for j, (kind, paid) in enumerate(
                (("deposit", True), ("progress", i % 5 != 0), ("progress", i % 2 == 0))
            )
        )
        Payment.objects.bulk_create(
            Payment(workspace=ws, invoice=inv, amount=inv.amount, paid_on=inv.paid_in_full_on)
            for inv in invoices
            if inv.paid_in_full_on
        )
        recommendations = Recommendation.objects.bulk_create(
            Recommendation(
                workspace=ws,
                engagement=e,
                made_on=today - timedelta(days=(i + r) % 90),
                title="Conseil",
                status=("open", "accepted", "refused")[(i + r) % 3],
            )
            for i, e in enumerate(engagements)
            for r in range(1 + i % 2)
        )
        Decision.objects.bulk_create(
            Decision(
                workspace=ws,
                recommendation=r,
                decision=r.status,
                decided_by="Alice",
                decided_on=r.made_on,
            )
            for r in recommendations
            if r.status != "open"
        )
        Exchange.objects.bulk_create(
            Exchange(
                workspace=ws,
                client=e.client,
                engagement=e,
                channel="email",
                direction=("outbound", "inbound")[(i + x) % 2],
                summary="Point",
                occurred_on=today - timedelta(days=(i * 3 + x * 11) % 60),
            )
            for i, e in enumerate(engagements)
            for x in range(4)
        )
        ChangeRequest.objects.bulk_create(
            ChangeRequest(
                workspace=ws,
                engagement=e,
                requested_on=today - timedelta(days=i % 30),
                title="Une page de plus",
            )
            for i, e in enumerate(engagements)
        )
        Risk.objects.bulk_create(
            Risk(workspace=ws, engagement=e, description="Retard", announced_on=today)
            for e in engagements
        )
        assets = Asset.objects.bulk_create(
            Asset(
                workspace=ws,
                client=c,
                kind=kind,
                identifier=f"{kind}-{c.pk}.example",
                renewal_date=today + timedelta(days=(c.pk * 13) % 365),
            )
            for c in clients
            for kind in ("domain", "hosting", "dns", "crm", "analytics")
        )
        ActionLogEntry.objects.bulk_create(
            ActionLogEntry(
                workspace=ws,
                client=a.client,
                asset=a,
                done_on=today - timedelta(days=a.pk % 40),
                what="Renouvellement",
            )
            for a in assets[::5] + assets[1::5]
        )
        TakeoverItem.objects.bulk_create(
            TakeoverItem(workspace=ws, client=c, kind="domain", what="Le domaine") for c in clients
        )
    return owner_email, clients, engagements


def endpoints(client_id: int, engagement_id: int) -> list[str]:
    return [
        "/api/v1/clients",
        f"/api/v1/clients/{client_id}/contacts",
        "/api/v1/engagements",
        "/api/v1/engagements?status=active",
        f"/api/v1/engagements?client_id={client_id}",
        f"/api/v1/change-requests?engagement_id={engagement_id}",
        "/api/v1/invoices",
        f"/api/v1/invoices?engagement_id={engagement_id}",
        "/api/v1/recommendations",
        f"/api/v1/clients/{client_id}/refusals",
        "/api/v1/exchanges",
        f"/api/v1/exchanges?client_id={client_id}",
        "/api/v1/silent-engagements",
        f"/api/v1/risks?engagement_id={engagement_id}",
        "/api/v1/assets",
        "/api/v1/actions",
        f"/api/v1/clients/{client_id}/takeover",
        "/api/v1/members",
    ]


def pages(client_id: int, engagement_id: int) -> list[str]:
    return [
        "/dashboard/",
        "/clients/",
        "/clients/?page=40",
        "/clients/?status=silent",
        "/clients/?status=late_payer",
        "/clients/?q=Client%2001",
        f"/clients/{client_id}/",
        f"/engagements/{engagement_id}/",
    ]


def with_limit(url: str, limit: int) -> str:
    if not url.startswith("/api/"):
        return url
    return f"{url}{'&' if '?' in url else '?'}limit={limit}"


def measure(
    n_clients: int, repeat: int, limit: int, explain: bool, what, analyze: bool
) -> dict[str, tuple]:
    from django.db import connection
    from django.test import Client as HttpClient
    from django.test.utils import CaptureQueriesContext

    from pacte.kernel.models import User
    from pacte.kernel.selectors import actor_for_user
    from pacte.workspace.services import token_create

    start = time.perf_counter()
    owner_email, clients, engagements = generate(n_clients)
    print(f"\n{n_clients} clients generated in {time.perf_counter() - start:.1f} s")
    if analyze:
        # The planner's statistics, as ANALYZE (or PRAGMA optimize) leaves them.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    owner = actor_for_user(User.objects.get(email=owner_email))
    _token, raw = token_create(actor=owner, name="bench")
    api = HttpClient(headers={"Authorization": f"Bearer {raw}"}, raise_request_exception=False)
    web = HttpClient(headers={"Accept-Language": "en"}, raise_request_exception=False)
    web.force_login(owner.user)
    middle = clients[len(clients) // 2]
    engagement = engagements[len(engagements) // 2]
    figures = {}
    urls = endpoints(middle.pk, engagement.pk) if "api" in what else []
    urls += pages(middle.pk, engagement.pk) if "pages" in what else []
    for url in urls:
        http = api if url.startswith("/api/") else web
        full = with_limit(url, limit)
        response = http.get(full)
        if response.status_code != 200:
            print(f"{full}: {response.status_code}, not measured")
            continue
        times, cpu = [], []
        for _ in range(repeat):
            with CaptureQueriesContext(connection) as captured:
                t0, c0 = time.perf_counter(), time.process_time()
                http.get(full)
                times.append(time.perf_counter() - t0)
                cpu.append(time.process_time() - c0)
        times.sort()
        p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
        figures[url] = (
            statistics.median(times) * 1000,
            p95 * 1000,
            statistics.median(cpu) * 1000,
            len(captured),
        )
        if explain and connection.vendor == "sqlite":
            print(f"\n--- {full}")
            for query in captured:
                sql = query["sql"]
                if sql.startswith(("SAVEPOINT", "RELEASE", "UPDATE", "INSERT", "DELETE")):
                    continue
                if any(t in sql[:200] for t in ('"django_session"', '"core_apitoken"')):
                    continue  # the session and the token: not a list's
                print(f"  {sql[:300]}")
                with connection.cursor() as cursor:
                    cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
                    for row in cursor.fetchall():
                        print(f"      {row[-1]}")
    return figures


def label(url: str) -> str:
    # Path ids differ between the two sizes: name the endpoint by its shape.
    parts = ["{id}" if p.isdigit() else p for p in url.replace("/api/v1", "").split("/")]
    shape = "/".join(parts)
    if "=" in shape:
        key, value = shape.split("=", 1)
        shape = f"{key}={'{id}' if value.isdigit() else value}"
    return shape


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, nargs="+", default=[30, 2000])
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--limit", type=int, default=50)
    parser.add_argument("--explain", action="store_true")
    parser.add_argument("--analyze", action="store_true", help="run ANALYZE after generating")
    parser.add_argument(
        "--what",
        nargs="+",
        choices=["api", "pages"],
        default=["api", "pages"],
        help="the API's lists, the web pages built on them (dashboard, client list, ...)",
    )
    args = parser.parse_args()
    setup_django()
    sizes = sorted(args.clients)
    results = {
        n: measure(
            n, args.repeat, args.limit, args.explain and n == sizes[-1], args.what, args.analyze
        )
        for n in sizes
    }
    print(
        f"\nlimit={args.limit}, {args.repeat} calls each: wall-clock median and p95, CPU median "
        "(ms; CPU time is steadier on a busy machine), queries per call"
    )
    header = f"{'':<40}" + "".join(f"{f'{n} clients':^31}" for n in sizes)
    columns = f"{'':<40}" + f"{'median':>8} {'p95':>7} {'cpu':>7} {'q':>3}" * len(sizes)
    if len(sizes) > 1:
        header += f"{'ratio, largest / smallest':>26}"
        columns += f"{'p95':>9} {'cpu':>7}"
    print(header)
    print(columns)
    for url in results[sizes[0]]:
        line = f"{label(url):<40}"
        found = [next((u for u in results[n] if label(u) == label(url)), None) for n in sizes]
        if None in found:
            continue
        for n, key in zip(sizes, found, strict=True):
            median, p95, cpu, queries = results[n][key]
            line += f"{median:8.1f} {p95:7.1f} {cpu:7.1f} {queries:3d}"
        if len(sizes) > 1:
            first = next(v for u, v in results[sizes[0]].items() if label(u) == label(url))
            last = next(v for u, v in results[sizes[-1]].items() if label(u) == label(url))
            line += f"{last[1] / first[1]:8.2f}× {last[2] / first[2]:7.2f}×"
        print(line)
    return 0


if __name__ == "__main__":
    sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "src"))
    sys.exit(main())
