"""A part of a page that refreshes itself (htmx) after the session ended, or after the rights
were taken away: the whole page goes to sign-in, or reloads, instead of a login form pasted
into the part or a refusal every two seconds."""

import pytest
from django.test import Client as HttpClient

pytestmark = pytest.mark.django_db


def test_a_refresh_after_the_session_ended_sends_the_page_to_sign_in(world):
    http = HttpClient()
    answer = http.get(
        "/workspace/exports/",
        headers={"HX-Request": "true", "HX-Current-URL": "http://testserver/workspace/settings/"},
    )
    assert answer.status_code == 200
    assert answer["HX-Redirect"].startswith("/accounts/login/")
    assert "next=/workspace/settings/" in answer["HX-Redirect"]
    # Without htmx, the usual redirect.
    assert http.get("/workspace/exports/").status_code == 302


def test_a_refresh_after_the_rights_were_taken_reloads_the_page(world):
    http = HttpClient()
    http.force_login(world.users["manager"])
    answer = http.get("/workspace/exports/", headers={"HX-Request": "true"})
    assert answer.status_code == 200 and answer["HX-Refresh"] == "true"
    assert http.get("/workspace/exports/").status_code == 403
