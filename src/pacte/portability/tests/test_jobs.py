"""Full exports run by the worker (issue 14): asked for by an owner, written into the data
folder through a part file, followed on the settings page, downloaded, pruned after a week.
One at a time; a failure or a lost worker leaves no file and no job running forever."""

from __future__ import annotations

import io
import os
import zipfile
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client as HttpClient
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from pacte.kernel import tasks
from pacte.kernel.errors import Conflict, PermissionDenied
from pacte.kernel.models import Member
from pacte.kernel.panels import build_panels
from pacte.portability import jobs, services
from pacte.portability.jobs import (
    export_job_start,
    exports_root,
    is_lost,
    part_path,
    prune_exports,
    run_export_job,
)
from pacte.portability.models import ExportJob
from pacte.testing import check_page_as_each_actor

pytestmark = pytest.mark.django_db

Status = ExportJob.Status

OWNERS_ONLY = {
    "anonymous": 302,
    "owner": 200,
    "manager": 403,
    "consultant": 403,
    "viewer": 403,
    "portal": 404,
    "portal_other_client": 404,
    # An owner too, of another workspace: this one's exports are out of their reach.
    "other_workspace": 404,
}


def browser(world, kind="owner", **headers) -> HttpClient:
    http = HttpClient(headers={"Accept-Language": "en", **headers})
    http.force_login(world.users[kind])
    return http


def files_under(folder) -> list[str]:
    return sorted(str(path.relative_to(folder)) for path in folder.rglob("*") if path.is_file())


def finished_export(world) -> ExportJob:
    job = export_job_start(actor=world.actor("owner"))
    tasks.run_queued()
    job.refresh_from_db()
    assert job.status == Status.DONE, job.error
    return job


def fake_export(rows: int, *, fail: Exception | None = None):
    """An export that counts `rows` rows one by one, writing a small zip (or failing midway
    after writing some bytes)."""

    def export(*, actor, out, progress=None):
        with zipfile.ZipFile(out, "w") as archive:
            for done in range(rows + 1):
                if progress:
                    progress(done, rows)
                if fail is not None and done == rows // 2:
                    out.flush()
                    raise fail
            archive.writestr("manifest.json", "{}")
        return {"format": 1}

    return export


# --- the job, from queued to done ----------------------------------------------------------


def test_an_export_goes_from_queued_to_done_and_downloads_as_a_zip(world, data_dir):
    job = export_job_start(actor=world.actor("owner"))
    assert job.status == Status.QUEUED and job.task_id
    assert job.requested_by == world.users["owner"]
    assert tasks.run_queued() == 1
    job.refresh_from_db()
    assert job.status == Status.DONE, job.error
    assert job.started_at and job.finished_at and not job.error

    path = exports_root() / job.file_name
    assert path.is_file() and path.parent == data_dir / "exports" / str(world.workspace.pk)
    # Only the zip: the part file was renamed.
    assert files_under(data_dir / "exports") == [job.file_name]
    size, sha256 = jobs.file_digest(path)
    assert (job.size, job.sha256) == (size, sha256)
    assert job.progress_done == job.progress_total

    response = browser(world).get(f"/workspace/exports/{job.pk}/download/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    today = timezone.localdate().isoformat()
    assert f'filename="pacte-atelier-nord-{today}.zip"' in response["Content-Disposition"]
    assert response["X-Content-SHA256"] == sha256
    body = b"".join(response.streaming_content)
    assert "manifest.json" in zipfile.ZipFile(io.BytesIO(body)).namelist()


def test_one_export_at_a_time(world):
    owner = world.actor("owner")
    first = export_job_start(actor=owner)
    with pytest.raises(Conflict) as refused:
        export_job_start(actor=owner)
    assert refused.value.code == "export_running"
    # Running still counts as under way.
    ExportJob.objects.in_workspace(world.workspace).filter(pk=first.pk).update(
        status=Status.RUNNING, started_at=timezone.now()
    )
    with pytest.raises(Conflict):
        export_job_start(actor=owner)
    # Another workspace's export is its own.
    export_job_start(actor=world.actor("other_workspace"))
    ExportJob.objects.in_workspace(world.workspace).filter(pk=first.pk).update(status=Status.DONE)
    assert export_job_start(actor=owner).pk != first.pk


def test_only_owners_start_an_export(world):
    for kind in ("manager", "consultant", "viewer", "portal"):
        with pytest.raises(PermissionDenied):
            export_job_start(actor=world.actor(kind))
    assert not ExportJob.objects.across_workspaces().exists()


def test_a_lost_job_gives_way_to_a_new_one(world, data_dir):
    owner = world.actor("owner")
    job = export_job_start(actor=owner)
    two_hours_ago = timezone.now() - timedelta(hours=2)
    ExportJob.objects.in_workspace(world.workspace).filter(pk=job.pk).update(
        status=Status.RUNNING, started_at=two_hours_ago, progress_done=10, progress_total=99
    )
    job.refresh_from_db()
    # Its part file was written a minute ago: the worker is still at it.
    part = part_path(job)
    part.parent.mkdir(parents=True)
    part.write_bytes(b"PK")
    os.utime(part, (two_hours_ago.timestamp(), (timezone.now() - timedelta(minutes=1)).timestamp()))
    assert not is_lost(job)
    with pytest.raises(Conflict):
        export_job_start(actor=owner)
    # Nothing written for an hour: lost, and the next request replaces it.
    os.utime(part, (two_hours_ago.timestamp(), two_hours_ago.timestamp()))
    assert is_lost(job)
    again = export_job_start(actor=owner)
    job.refresh_from_db()
    assert job.status == Status.FAILED and job.error and job.finished_at
    assert again.status == Status.QUEUED
    # The lost job's task, run late, does nothing; the new one runs.
    tasks.run_queued()
    job.refresh_from_db()
    again.refresh_from_db()
    assert job.status == Status.FAILED and again.status == Status.DONE


def test_a_job_never_taken_by_a_worker_is_lost_after_an_hour(world):
    job = export_job_start(actor=world.actor("owner"))
    assert not is_lost(job)
    assert is_lost(job, now=job.created_at + timedelta(minutes=61))


def test_a_failing_export_marks_the_job_failed_and_leaves_no_file(world, data_dir, monkeypatch):
    monkeypatch.setattr(services, "workspace_export", fake_export(10, fail=OSError("disk full")))
    job = export_job_start(actor=world.actor("owner"))
    tasks.run_queued()
    job.refresh_from_db()
    assert job.status == Status.FAILED and job.finished_at
    assert job.error == "OSError: disk full"
    assert not job.file_name and not job.sha256
    assert files_under(data_dir / "exports") == []
    # The next export may start.
    export_job_start(actor=world.actor("owner"))


def test_an_export_runs_with_the_requester_s_rights_of_now(world, data_dir):
    job = export_job_start(actor=world.actor("owner"))
    Member.objects.filter(workspace=world.workspace, user=world.users["owner"]).update(
        role="manager"
    )
    tasks.run_queued()
    job.refresh_from_db()
    assert job.status == Status.FAILED
    assert "no longer an owner" in job.error
    assert files_under(data_dir / "exports") == []


def _job_updates(captured) -> int:
    return sum(1 for query in captured if query["sql"].startswith('UPDATE "portability_exportjob"'))


def test_progress_is_written_at_most_once_a_second(world, monkeypatch):
    monkeypatch.setattr(services, "workspace_export", fake_export(5000))
    monkeypatch.setattr(jobs, "monotonic", lambda: 1000.0)  # a clock that does not move
    job = export_job_start(actor=world.actor("owner"))
    with CaptureQueriesContext(connection) as captured:
        tasks.run_queued()
    # Started, the first count (the total), done: never one write per row.
    assert _job_updates(captured) == 3
    job.refresh_from_db()
    assert job.status == Status.DONE
    assert (job.progress_done, job.progress_total) == (5000, 5000)


def test_progress_is_written_again_as_time_passes(world, monkeypatch):
    monkeypatch.setattr(services, "workspace_export", fake_export(99))
    clock = iter(range(0, 10_000, 1))  # 0.25 s per count
    monkeypatch.setattr(jobs, "monotonic", lambda: next(clock) / 4)
    written = []
    update = jobs.ProgressWriter.__call__

    def recording(self, done, total):
        before = self.written_at
        update(self, done, total)
        if self.written_at != before:
            written.append(done)

    monkeypatch.setattr(jobs.ProgressWriter, "__call__", recording)
    export_job_start(actor=world.actor("owner"))
    tasks.run_queued()
    # 100 counts, 25 seconds: a write every 4th count.
    assert written == list(range(0, 100, 4))


# --- pruning -------------------------------------------------------------------------------


def test_exports_are_pruned_after_a_week(world, data_dir):
    old = finished_export(world)
    recent = finished_export(world)
    eight_days_ago = timezone.now() - timedelta(days=8)
    ExportJob.objects.in_workspace(world.workspace).filter(pk=old.pk).update(
        created_at=eight_days_ago
    )
    # A part file a killed worker left behind, as old.
    stray = exports_root() / str(world.workspace.pk) / "999.part"
    stray.write_bytes(b"PK")
    os.utime(stray, (eight_days_ago.timestamp(), eight_days_ago.timestamp()))
    result = prune_exports.call()
    assert result == {"jobs": 1, "files": 2}
    assert list(ExportJob.objects.in_workspace(world.workspace).values_list("pk", flat=True)) == [
        recent.pk
    ]
    assert files_under(data_dir / "exports") == [recent.file_name]


def test_the_prune_is_on_the_worker_s_schedule():
    job = next(job for job in tasks.periodic_jobs() if job.name == "exports.prune")
    assert job.task == prune_exports and job.daily_at is not None


def test_the_task_skips_a_job_no_longer_queued(world):
    job = export_job_start(actor=world.actor("owner"))
    ExportJob.objects.in_workspace(world.workspace).filter(pk=job.pk).update(status=Status.FAILED)
    assert run_export_job.call(job.pk) == {"job": job.pk, "status": "skipped"}


# --- the settings page ---------------------------------------------------------------------


def test_the_settings_page_shows_the_section_to_owners(world):
    page = browser(world).get("/workspace/settings/").content.decode()
    assert 'id="exports"' in page and "/workspace/settings/do/export-start/" in page
    # Nothing under way: the section does not poll.
    assert 'hx-trigger="every 2s"' not in page
    # Only owners are given the section, whatever page would show it.
    for kind in ("manager", "consultant", "viewer"):
        panels = build_panels("settings", actor=world.actor(kind), obj=world.workspace)
        assert "exports" not in {panel.name for panel in panels}


def test_starting_an_export_from_the_settings_page_as_each_actor(world):
    started = {
        **OWNERS_ONLY,
        "owner": 302,
        # Their own workspace's export.
        "other_workspace": 302,
    }
    check_page_as_each_actor(world, "/workspace/settings/do/export-start/", started, method="post")
    assert ExportJob.objects.in_workspace(world.workspace).count() == 1
    assert ExportJob.objects.in_workspace(world.other_workspace).count() == 1
    # Again while it is queued: refused, said on top of the page.
    http = browser(world)
    response = http.post("/workspace/settings/do/export-start/", follow=True)
    assert "already under way" in response.content.decode()
    assert ExportJob.objects.in_workspace(world.workspace).count() == 1


def test_the_section_polls_while_an_export_is_written(world):
    job = export_job_start(actor=world.actor("owner"))
    ExportJob.objects.in_workspace(world.workspace).filter(pk=job.pk).update(
        status=Status.RUNNING, started_at=timezone.now(), progress_done=40, progress_total=160
    )
    page = browser(world).get("/workspace/settings/").content.decode()
    assert 'hx-get="/workspace/exports/"' in page and 'hx-trigger="every 2s"' in page
    assert '<progress class="progress" value="40" max="160">' in page
    fragment = browser(world, HX_Request="true").get("/workspace/exports/")
    assert fragment.status_code == 200
    html = fragment.content.decode()
    assert html.startswith('<section class="card" id="exports"') and "every 2s" in html
    # Done: the last refresh brings the download link and stops polling.
    ExportJob.objects.in_workspace(world.workspace).filter(pk=job.pk).update(
        status=Status.DONE, file_name="x.zip"
    )
    html = browser(world, HX_Request="true").get("/workspace/exports/").content.decode()
    assert "hx-trigger" not in html and f"/workspace/exports/{job.pk}/download/" in html


def test_the_section_s_refresh_as_each_actor(world):
    refreshed = {**OWNERS_ONLY, "owner": 302, "other_workspace": 302}
    responses = check_page_as_each_actor(world, "/workspace/exports/", refreshed)
    assert responses["owner"]["Location"] == "/workspace/settings/#exports"


def test_the_download_as_each_actor(world):
    job = finished_export(world)
    check_page_as_each_actor(world, f"/workspace/exports/{job.pk}/download/", OWNERS_ONLY)


def test_a_download_not_ready_goes_back_to_the_settings_page(world):
    job = export_job_start(actor=world.actor("owner"))
    response = browser(world).get(f"/workspace/exports/{job.pk}/download/", follow=True)
    assert response.redirect_chain == [("/workspace/settings/#exports", 302)]
    assert "not ready" in response.content.decode()


def test_a_pruned_file_answers_404(world):
    job = finished_export(world)
    (exports_root() / job.file_name).unlink()
    assert browser(world).get(f"/workspace/exports/{job.pk}/download/").status_code == 404


def test_the_section_costs_the_same_with_one_or_many_exports(world, django_assert_max_num_queries):
    http = browser(world)
    finished_export(world)
    with django_assert_max_num_queries(40) as one:
        assert http.get("/workspace/settings/").status_code == 200
    for _ in range(11):
        finished_export(world)
    export_job_start(actor=world.actor("owner"))
    with django_assert_max_num_queries(len(one.captured_queries)):
        page = http.get("/workspace/settings/").content.decode()
    # The latest ten, each with who asked for it.
    assert page.count("/download/") >= 9


def test_a_worker_stopped_mid_export_leaves_no_running_job_and_no_file(world, monkeypatch):
    job = export_job_start(actor=world.actor("owner"))
    monkeypatch.setattr(services, "workspace_export", fake_export(10, fail=SystemExit(1)))
    with pytest.raises(SystemExit):
        jobs.run_export_job.call(job.pk)
    job.refresh_from_db()
    assert job.status == Status.FAILED
    assert not jobs.part_path(job).exists()


def test_the_prune_spares_a_job_still_under_way(world):
    job = export_job_start(actor=world.actor("owner"))
    ExportJob.objects.filter(workspace=world.workspace, pk=job.pk).update(
        created_at=timezone.now() - jobs.KEEP_EXPORTS - timedelta(days=1)
    )
    jobs.prune_exports.call()
    assert ExportJob.objects.filter(workspace=world.workspace, pk=job.pk).exists()
