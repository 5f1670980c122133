"""R-DEADLINE's nightly refresh runs on the kernel's schedule, through the real queue."""

import datetime as dt

import pytest
from django.utils import timezone

from pacte.assets.models import Asset
from pacte.assets.tasks import refresh_deadline_states
from pacte.kernel import tasks

from .helpers import create, stored

pytestmark = pytest.mark.django_db


def test_the_nightly_job_refreshes_run_out_states(world):
    today = timezone.localdate()
    asset = create(
        world,
        renewal_date=today + dt.timedelta(days=40),
        auto_renew=True,
        renewal_period="yearly",
        notice_days=30,
    )
    # As if computed a year ago: its state has run out since.
    Asset.objects.in_workspace(asset.workspace_id).filter(pk=asset.pk).update(deadline_as_of=None)
    assert "assets.deadline-states" in {job.name for job in tasks.periodic_jobs()}
    job = next(j for j in tasks.periodic_jobs() if j.name == "assets.deadline-states")
    assert job.task.module_path == refresh_deadline_states.module_path

    job.task.enqueue()
    assert tasks.run_queued() == 1
    assert stored(asset)["deadline_as_of"] == today
