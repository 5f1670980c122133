"""What portability adds to the workspace's settings page: "Export everything", for owners.
The section asks for a full export (an action of the settings page), lists the latest ones,
and, while one is being written, refreshes itself every two seconds."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from pacte.kernel.actions import Action, register_action
from pacte.kernel.panels import Panel, register_panel
from pacte.kernel.permissions import Perm
from pacte.workspace.panels import SETTINGS_PAGE

from .job_selectors import export_jobs
from .jobs import KEEP_EXPORTS, export_job_start

EXPORTS_PANEL = "exports"
START_ACTION = "export-start"


def exports_panel(*, actor, obj, forms):
    jobs = export_jobs(actor=actor)
    return {
        "jobs": jobs,
        # Refreshed while an export is being written; a finished page stays still.
        "polling": any(job.active for job in jobs),
        "keep_days": KEEP_EXPORTS.days,
    }


def _start(*, actor):
    export_job_start(actor=actor)


def register() -> None:
    register_panel(
        Panel(
            page=SETTINGS_PAGE,
            name=EXPORTS_PANEL,
            order=90,
            template="portability/panels/exports.html",
            context=exports_panel,
            perm=Perm.WORKSPACE_EXPORT,
        )
    )
    register_action(
        Action(
            page=SETTINGS_PAGE,
            name=START_ACTION,
            panel=EXPORTS_PANEL,
            service=_start,
            success=_("The export has started: it appears below, ready to download in a moment."),
            perm=Perm.WORKSPACE_EXPORT,
        )
    )
