"""Build one workspace of `bench/scale.py` in the database the environment names.

    PACTE_DATA_DIR=… [DATABASE_URL=…] python bench/_scale_build.py --clients N --scale F \
        --seed S --out build.json

The workspace, its members and its API token go through the services. Everything else is
generated per client by `_scale_data` and inserted with bulk_create in large batches, one
transaction per chunk of clients; the ledger is a hash chain built with
`pacte.kernel.ledger`'s own hashing, and the workspace's head and length are set as
`ledger.append` would have left them. The script ends by verifying the whole chain.
"""

from __future__ import annotations

import argparse
import datetime as dt
import time
from contextlib import contextmanager

from _scale_common import (
    BUILDER_VERSION,
    Shape,
    migration_fingerprint,
    say,
    setup_django,
    write_json,
)

OWNER_EMAIL = "owner@scale.example"
OWNER_PASSWORD = "scale-bench-password-2026"
WORKSPACE_NAME = "Agence Échelle"
CHUNK_CLIENTS = 20
LEDGER_BATCH = 10_000
INSERT_BATCH = 2_000


def asset_hook(today: dt.date):
    """The Asset's denormalised columns, as the model computes them when it is written. One
    line per column. Today: the stored R-DEADLINE state (`renewals.deadline_state`), as of
    the build day, as the nightly refresh leaves it on a database in use."""
    from pacte.assets.models import Asset

    if not hasattr(Asset, "set_deadline_state"):
        return None

    def fill(asset) -> None:
        asset.set_deadline_state(as_of=today)

    return fill


@contextmanager
def historical_created_at(models):
    """Let bulk_create keep the `created_at` the story chose (the day of the fact) instead of
    `auto_now_add`'s now: a workspace three years old has rows three years old."""
    touched = [
        f for m in models for f in m._meta.concrete_fields if getattr(f, "auto_now_add", False)
    ]
    for f in touched:
        f.auto_now_add = False
    try:
        yield
    finally:
        for f in touched:
            f.auto_now_add = True


def create_workspace(today: dt.date):
    """The workspace, its owner and three other members, through the services; their ledger
    entries are taken out and replayed at the head of the historical chain."""
    from pacte.kernel.models import LedgerEntry, Member, User, Workspace
    from pacte.kernel.selectors import actor_for_user
    from pacte.kernel.tenancy import Actor
    from pacte.workspace.services import member_add, workspace_create

    workspace = workspace_create(
        name=WORKSPACE_NAME,
        owner_email=OWNER_EMAIL,
        owner_password=OWNER_PASSWORD,
        owner_name="Camille Fournier",
    )
    owner = User.objects.get(email=OWNER_EMAIL)
    actor = actor_for_user(owner, workspace.pk)
    for role, name in (
        ("manager", "Nadia Benali"),
        ("consultant", "Paul Girard"),
        ("viewer", "Léa Roux"),
    ):
        # The operator adds them directly, as `pacte user create` does (members invite).
        member_add(
            actor=Actor.system(workspace),
            email=f"{role}@scale.example",
            role=role,
            password=OWNER_PASSWORD,
            full_name=name,
        )
    entries = LedgerEntry.objects.in_workspace(workspace).order_by("seq")
    opening = [(e.actor, e.action, e.subject_type, e.subject_id, e.payload) for e in entries]
    entries.delete()
    start = dt.datetime.combine(today - dt.timedelta(days=3 * 365), dt.time(6), tzinfo=dt.UTC)
    Workspace.objects.filter(pk=workspace.pk).update(
        ledger_length=0, ledger_head="", created_at=start
    )
    Member.objects.in_workspace(workspace).update(joined_at=start)
    User.objects.filter(memberships__workspace=workspace).update(date_joined=start)
    workspace.refresh_from_db()
    return workspace, owner, actor, opening, start


def first_ids():
    """Primary keys continue after what the services created (none for most models)."""
    from _scale_data import MODELS
    from django.db.models import Max

    start = {}
    for model in MODELS:
        top = model.objects.across_workspaces().aggregate(top=Max("pk"))["top"]
        start[model] = (top or 0) + 1
    return start


def set_last_outbound(rows: dict) -> None:
    """R-SILENCE's stored days, as `exchanges.services.refresh_last_outbound` leaves them:
    the latest outbound exchange about each engagement, and about each client in general.
    A chunk holds whole clients, so its exchanges are all there is about its rows."""
    from pacte.clients.models import Client
    from pacte.engagements.models import Engagement
    from pacte.exchanges.models import Direction, Exchange

    about_engagement: dict = {}
    about_client: dict = {}
    for x in rows[Exchange]:
        if x.direction != Direction.OUTBOUND:
            continue
        latest, key = (
            (about_engagement, x.engagement_id) if x.engagement_id else (about_client, x.client_id)
        )
        if key not in latest or x.occurred_on > latest[key]:
            latest[key] = x.occurred_on
    for e in rows[Engagement]:
        e.last_outbound_on = about_engagement.get(e.pk)
    for c in rows[Client]:
        c.last_general_outbound_on = about_client.get(c.pk)


def insert_rows(rows: dict, counts: dict) -> None:
    from _scale_data import MODELS
    from django.db import transaction

    set_last_outbound(rows)
    with transaction.atomic(), historical_created_at(MODELS):
        for model in MODELS:
            objs = rows[model]
            if objs:
                model.objects.bulk_create(objs, batch_size=INSERT_BATCH)
                counts[model.__name__] = counts.get(model.__name__, 0) + len(objs)


def generate(ctx, ids, clients: int) -> tuple[list, dict]:
    """Every client's story, inserted a chunk of clients at a time; returns the ledger
    events (kept in memory until the chain is built) and the row counts."""
    from _scale_data import MODELS, client_story

    events, counts = [], {}
    started = time.perf_counter()
    for first in range(0, clients, CHUNK_CLIENTS):
        rows = {model: [] for model in MODELS}
        for index in range(first, min(first + CHUNK_CLIENTS, clients)):
            story = client_story(index, ctx, ids)
            for model in MODELS:
                rows[model].extend(story.rows[model])
            events.extend(story.events)
        insert_rows(rows, counts)
        done = min(first + CHUNK_CLIENTS, clients)
        chunks_per_tenth = max(1, clients // CHUNK_CLIENTS // 10)
        if done == clients or (done // CHUNK_CLIENTS) % chunks_per_tenth == 0:
            say(f"  rows: {done}/{clients} clients ({time.perf_counter() - started:.0f} s)")
    return events, counts


def timestamps(events):
    """recorded_at for events sorted by day: spread over the working day, in order."""
    by_day: dict = {}
    for e in events:
        by_day[e.day] = by_day.get(e.day, 0) + 1
    position: dict = {}
    for e in events:
        n = by_day[e.day]
        i = position.get(e.day, 0)
        position[e.day] = i + 1
        step = dt.timedelta(hours=12) / n
        moment = dt.datetime.combine(e.day, dt.time(7), tzinfo=dt.UTC) + step * i
        yield e, moment


def build_chain(workspace, actor_label: str, opening: list, events: list, start) -> int:
    """The ledger as a valid hash chain: the opening entries (workspace created, members
    added) then every event in date order, each hashed by `ledger.entry_hash`."""
    from django.db import transaction

    from pacte.kernel import ledger
    from pacte.kernel.models import LedgerEntry, Workspace

    events.sort(key=lambda e: e.key())
    prev, seq, batch = ledger.GENESIS, 0, []

    def entry(recorded_at, actor, action, subject_type, subject_id, payload):
        nonlocal prev, seq
        seq += 1
        e = LedgerEntry(
            workspace_id=workspace.pk,
            seq=seq,
            recorded_at=recorded_at,
            actor=actor,
            action=action,
            subject_type=subject_type,
            subject_id=subject_id,
            payload=payload,
            prev_hash=prev,
        )
        e.entry_hash = prev = ledger.entry_hash(e)
        return e

    def flush():
        with transaction.atomic():
            LedgerEntry.objects.bulk_create(batch, batch_size=INSERT_BATCH)
        batch.clear()

    for i, (actor, action, subject_type, subject_id, payload) in enumerate(opening):
        batch.append(
            entry(start + dt.timedelta(seconds=i), actor, action, subject_type, subject_id, payload)
        )
    for e, recorded_at in timestamps(events):
        batch.append(
            entry(recorded_at, actor_label, e.action, e.subject_type, e.subject_id, e.payload)
        )
        if len(batch) >= LEDGER_BATCH:
            flush()
            if seq % 200_000 < LEDGER_BATCH:
                say(f"  ledger: {seq:,} entries")
    flush()
    Workspace.objects.filter(pk=workspace.pk).update(ledger_length=seq, ledger_head=prev)
    workspace.refresh_from_db()
    return seq


def reset_sequences() -> None:
    """Primary keys were chosen by the builder: PostgreSQL's sequences must catch up."""
    from _scale_data import MODELS
    from django.core.management.color import no_style
    from django.db import connection

    statements = connection.ops.sequence_reset_sql(no_style(), MODELS)
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def verify(workspace) -> dict:
    """`pacte ledger verify --full`, in process: the whole chain must hold."""
    from pacte.kernel import ledger

    full = getattr(ledger, "verify_full", None)
    name = "ledger.verify_full" if full else "ledger.verify"
    started = time.perf_counter()
    try:
        result = full(workspace) if full else ledger.verify(workspace)
        if full is not None:
            # Leave the incremental checkpoint at the head, as a verified workspace has it.
            ledger.verify(workspace)
    except Exception as exc:  # the application's failure, reported rather than fatal
        return {"function": name, "ok": False, "text": f"raised {exc!r}", "seconds": 0}
    return {
        "function": name,
        "ok": result.ok,
        "text": result.describe(),
        "seconds": time.perf_counter() - started,
    }


def consistency_checks(workspace) -> dict:
    """Rules the services keep, checked over every row: the count of rows breaking each."""
    from django.db.models import DecimalField, F, Q, Sum, Value
    from django.db.models.functions import Coalesce

    from pacte.billing.models import Invoice
    from pacte.decisions.models import Decision, Recommendation
    from pacte.engagements.figures import deposit_secured, with_figures
    from pacte.engagements.models import Engagement, TimeEntry
    from pacte.handoff.models import HandoffStep

    invoices = Invoice.objects.in_workspace(workspace)
    paid = Coalesce(Sum("payments__amount"), Value(0), output_field=DecimalField())
    started = ("active", "on_hold", "closing", "closed")
    latest = dict(
        Decision.objects.in_workspace(workspace)
        .order_by("decided_on", "created_at")
        .values_list("recommendation_id", "decision")
    )

    def wrong_status(pk, status):
        if status == "implemented":
            return latest.get(pk) != "accepted"
        return latest.get(pk, "open") != status

    recommendations = Recommendation.objects.in_workspace(workspace).values_list("pk", "status")
    return {
        "invoice paid_amount = sum of its payments": invoices.annotate(paid=paid)
        .exclude(paid_amount=F("paid"))
        .count(),
        "invoice paid_in_full_on set exactly when paid": invoices.filter(
            Q(paid_amount__gte=F("amount"), paid_in_full_on__isnull=True)
            | Q(paid_amount__lt=F("amount"), paid_in_full_on__isnull=False)
        ).count(),
        "R-DEPOSIT: started engagements have their deposit paid": sum(
            not deposit_secured(e)
            for e in with_figures(
                Engagement.objects.in_workspace(workspace).filter(status__in=started)
            )
        ),
        "R-NO: recommendation status follows the latest decision": sum(
            wrong_status(pk, status) for pk, status in recommendations.iterator()
        ),
        "time entries dated after activation": TimeEntry.objects.in_workspace(workspace)
        .filter(
            Q(engagement__activated_on__isnull=True)
            | Q(worked_on__lt=F("engagement__activated_on"))
        )
        .count(),
        "closed engagements have every handoff step done": HandoffStep.objects.in_workspace(
            workspace
        )
        .filter(plan__engagement__status="closed")
        .exclude(status="done")
        .count(),
        "R-SILENCE: stored last outbound days match the journal": wrong_last_outbound(workspace),
    }


def wrong_last_outbound(workspace) -> int:
    """Engagements and clients whose stored last outbound day is not the journal's."""
    from django.db.models import Max

    from pacte.clients.models import Client
    from pacte.engagements.models import Engagement
    from pacte.exchanges.models import Direction, Exchange

    outbound = (
        Exchange.objects.in_workspace(workspace)
        .filter(direction=Direction.OUTBOUND)
        .order_by()
        .values_list("client_id", "engagement_id")
        .annotate(latest=Max("occurred_on"))
    )
    about_engagement, about_client = {}, {}
    for client_id, engagement_id, latest in outbound.iterator():
        if engagement_id:
            about_engagement[engagement_id] = latest
        else:
            about_client[client_id] = latest
    engagements = Engagement.objects.in_workspace(workspace).values_list("pk", "last_outbound_on")
    clients = Client.objects.in_workspace(workspace).values_list("pk", "last_general_outbound_on")
    return sum(about_engagement.get(pk) != day for pk, day in engagements.iterator()) + sum(
        about_client.get(pk) != day for pk, day in clients.iterator()
    )


def finish_database() -> None:
    """What a database left running for months would have: PostgreSQL's autovacuum has
    analysed the tables; SQLite's WAL is folded into the main file (so it can be copied)."""
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("VACUUM ANALYZE")
        else:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def samples(workspace, clients: int) -> dict:
    """Ids the measurements use: client #1 (present at every size, with the same story) and
    its first active engagement, and spread-out clients and active engagements for the load."""
    from pacte.clients.models import Client
    from pacte.engagements.models import Engagement

    ids = list(Client.objects.in_workspace(workspace).order_by("pk").values_list("pk", flat=True))
    sample_client = ids[1] if len(ids) > 1 else ids[0]
    active = list(
        Engagement.objects.in_workspace(workspace)
        .filter(status="active")
        .order_by("pk")
        .values_list("pk", "client_id")
    )
    engagement = next(pk for pk, client in active if client == sample_client)
    step = max(1, len(active) // 2000)
    return {
        "client_id": sample_client,
        "engagement_id": engagement,
        "clients": ids[:: max(1, len(ids) // 1000)],
        "active_engagements": [[pk, client] for pk, client in active[::step]],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, required=True)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    setup_django()
    from _scale_data import Context, Ids
    from django.utils import timezone

    from pacte.workspace.services import token_create

    shape = Shape.scaled(args.scale)
    today = timezone.localdate()
    started = time.perf_counter()
    workspace, owner, actor, opening, start = create_workspace(today)
    ctx = Context(
        workspace_id=workspace.pk,
        workspace_name=workspace.name,
        owner_id=owner.pk,
        actor_label=actor.label,
        today=today,
        shape=shape,
        seed=args.seed,
        asset_hook=asset_hook(today),
    )
    events, counts = generate(ctx, Ids(first_ids()), args.clients)
    rows_seconds = time.perf_counter() - started
    say(f"  rows inserted in {rows_seconds:.0f} s; chaining {len(events) + len(opening):,} entries")
    counts["LedgerEntry"] = build_chain(workspace, actor.label, opening, events, start)
    del events
    reset_sequences()
    _token, raw = token_create(actor=actor, name="bench/scale.py")
    build_seconds = time.perf_counter() - started
    say(f"  built in {build_seconds:.0f} s; verifying the whole chain")
    verification = verify(workspace)
    checks = consistency_checks(workspace)
    finish_database()
    write_json(
        args.out,
        {
            "builder_version": BUILDER_VERSION,
            "clients": args.clients,
            "scale": args.scale,
            "seed": args.seed,
            "shape": shape.as_dict(),
            "built_on": today.isoformat(),
            "build_seconds": build_seconds,
            "counts": counts,
            "verification": verification,
            "checks": checks,
            "migrations": migration_fingerprint(),
            "workspace_id": workspace.pk,
            "owner_email": OWNER_EMAIL,
            "owner_password": OWNER_PASSWORD,
            "token": raw,
            "samples": samples(workspace, args.clients),
        },
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
