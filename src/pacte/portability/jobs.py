"""A full export run by the worker: an owner asks for it (the settings page, the API), the
worker writes the zip into the install's data folder, and the owner downloads it for a week.

The zip is written to `<job id>.part` beside its final place and renamed once complete, so a
file named `.zip` is always whole. A job that fails removes what it wrote. A worker killed
mid-export cannot say so: a job not heard from for LOST_AFTER (no row counted, nothing
written) is shown as lost, and the next request of an export marks it failed and starts
anew. A periodic job forgets the exports, files and rows, after KEEP_EXPORTS.
"""

from __future__ import annotations

import hashlib
import logging
import os
import secrets
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from time import monotonic, sleep

from django.conf import settings
from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tasks import task

from pacte.kernel.errors import Conflict, DomainError, PermissionDenied
from pacte.kernel.models import Member, Workspace
from pacte.kernel.permissions import Perm
from pacte.kernel.tasks import PeriodicJob, register_periodic
from pacte.kernel.tenancy import Actor

from . import services
from .models import ExportJob

logger = logging.getLogger(__name__)

Status = ExportJob.Status
ACTIVE = (Status.QUEUED, Status.RUNNING)

# A job not heard from for this long (still queued: no worker took it; running: no progress)
# is lost, and another export may start.
LOST_AFTER = timedelta(hours=1)
# Exports, files and rows, are kept this long, then pruned.
KEEP_EXPORTS = timedelta(days=7)
# The job's row is written at most this often while the rows are counted: an export of a
# million rows makes a few hundred small updates, not a million.
PROGRESS_INTERVAL = 1.0  # seconds
# The error kept on a failed job is shown on the settings page: a line, not a traceback.
ERROR_LENGTH = 300
HASH_CHUNK = 1024 * 1024

LOST_ERROR = gettext_lazy("The export stopped without finishing (the worker was stopped?).")


# --- where the files live ------------------------------------------------------------------


def exports_root() -> Path:
    """The install's exports folder: `<PACTE_DATA_DIR>/exports`, one folder per workspace."""
    return Path(settings.DATA_DIR) / "exports"


def part_path(job: ExportJob) -> Path:
    """Where the zip is written until it is complete."""
    return exports_root() / str(job.workspace_id) / f"{job.pk}.part"


def export_path(job: ExportJob) -> Path | None:
    """The finished zip, or None while there is none."""
    if not job.file_name:
        return None
    return exports_root() / job.file_name


def is_lost(job: ExportJob, *, now=None) -> bool:
    """Queued or running, and not heard from for LOST_AFTER: its worker is gone. A running
    job is heard from through its part file, touched at each progress write."""
    now = now or timezone.now()
    if job.status == Status.QUEUED:
        return job.created_at < now - LOST_AFTER
    if job.status != Status.RUNNING:
        return False
    last = job.started_at or job.created_at
    try:
        touched = os.stat(part_path(job)).st_mtime
    except OSError:
        touched = None
    if touched is not None:
        last = max(last, datetime.fromtimestamp(touched, tz=UTC))
    return last < now - LOST_AFTER


def download_name(job: ExportJob) -> str:
    """`pacte-<workspace>-<day>.zip`, the day the export was made."""
    day = timezone.localdate(job.finished_at or job.created_at)
    return f"pacte-{workspace_slug(job.workspace)}-{day.isoformat()}.zip"


def workspace_slug(workspace: Workspace) -> str:
    return slugify(workspace.name) or f"workspace-{workspace.pk}"


# --- the service ---------------------------------------------------------------------------


def export_job_start(*, actor: Actor) -> ExportJob:
    """Ask the worker for a full export of the actor's workspace (owners). One at a time: 409
    `export_running` while one is queued or running; a lost one is marked failed and
    replaced."""
    actor.require(Perm.WORKSPACE_EXPORT)
    with transaction.atomic():
        # The workspace's row, locked (PostgreSQL; SQLite's write transaction serialises
        # already): two clicks at once start one export.
        list(Workspace.objects.select_for_update().filter(pk=actor.workspace.pk).values_list("pk"))
        now = timezone.now()
        under_way = list(ExportJob.objects.filter(workspace=actor.workspace, status__in=ACTIVE))
        if any(not is_lost(job, now=now) for job in under_way):
            raise Conflict(
                _("An export of the workspace is already under way: wait until it is ready."),
                code="export_running",
            )
        if under_way:
            # Only while still under way: a worker that finished meanwhile keeps its zip.
            ExportJob.objects.filter(
                workspace=actor.workspace, pk__in=[job.pk for job in under_way], status__in=ACTIVE
            ).update(status=Status.FAILED, finished_at=now, error=str(LOST_ERROR))
        job = ExportJob.objects.create(workspace=actor.workspace, requested_by=actor.user)
        # The task's row commits with the job's (the database backend): no job without its
        # task, no task without its job.
        result = run_export_job.enqueue(job.pk)
        job.task_id = str(result.id)[:64]
        job.save(update_fields=["task_id"])
    return job


# --- the task ------------------------------------------------------------------------------


class ProgressWriter:
    """The export's progress callback: keeps the latest count, and writes it to the job's
    row (and touches the part file, the job's sign of life) at most every
    PROGRESS_INTERVAL seconds, the first count at once."""

    def __init__(self, job: ExportJob, part: Path):
        self.job = job
        self.part = part
        self.done = 0
        self.total = 0
        self.written_at: float | None = None

    def __call__(self, done: int, total: int) -> None:
        self.done, self.total = done, total
        now = monotonic()
        if self.written_at is not None and now - self.written_at < PROGRESS_INTERVAL:
            return
        self.written_at = now
        try:
            ExportJob.objects.filter(
                workspace=self.job.workspace, pk=self.job.pk, status=Status.RUNNING
            ).update(progress_done=done, progress_total=total)
        except DatabaseError as exc:
            # The bar is only a bar: a busy database (SQLite's lock held by an import)
            # must not fail the export. The next write catches up.
            logger.warning("Export job %s: progress not written (%s)", self.job.pk, exc)
        if self.part.exists():
            os.utime(self.part)


def requester_actor(job: ExportJob) -> Actor:
    """The owner who asked, as they are now: the export runs with their rights, and fails
    when they are no longer an owner of the workspace."""
    member = (
        Member.objects.filter(workspace=job.workspace, user_id=job.requested_by_id)
        .select_related("user")
        .first()
        if job.requested_by_id
        else None
    )
    actor = member and Actor(workspace=job.workspace, role=member.role, user=member.user)
    if actor is None or not member.user.is_active or not actor.can(Perm.WORKSPACE_EXPORT):
        raise PermissionDenied(
            _("The person who asked for the export is no longer an owner of the workspace.")
        )
    return actor


def file_digest(path: Path) -> tuple[int, str]:
    """(size, SHA-256 in hex) of a file, read in chunks."""
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as handle:
        while chunk := handle.read(HASH_CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return size, digest.hexdigest()


def failure_text(exc: Exception) -> str:
    """What the owner reads of a failure: a refusal's own words, else the kind of error and
    its first line (the traceback goes to the log)."""
    if isinstance(exc, DomainError):
        text = exc.detail
    else:
        first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
        text = f"{type(exc).__name__}: {first_line}" if first_line else type(exc).__name__
    return text[:ERROR_LENGTH]


@task()
def run_export_job(job_id: int) -> dict:
    """Write the export of one job. Marks the job running, then done with the file's size and
    SHA-256, or failed with a short error and no file left behind."""
    # A task names its job alone: the one read of a job by its id across workspaces.
    job = (
        ExportJob.objects.across_workspaces().select_related("workspace").filter(pk=job_id).first()
    )
    if job is None:  # pruned, or its workspace deleted, since it was queued
        return {"job": job_id, "status": "skipped"}
    ours = ExportJob.objects.in_workspace(job.workspace).filter(pk=job_id)
    started = ours.filter(status=Status.QUEUED).update(
        status=Status.RUNNING, started_at=timezone.now()
    )
    if not started:  # marked lost and replaced since it was queued
        return {"job": job_id, "status": "skipped"}
    part = part_path(job)
    final: Path | None = None
    progress = ProgressWriter(job, part)
    try:
        actor = requester_actor(job)
        part.parent.mkdir(parents=True, exist_ok=True)
        with part.open("wb") as out:
            services.workspace_export(actor=actor, out=out, progress=progress)
        size, sha256 = file_digest(part)
        file_name = f"{job.workspace_id}/{secrets.token_urlsafe(18)}.zip"
        final = exports_root() / file_name
        os.replace(part, final)
        finished = ours.filter(status=Status.RUNNING).update(
            status=Status.DONE,
            finished_at=timezone.now(),
            file_name=file_name,
            size=size,
            sha256=sha256,
            progress_done=progress.total or progress.done,
            progress_total=progress.total,
        )
        if not finished:  # marked lost meanwhile: nobody will download this one
            final.unlink(missing_ok=True)
            return {"job": job_id, "status": "abandoned"}
    except BaseException as exc:
        # Whatever stopped it (an error, or the worker stopping: SIGTERM, Ctrl+C), no file
        # is left behind and the job does not stay "running" for the next hour.
        logger.exception("Export job %s failed", job_id)
        part.unlink(missing_ok=True)
        if final is not None:
            final.unlink(missing_ok=True)
        _mark_failed(ours, failure_text(exc))
        if not isinstance(exc, Exception):
            raise
        return {"job": job_id, "status": "failed"}
    return {"job": job_id, "status": "done", "size": size}


def _mark_failed(ours, error: str) -> None:
    """The job failed: said with retries, since a database busy at that very moment would
    leave it "running" (and block the next export) for an hour."""
    for attempt in range(5):
        try:
            ours.filter(status=Status.RUNNING).update(
                status=Status.FAILED, finished_at=timezone.now(), error=error
            )
            return
        except DatabaseError as exc:
            logger.warning("Export job: failure not recorded yet (%s)", exc)
            sleep(0.5 * (attempt + 1))


@task()
def prune_exports() -> dict:
    """Forget the exports made more than KEEP_EXPORTS ago: their zips and their rows, and any
    file of the exports folder as old (a part file left by a worker that was killed)."""
    before = timezone.now() - KEEP_EXPORTS
    # Every workspace's, by nature.
    old = (
        ExportJob.objects.across_workspaces()
        .filter(created_at__lt=before)
        .exclude(status__in=ACTIVE)  # a job still under way keeps its part file
    )
    files = 0
    for job in old.only("pk", "workspace_id", "file_name"):
        for path in (export_path(job), part_path(job)):
            if path is not None and path.exists():
                path.unlink(missing_ok=True)
                files += 1
    jobs, _deleted = old.delete()
    cutoff = before.timestamp()
    root = exports_root()
    if root.is_dir():
        for path in root.glob("*/*"):
            if path.is_file() and path.stat().st_mtime < cutoff:
                path.unlink(missing_ok=True)
                files += 1
    return {"jobs": jobs, "files": files}


PRUNE_JOB = PeriodicJob(
    name="exports.prune",
    task=prune_exports,
    daily_at=time(4, 15),
    max_lateness=timedelta(hours=12),
)


def register() -> None:
    register_periodic(PRUNE_JOB)
