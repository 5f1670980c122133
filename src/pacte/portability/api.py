"""Full exports in the API (owners): ask for one, follow its progress, download the zip."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from django.urls import reverse
from ninja import Router, Schema, Status
from pydantic import Field

from pacte.kernel.pagination import mapped, paginated

from . import job_selectors
from .jobs import KEEP_EXPORTS, export_job_start
from .models import ExportJob
from .views import export_file_response

router = Router(tags=["exports"])

JobId = Annotated[int, Field(ge=1, le=2**63 - 1)]
_ERROR = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}

LIFECYCLE = (
    "An export is `queued`, then `running` (`progress_done` of `progress_total` rows "
    "written), then `done` (download it at `download_url`) or `failed` (`error` says why). "
    "`lost` is true for a job queued or running that was not heard from for an hour (its "
    "worker stopped): a new export may then start. The zip holds every record as JSON Lines, "
    "CSV files, the attachments, the proof ledger and `manifest.json`; `pacte import` reads "
    f"it. Exports are kept {KEEP_EXPORTS.days} days. Owners only."
)


class ExportJobOut(Schema):
    id: int
    # queued → running → done, or failed.
    status: str
    lost: bool
    progress_done: int
    progress_total: int
    created_at: dt.datetime
    started_at: dt.datetime | None
    finished_at: dt.datetime | None
    requested_by: str | None
    # Of the zip, once done (0 and "" before).
    size: int
    sha256: str
    error: str
    download_url: str | None


def export_job_out(job: ExportJob) -> dict:
    """A job read by a selector (with its state) as the API shows it."""
    done = job.status == ExportJob.Status.DONE
    return {
        "id": job.pk,
        "status": job.status,
        "lost": job.lost,
        "progress_done": job.progress_done,
        "progress_total": job.progress_total,
        "created_at": job.created_at,
        "started_at": job.started_at,
        "finished_at": job.finished_at,
        "requested_by": job.requested_by.email if job.requested_by else None,
        "size": job.size,
        "sha256": job.sha256,
        "error": job.error,
        "download_url": reverse("api:export_download", args=[job.pk]) if done else None,
    }


@router.post(
    "/exports",
    response={202: ExportJobOut},
    summary="Start a full export of the workspace",
    description="The export is written in the background: follow it at `GET /exports/{id}`. "
    "409 `export_running` while another export is queued or running. " + LIFECYCLE,
    url_name="export_start",
)
def export_start(request):
    job = export_job_start(actor=request.actor)
    job = job_selectors.export_job_get(actor=request.actor, job_id=job.pk)
    return Status(202, export_job_out(job))


@router.get(
    "/exports",
    response=list[ExportJobOut],
    summary="The workspace's exports, the latest first",
    description=LIFECYCLE,
    url_name="export_list",
)
@paginated
def export_list(request):
    jobs = job_selectors.export_jobs(actor=request.actor, limit=None)
    return mapped(jobs, lambda job: export_job_out(job_selectors.export_job_state(job)))


@router.get(
    "/exports/{job_id}",
    response=ExportJobOut,
    summary="One export, with its progress",
    description=LIFECYCLE,
    url_name="export_get",
)
def export_get(request, job_id: JobId):
    return export_job_out(job_selectors.export_job_get(actor=request.actor, job_id=job_id))


@router.get(
    "/exports/{job_id}/download",
    summary="Download a finished export (a zip)",
    description="409 `not_ready` while the export is not done (or failed); 404 once it is "
    "pruned. `X-Content-SHA256` carries the zip's SHA-256.",
    openapi_extra={
        "responses": {
            200: {
                "description": "The zip, as an attachment named `pacte-<workspace>-<day>.zip`.",
                "content": {"application/zip": {"schema": {"type": "string", "format": "binary"}}},
            },
            409: {"description": "`not_ready`: the export is not done.", "content": _ERROR},
        }
    },
    url_name="export_download",
)
def export_download(request, job_id: JobId):
    job, path = job_selectors.export_job_file(actor=request.actor, job_id=job_id)
    return export_file_response(job, path)
