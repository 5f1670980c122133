"""Full exports in the API: owners start one (202), follow it, download the zip; everyone
else is refused, and another workspace's export is not found."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.test import Client as HttpClient

from pacte.kernel import tasks
from pacte.portability.jobs import export_job_start
from pacte.portability.models import ExportJob
from pacte.testing import check_endpoint_as_each_actor

pytestmark = pytest.mark.django_db

OWNERS_ONLY = {
    "anonymous": 401,
    "owner": 200,
    "manager": 403,
    "consultant": 403,
    "viewer": 403,
    "portal": 403,
    "portal_other_client": 403,
    # An owner of another workspace: this one's exports are not found.
    "other_workspace": 404,
}


def api(world, kind="owner") -> HttpClient:
    return HttpClient(
        headers={"Authorization": f"Bearer {world.token(kind)}", "Accept-Language": "en"}
    )


def test_start_follow_and_download_an_export(world):
    http = api(world)
    started = http.post("/api/v1/exports")
    assert started.status_code == 202, started.content
    body = started.json()
    assert body["status"] == "queued" and body["download_url"] is None
    assert body["lost"] is False and body["requested_by"] == "owner@nord.test"
    assert {"id", "progress_done", "progress_total", "created_at"} <= set(body)
    job_id = body["id"]

    not_ready = http.get(f"/api/v1/exports/{job_id}/download")
    assert not_ready.status_code == 409
    assert not_ready.json()["code"] == "not_ready" and not_ready.json()["detail"]

    again = http.post("/api/v1/exports")
    assert again.status_code == 409 and again.json()["code"] == "export_running"

    tasks.run_queued()
    done = http.get(f"/api/v1/exports/{job_id}").json()
    assert done["status"] == "done" and done["size"] > 0 and len(done["sha256"]) == 64
    assert done["download_url"] == f"/api/v1/exports/{job_id}/download"
    assert done["progress_done"] == done["progress_total"]

    download = http.get(done["download_url"])
    assert download.status_code == 200
    assert download["Content-Type"] == "application/zip"
    assert download["X-Content-SHA256"] == done["sha256"]
    assert "attachment; filename=" in download["Content-Disposition"]
    names = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content))).namelist()
    assert "manifest.json" in names


def test_starting_an_export_as_each_actor(world):
    started = {
        **OWNERS_ONLY,
        "owner": 202,
        # An owner of their own workspace.
        "other_workspace": 202,
    }
    check_endpoint_as_each_actor(world, "/api/v1/exports", started, method="post")
    assert ExportJob.objects.in_workspace(world.workspace).count() == 1
    assert ExportJob.objects.in_workspace(world.other_workspace).count() == 1


def test_the_list_as_each_actor_is_a_page_of_the_workspace_s_own(world):
    mine = export_job_start(actor=world.actor("owner"))
    ExportJob.objects.in_workspace(world.workspace).filter(pk=mine.pk).update(
        status=ExportJob.Status.DONE
    )
    export_job_start(actor=world.actor("owner"))
    listed = {**OWNERS_ONLY, "other_workspace": 200}
    responses = check_endpoint_as_each_actor(world, "/api/v1/exports", listed)
    body = responses["owner"].json()
    assert set(body) == {"items", "count", "count_capped"} and body["count"] == 2
    assert body["items"][0]["status"] == "queued" and body["items"][1]["id"] == mine.pk
    assert responses["other_workspace"].json()["items"] == []
    second = api(world).get("/api/v1/exports?limit=1&offset=1").json()
    assert [row["id"] for row in second["items"]] == [mine.pk] and second["count"] == 2


def test_one_export_as_each_actor(world):
    job = export_job_start(actor=world.actor("owner"))
    check_endpoint_as_each_actor(world, f"/api/v1/exports/{job.pk}", OWNERS_ONLY)
    assert api(world).get("/api/v1/exports/999999").status_code == 404


def test_the_download_as_each_actor(world):
    job = export_job_start(actor=world.actor("owner"))
    tasks.run_queued()
    check_endpoint_as_each_actor(world, f"/api/v1/exports/{job.pk}/download", OWNERS_ONLY)
