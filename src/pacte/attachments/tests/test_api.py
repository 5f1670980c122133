"""The API's contract: POST /api/v1/attachments (multipart), the list of a record's files,
the download; errors as JSON {code, detail}."""

import hashlib

import pytest
from django.test import Client as HttpClient

from pacte.testing import API_READ, check_endpoint_as_each_actor

from .helpers import EXE, PDF, attach, recommendation, upload

pytestmark = pytest.mark.django_db


def api(world, kind="consultant"):
    return HttpClient(headers={"Authorization": f"Bearer {world.token(kind)}"})


def post(world, rec, *, kind="consultant", name="accord.pdf", data=PDF, **extra):
    fields = {
        "subject": "decisions.recommendation",
        "subject_id": str(rec.pk),
        "file": upload(name, data),
        **extra,
    }
    return api(world, kind).post("/api/v1/attachments", fields)


def test_attach_answers_201_with_the_file(world):
    rec = recommendation(world)
    response = post(world, rec, name="Refus signé.pdf")
    assert response.status_code == 201, response.content
    body = response.json()
    assert set(body) == {
        "id",
        "name",
        "size",
        "content_type",
        "sha256",
        "purpose",
        "subject",
        "subject_id",
        "uploaded_at",
        "download_url",
    }
    assert body["name"] == "Refus_signé.pdf"
    assert body["size"] == len(PDF)
    assert body["content_type"] == "application/pdf"
    assert body["sha256"] == hashlib.sha256(PDF).hexdigest()
    assert (body["subject"], body["subject_id"]) == ("decisions.recommendation", rec.pk)
    assert body["purpose"] == "evidence"
    download = api(world).get(body["download_url"])
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Content-Disposition"].startswith("attachment;")


def test_errors_are_json_with_their_codes(world, settings):
    rec = recommendation(world)
    refused = post(world, rec, name="facture.pdf", data=EXE)
    assert refused.status_code == 400
    assert refused.json()["code"] == "type_not_allowed"
    assert "file" in refused.json()["fields"]
    empty = post(world, rec, name="vide.pdf", data=b"")
    assert (empty.status_code, empty.json()["code"]) == (400, "empty_file")
    settings.PACTE_ATTACHMENT_MAX_BYTES = 10
    large = post(world, rec)
    assert (large.status_code, large.json()["code"]) == (413, "too_large")
    assert large.json()["detail"]
    missing = api(world).post(
        "/api/v1/attachments", {"subject": "decisions.recommendation", "subject_id": rec.pk}
    )
    assert (missing.status_code, missing.json()["code"]) == (400, "invalid")


def test_attaching_as_each_actor(world):
    rec = recommendation(world)
    expected = {
        "anonymous": 401,
        "owner": 201,
        "manager": 201,
        "consultant": 201,
        "viewer": 403,
        "portal": 403,
        "portal_other_client": 404,
        "other_workspace": 404,
    }
    for kind, status in expected.items():
        if kind == "anonymous":
            response = HttpClient().post("/api/v1/attachments", {})
        else:
            response = post(world, rec, kind=kind)
        assert response.status_code == status, (kind, response.content)
        assert "code" in response.json() or status == 201


def test_the_list_is_a_page_and_the_download_is_scoped(world):
    rec = recommendation(world)
    first = attach(world, rec, name="a.pdf")
    second = attach(world, rec, name="b.txt", data=b"bonjour\n")
    url = f"/api/v1/attachments?subject=decisions.recommendation&subject_id={rec.pk}"
    responses = check_endpoint_as_each_actor(
        world,
        url,
        API_READ,
    )
    body = responses["portal"].json()
    assert body["count"] == 2
    assert [item["id"] for item in body["items"]] == [second.pk, first.pk]
    check_endpoint_as_each_actor(
        world,
        f"/api/v1/attachments/{first.pk}/download",
        API_READ,
    )


def test_an_unknown_kind_is_not_found(world):
    response = api(world).get("/api/v1/attachments?subject=nothing.here&subject_id=1")
    assert (response.status_code, response.json()["code"]) == (404, "not_found")


def test_there_is_no_way_to_delete_a_file(world):
    attachment = attach(world, recommendation(world))
    for method in ("delete", "put", "patch"):
        response = getattr(api(world, "owner"), method)(f"/api/v1/attachments/{attachment.pk}")
        assert response.status_code in (404, 405)


def test_a_retry_with_the_same_idempotency_key_replays_the_answer(world):
    rec = recommendation(world)
    http = HttpClient(
        headers={"Authorization": f"Bearer {world.token('consultant')}", "Idempotency-Key": "k1"}
    )

    def send():
        return http.post(
            "/api/v1/attachments",
            {
                "subject": "decisions.recommendation",
                "subject_id": rec.pk,
                "file": upload("a.pdf", PDF),
            },
        )

    first, retry = send(), send()
    assert first.status_code == retry.status_code == 201
    assert first.json()["id"] == retry.json()["id"]
