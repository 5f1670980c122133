"""The assets' background work: the nightly refresh of the stored deadline state
(R-DEADLINE), on the kernel's schedule."""

from __future__ import annotations

from datetime import time, timedelta

from django_tasks import task

from pacte.kernel.models import Workspace
from pacte.kernel.tasks import PeriodicJob, register_periodic
from pacte.kernel.tenancy import Actor

from .services import deadline_states_refresh


@task()
def refresh_deadline_states() -> dict:
    """Recompute the deadline state of every asset whose state ran out (a renewal or a
    cancel-by date passed). The lists are exact without it; it keeps them answered by SQL
    alone instead of computing the run-out rows as they are read."""
    refreshed = 0
    for workspace in Workspace.objects.order_by("pk"):
        refreshed += deadline_states_refresh(actor=Actor.system(workspace))
    return {"refreshed": refreshed}


def register():
    # After midnight, so that yesterday's passed dates are run out; before anyone reads.
    register_periodic(
        PeriodicJob(
            name="assets.deadline-states",
            task=refresh_deadline_states,
            daily_at=time(1, 30),
            max_lateness=timedelta(hours=20),
        )
    )
