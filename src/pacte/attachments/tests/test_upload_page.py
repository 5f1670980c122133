"""The upload form's endpoint: POST with CSRF, back to the page it came from, with or
without htmx; refusals are messages; records out of reach answer 404, roles 403."""

import pytest
from django.test import Client as HttpClient

from pacte.attachments.models import Attachment
from pacte.testing import check_page_as_each_actor

from .helpers import EXE, PDF, recommendation, upload

pytestmark = pytest.mark.django_db


def url(rec):
    return f"/files/upload/decisions.recommendation/{rec.pk}/"


def signed_in(world, kind):
    http = HttpClient(enforce_csrf_checks=False)
    http.force_login(world.users[kind])
    return http


def test_upload_as_each_actor(world):
    rec = recommendation(world)
    # A fresh file per request: the test client reads the file object once.
    check_page_as_each_actor(
        world,
        url(rec),
        {
            "anonymous": 302,
            "owner": 302,
            "manager": 302,
            "consultant": 302,
            "viewer": 403,
            "portal": 403,
            "portal_other_client": 404,
            "other_workspace": 404,
        },
        method="post",
        data={"file": upload("accord.pdf", PDF), "next": "/"},
    )


def test_upload_goes_back_to_the_page_and_stores_the_file(world):
    rec = recommendation(world)
    page = f"/engagements/{rec.engagement_id}/"
    response = signed_in(world, "consultant").post(
        url(rec), {"file": upload("accord.pdf", PDF), "next": page}
    )
    assert response.status_code == 302
    assert response["Location"] == page
    attachment = Attachment.objects.in_workspace(world.workspace).get()
    assert (attachment.subject_kind, attachment.subject_id) == ("decisions.recommendation", rec.pk)


def test_an_outside_next_is_not_followed(world):
    rec = recommendation(world)
    response = signed_in(world, "consultant").post(
        url(rec), {"file": upload("accord.pdf", PDF), "next": "https://evil.test/"}
    )
    assert response["Location"] == "/"


def test_with_htmx_the_page_is_loaded_again(world):
    rec = recommendation(world)
    response = signed_in(world, "consultant").post(
        url(rec), {"file": upload("accord.pdf", PDF), "next": "/x/"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 204
    assert response["HX-Redirect"] == "/x/"


def test_a_refused_file_is_a_message_and_nothing_is_stored(world):
    rec = recommendation(world)
    http = signed_in(world, "consultant")
    response = http.post(url(rec), {"file": upload("facture.pdf", EXE), "next": "/"}, follow=True)
    assert not Attachment.objects.in_workspace(world.workspace).exists()
    assert any(m.level_tag == "error" for m in response.context["messages"])


def test_csrf_is_required(world):
    rec = recommendation(world)
    http = HttpClient(enforce_csrf_checks=True)
    http.force_login(world.users["consultant"])
    response = http.post(url(rec), {"file": upload("accord.pdf", PDF)})
    assert response.status_code == 403
    assert not Attachment.objects.in_workspace(world.workspace).exists()


def test_get_is_not_an_upload(world):
    rec = recommendation(world)
    assert signed_in(world, "consultant").get(url(rec)).status_code == 405
