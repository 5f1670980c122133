"""The daily health snapshot, on the kernel's schedule (`pacte worker`)."""

from __future__ import annotations

from datetime import time, timedelta

from django_tasks import task

from pacte.kernel.models import Workspace
from pacte.kernel.tasks import PeriodicJob, register_periodic
from pacte.kernel.tenancy import Actor

from .services import health_snapshot_take


@task()
def take_health_snapshots() -> dict:
    """Today's snapshot of every workspace; a second run the same day adds nothing."""
    taken = 0
    for workspace in Workspace.objects.order_by("pk"):
        taken += health_snapshot_take(actor=Actor.system(workspace)).taken
    return {"taken": taken}


def register():
    # After the nightly refresh of the deadline states, before anyone opens the dashboard.
    register_periodic(
        PeriodicJob(
            name="health.snapshot",
            task=take_health_snapshots,
            daily_at=time(4, 30),
            max_lateness=timedelta(hours=18),
        )
    )
