"""Background work: the tasks, the periodic jobs, and what `pacte worker` runs.

Tasks are django-tasks tasks on its database backend (django-tasks-db): a task is a row
queued in Pacte's own database, on SQLite as on PostgreSQL, and `pacte worker` runs them
with django-tasks-db's worker.

django-tasks has no schedule, so the kernel keeps a small one. A periodic job is a task
enqueued without arguments once per due slot: every `every` (slots aligned on midnight UTC),
or daily at `daily_at` in the workspace's time zone (settings.TIME_ZONE, from
PACTE_TIME_ZONE). When a worker scans, each job's latest due slot is claimed by inserting a
`PeriodicRun` row, unique per (job, slot), in the same transaction as the task's row: when
several workers race, or a scan runs again, each slot is enqueued exactly once. A worker that
was stopped for three nights runs the nightly job once, not three times.

An area adds its own periodic job with one registration, from its AppConfig.ready():

    register_periodic(PeriodicJob(name="reminders.digest", task=send_digests,
                                  daily_at=time(8, 0), max_lateness=timedelta(hours=4)))
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.crypto import get_random_string
from django_tasks import task
from django_tasks.base import Task
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from . import idempotency, ledger
from .mail import prune_old_email, requeue_lost_email
from .models import LedgerCheckpoint, PeriodicRun, Workspace
from .panels import Registry
from .permissions import Perm
from .tenancy import Actor
from .throttle import prune_throttle_counters

# Finished task rows and claimed slots are kept this long, then pruned by a daily job.
KEEP_FINISHED = timedelta(days=30)


def walk_processes() -> int:
    """Processes for a full walk: every core, up to 8 (each holds a database connection)."""
    return min(max(os.cpu_count() or 1, 1), 8)


# --- tasks ---------------------------------------------------------------------------------


@task()
def ledger_full_walk(workspace_id: int) -> dict:
    """The whole chain of one workspace, walked and recorded (the ledger page's button)."""
    workspace = Workspace.objects.filter(pk=workspace_id).first()
    if workspace is None:  # deleted since it was queued
        return {"workspace": workspace_id, "ok": None}
    result = ledger.verify_full(workspace, processes=walk_processes())
    return {"workspace": workspace_id, "ok": result.ok, "count": result.count}


@task()
def ledger_full_walk_every_workspace() -> dict:
    """The nightly full walk: finds a change made before the checkpoint, which the
    incremental checks of the pages cannot see."""
    broken = []
    walked = 0
    for workspace in Workspace.objects.order_by("pk"):
        result = ledger.verify_full(workspace, processes=walk_processes())
        walked += 1
        if not result.ok:
            broken.append(workspace.pk)
    return {"workspaces": walked, "broken": broken}


@task()
def prune_finished_tasks() -> dict:
    """Forget finished background tasks and claimed slots after KEEP_FINISHED."""
    before = timezone.now() - KEEP_FINISHED
    results, _ = DBTaskResult.objects.finished().filter(finished_at__lt=before).delete()
    slots, _ = PeriodicRun.objects.filter(slot__lt=before).delete()
    return {"tasks": results, "slots": slots}


@task()
def prune_idempotency_keys() -> dict:
    """Forget API idempotency keys (and the answers kept with them) after 24 hours."""
    return {"keys": idempotency.prune_expired()}


@task()
def refresh_planner_statistics() -> dict:
    """Give SQLite's query planner statistics (ANALYZE, sampled by analysis_limit so that it
    takes seconds on a million rows). Without them SQLite guesses that `workspace = ?`
    selects few rows and may walk a whole workspace through an index that serves an ORDER
    BY rather than sort one client's rows. PostgreSQL's autovacuum keeps its own."""
    if connection.vendor != "sqlite":
        return {"analyzed": False}
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA analysis_limit=1000")
        cursor.execute("ANALYZE")
    return {"analyzed": True}


def ledger_full_walk_request(*, actor: Actor) -> bool:
    """Queue a full walk of the actor's workspace (owners and managers). False when one is
    already queued or running: the result lands on the ledger page either way."""
    actor.require(Perm.LEDGER_VIEW)
    with transaction.atomic():
        LedgerCheckpoint.objects.bulk_create(
            [LedgerCheckpoint(workspace=actor.workspace)], ignore_conflicts=True
        )
        # Lock the row (PostgreSQL; SQLite's IMMEDIATE transaction serialises already):
        # two clicks at once queue one walk.
        checkpoint = LedgerCheckpoint.objects.select_for_update().get(workspace=actor.workspace)
        state = ledger.full_walk_state(
            requested_at=checkpoint.full_requested_at,
            started_at=checkpoint.full_started_at,
            checked_at=checkpoint.full_checked_at,
        )
        if state in {"queued", "running"}:
            return False
        checkpoint.full_requested_at = timezone.now()
        checkpoint.save(update_fields=["full_requested_at"])
        ledger_full_walk.enqueue(actor.workspace.pk)
    return True


# --- the periodic schedule -----------------------------------------------------------------

_EPOCH = datetime(2000, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class PeriodicJob:
    """A task (taking no arguments) enqueued once per slot: every `every`, or daily at
    `daily_at` (wall-clock time in settings.TIME_ZONE). A slot missed by more than
    `max_lateness` (the worker was stopped) is skipped; by default the latest missed slot
    still runs once."""

    name: str
    task: Task
    every: timedelta | None = None
    daily_at: time | None = None
    max_lateness: timedelta | None = None
    # Also enqueued by every `pacte worker --once`, whatever its slot: for an idempotent
    # job whose result people wait for (the reminders' scan).
    on_every_once: bool = False

    def __post_init__(self):
        if (self.every is None) == (self.daily_at is None):
            raise ValueError(f"periodic job {self.name!r}: give either `every` or `daily_at`")
        if self.every is not None and self.every <= timedelta(0):
            raise ValueError(f"periodic job {self.name!r}: `every` must be positive")

    def due_slot(self, now: datetime) -> datetime:
        """The start of the latest slot at or before `now`, in UTC."""
        if self.every is not None:
            return _EPOCH + ((now - _EPOCH) // self.every) * self.every
        zone = ZoneInfo(settings.TIME_ZONE)
        local = now.astimezone(zone)
        slot = datetime.combine(local.date(), self.daily_at, tzinfo=zone)
        if slot > local:
            slot = datetime.combine(local.date() - timedelta(days=1), self.daily_at, tzinfo=zone)
        return slot.astimezone(UTC)


_periodic: Registry[PeriodicJob] = Registry("periodic job")


def register_periodic(job: PeriodicJob) -> PeriodicJob:
    return _periodic.add((job.name,), job)


def periodic_jobs() -> list[PeriodicJob]:
    return _periodic.entries()


register_periodic(
    PeriodicJob(
        name="ledger.full-walk",
        task=ledger_full_walk_every_workspace,
        daily_at=time(3, 0),
    )
)
register_periodic(
    PeriodicJob(
        name="database.statistics",
        task=refresh_planner_statistics,
        daily_at=time(4, 0),
        max_lateness=timedelta(hours=20),
    )
)
# A queued email whose task was lost (a crash) is queued again within minutes.
register_periodic(
    PeriodicJob(
        name="mail.requeue-lost",
        task=requeue_lost_email,
        every=timedelta(minutes=5),
        on_every_once=True,
    )
)
register_periodic(
    PeriodicJob(
        name="mail.prune",
        task=prune_old_email,
        daily_at=time(4, 45),
        max_lateness=timedelta(hours=12),
    )
)
register_periodic(
    PeriodicJob(
        name="tasks.prune",
        task=prune_finished_tasks,
        daily_at=time(4, 30),
        max_lateness=timedelta(hours=12),
    )
)

register_periodic(
    PeriodicJob(
        name="idempotency.prune",
        task=prune_idempotency_keys,
        every=timedelta(hours=1),
    )
)
register_periodic(
    PeriodicJob(
        name="throttle.prune",
        task=prune_throttle_counters,
        every=timedelta(hours=1),
    )
)


def _claim(job: PeriodicJob, slot: datetime) -> bool:
    """Enqueue the job for this slot unless someone already did: the slot's row and the
    task's row are written in one transaction, and the unique (job, slot) decides."""
    try:
        with transaction.atomic():
            run = PeriodicRun.objects.create(job=job.name, slot=slot)
            result = job.task.enqueue()
            run.task_id = str(result.id)[:64]
            run.save(update_fields=["task_id"])
    except IntegrityError:
        return False
    return True


def enqueue_due(now: datetime | None = None, *, once: bool = False) -> list[str]:
    """Enqueue each periodic job whose latest slot is due and not yet enqueued; the names
    of the jobs this call enqueued. With `once` (`pacte worker --once`), the jobs marked
    `on_every_once` are enqueued even when their slot was."""
    now = now or timezone.now()
    enqueued = []
    for job in periodic_jobs():
        if once and job.on_every_once:
            if not _claim(job, job.due_slot(now)):
                job.task.enqueue()
            enqueued.append(job.name)
            continue
        slot = job.due_slot(now)
        if job.max_lateness is not None and now - slot > job.max_lateness:
            continue
        # A read first, so that a scan every few seconds takes no write lock.
        if PeriodicRun.objects.filter(job=job.name, slot=slot).exists():
            continue
        if _claim(job, slot):
            enqueued.append(job.name)
    return enqueued


# --- the worker ----------------------------------------------------------------------------


def new_worker(*, interval: float = 1.0, worker_id: str | None = None) -> Worker:
    """django-tasks-db's worker, in batch mode: each `run()` runs every ready task of every
    queue, then returns (`pacte worker` scans the schedule between two runs)."""
    return Worker(
        queue_names=["*"],
        interval=interval,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=worker_id or f"pacte-{os.getpid()}-{get_random_string(8)}",
        excluded_queue_names=[],
    )


def run_queued(worker: Worker | None = None) -> int:
    """Run every task ready now; how many ran. What `pacte worker --once` and tests use."""
    worker = worker or new_worker(interval=0)
    before = worker._run_tasks
    if connection.in_atomic_block:
        # Inside a caller's transaction (the tests'): the worker's loop closes connections
        # between tasks, which would end it. Its own claim and run steps, one task at a time.
        while worker.running and (
            ready := DBTaskResult.objects.ready().filter(backend_name=worker.backend_name).first()
        ):
            ready.claim(worker.worker_id)
            worker.run_task(ready)
    else:
        worker.run()
    return worker._run_tasks - before
