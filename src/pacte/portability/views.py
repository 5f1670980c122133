"""The web face of full exports: the settings section's refresh while an export is written,
and the download of a finished one (owners)."""

from __future__ import annotations

from pathlib import Path

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from pacte.kernel.errors import Conflict
from pacte.kernel.panels import build_panel, get_panel
from pacte.kernel.permissions import Perm
from pacte.kernel.web import member_view
from pacte.workspace.panels import SETTINGS_PAGE

from .job_selectors import export_job_file
from .jobs import download_name
from .models import ExportJob
from .panels import EXPORTS_PANEL


def _settings_section() -> str:
    return f"{reverse('workspace_settings')}#{EXPORTS_PANEL}"


def export_file_response(job: ExportJob, path: Path) -> FileResponse:
    """The zip, streamed from the data folder, named `pacte-<workspace>-<day>.zip`."""
    response = FileResponse(
        path.open("rb"),
        as_attachment=True,
        filename=download_name(job),
        content_type="application/zip",
    )
    response["X-Content-SHA256"] = job.sha256
    response["Cache-Control"] = "private, no-store"
    return response


@member_view(Perm.WORKSPACE_EXPORT)
def export_jobs_panel(request):
    """The "Export everything" section alone, for its htmx refresh; the settings page for a
    browser that asks for it directly."""
    if not request.htmx:
        return redirect(_settings_section())
    actor = request.actor
    panel = get_panel(SETTINGS_PAGE, EXPORTS_PANEL)
    rendered = panel and build_panel(panel, actor=actor, obj=actor.workspace)
    if rendered is None:
        raise Http404()
    return render(request, rendered.template, {"p": rendered.data})


@member_view(Perm.WORKSPACE_EXPORT)
def export_download(request, job_id: int):
    try:
        job, path = export_job_file(actor=request.actor, job_id=job_id)
    except Conflict as exc:
        messages.error(request, exc.detail)
        return redirect(_settings_section())
    return export_file_response(job, path)
