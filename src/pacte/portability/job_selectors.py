"""The workspace's full exports, as their owners see them (owners only, their workspace only).

Each job comes with `lost` (queued or running, and not heard from for an hour: see
`jobs.is_lost`), which the pages and the API show instead of a progress that never moves."""

from __future__ import annotations

from pathlib import Path

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from pacte.kernel.errors import Conflict, NotFound
from pacte.kernel.permissions import Perm
from pacte.kernel.tenancy import Actor

from .jobs import ACTIVE, KEEP_EXPORTS, export_path, is_lost
from .models import ExportJob


def _scoped(actor: Actor) -> QuerySet:
    actor.require(Perm.WORKSPACE_EXPORT)
    return ExportJob.objects.filter(workspace=actor.workspace).select_related(
        "workspace", "requested_by"
    )


def with_state(job: ExportJob, *, now=None) -> ExportJob:
    """The job, with `lost`, `active` (queued or running and not lost) and `expires_at`
    (when the prune forgets it) set on it."""
    job.lost = is_lost(job, now=now)
    job.active = job.status in ACTIVE and not job.lost
    job.expires_at = job.created_at + KEEP_EXPORTS
    return job


def export_jobs(*, actor: Actor, limit: int | None = 10) -> list[ExportJob] | QuerySet:
    """The latest exports first: a list of `limit` jobs with their state, or, with
    `limit=None`, the queryset itself (the API pages it, see `export_job_state`)."""
    jobs = _scoped(actor).order_by("-created_at", "-id")
    if limit is None:
        return jobs
    now = timezone.now()
    return [with_state(job, now=now) for job in jobs[:limit]]


def export_job_state(job: ExportJob) -> ExportJob:
    """One job of a page of the API's list, with its state."""
    return with_state(job)


def export_job_get(*, actor: Actor, job_id: int) -> ExportJob:
    """One export of the actor's workspace, with its state; NotFound for any other."""
    try:
        job = _scoped(actor).get(pk=job_id)
    except (ExportJob.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None
    return with_state(job)


def export_job_file(*, actor: Actor, job_id: int) -> tuple[ExportJob, Path]:
    """A finished export and its zip: 409 `not_ready` while it is not done (or failed)."""
    job = export_job_get(actor=actor, job_id=job_id)
    path = export_path(job)
    if job.status != ExportJob.Status.DONE or path is None:
        raise Conflict(_("This export is not ready to download."), code="not_ready")
    if not path.is_file():
        raise NotFound(_("This export's file is no longer kept: start a new export."))
    return job, path
