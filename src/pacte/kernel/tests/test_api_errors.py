"""API errors are JSON with a code, in the language asked."""

import pytest

from pacte.clients.models import Client

pytestmark = pytest.mark.django_db


def test_errors_are_json_with_a_code(client, world):
    response = client.get("/api/v1/me", headers={"Accept-Language": "en"})
    assert response.status_code == 401
    assert response.json() == {
        "code": "unauthenticated",
        "detail": "Authentication is required: send a valid bearer token.",
    }
    response = client.get("/api/v1/me", headers={"Authorization": "Bearer pacte_wrong"})
    assert response.status_code == 401 and response.json()["code"] == "unauthenticated"
    response = client.get(
        "/api/v1/nothing-here", headers={"Authorization": f"Bearer {world.token('owner')}"}
    )
    assert response.status_code == 404


def test_error_messages_follow_the_language_asked(client, world):
    response = client.get("/api/v1/me", headers={"Accept-Language": "fr"})
    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"
    assert "jeton" in response.json()["detail"]


# --- Issue 10, items 4 and 5: every error under /api/ is JSON, bad bodies are 400 ---------

import logging  # noqa: E402

from django.apps import apps  # noqa: E402
from django.db import OperationalError, connection  # noqa: E402
from django.test import Client as HttpClient  # noqa: E402
from django.test import RequestFactory  # noqa: E402

from pacte import urls  # noqa: E402
from pacte.api import api  # noqa: E402
from pacte.clients import selectors as client_selectors  # noqa: E402
from pacte.engagements.services import engagement_create  # noqa: E402
from pacte.search import selectors as search_selectors  # noqa: E402

BAD_BODIES = {
    "list": b"[null,null]",
    "number": b"5",
    "string": b'"x"',
    "null": b"null",
    "malformed": b"{bad",
    "nan": b'{"name": NaN}',
    "lone surrogate": b'{"name": "\\ud800"}',
    "surrogate bytes": b'{"name": "\xed\xa0\x80"}',
}


def _auth(world, kind="owner"):
    return {"Authorization": f"Bearer {world.token(kind)}"}


def _row_counts():
    """Rows of every table, counted in SQL (the tenancy guard forbids unscoped ORM counts)."""
    with connection.cursor() as cursor:
        counts = {}
        for model in apps.get_models():
            cursor.execute(f'SELECT COUNT(*) FROM "{model._meta.db_table}"')
            counts[model._meta.label] = cursor.fetchone()[0]
    return counts


def _body_operations():
    """(method, path) of every API write (POST, PUT, PATCH), from the OpenAPI: those that read
    a body and the actions that read none (which must not accept a bad one either)."""
    schema = api.get_openapi_schema()
    found = []
    for path, operations in schema["paths"].items():
        for method in operations:
            if method in ("post", "patch", "put"):
                found.append((method, path.replace("{", "").replace("}", "")))
    return found


def test_every_write_operation_is_found():
    operations = _body_operations()
    assert ("post", "/api/v1/clients") in operations
    assert ("patch", "/api/v1/clients/client_id") in operations
    assert ("post", "/api/v1/engagements/engagement_id/activate") in operations
    assert len(operations) >= 30


def test_an_action_without_a_body_refuses_a_bad_one_and_does_nothing(client, world):
    engagement = engagement_create(
        actor=world.actor("owner"), client_id=world.client.pk, title="Refonte", value="10000"
    )
    headers = _auth(world)
    before = _row_counts()
    response = client.post(
        f"/api/v1/engagements/{engagement.pk}/request-deposit",
        data=b"[null,null]",
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 400 and response.json()["code"] == "invalid"
    assert _row_counts() == before
    engagement.refresh_from_db()
    assert engagement.status == "draft"


@pytest.mark.parametrize("kind", sorted(BAD_BODIES))
def test_a_body_that_is_not_a_json_object_is_refused_everywhere(client, world, kind):
    headers = _auth(world)
    before = _row_counts()
    answers = {}
    for method, template in _body_operations():
        # Path parameters get a real-looking id: the body is refused before the id is read.
        path = "/".join("1" if part.endswith("_id") else part for part in template.split("/"))
        response = getattr(client, method)(
            path, data=BAD_BODIES[kind], content_type="application/json", headers=headers
        )
        answers[f"{method} {path}"] = (response.status_code, response.json().get("code"))
    wrong = {op: answer for op, answer in answers.items() if answer != (400, "invalid")}
    assert not wrong
    assert _row_counts() == before


def test_the_refusal_says_what_is_wrong(client, world):
    response = client.patch(
        f"/api/v1/clients/{world.client.pk}",
        data=b"[null,null]",
        content_type="application/json",
        headers={**_auth(world), "Accept-Language": "en"},
    )
    assert response.json() == {"code": "invalid", "detail": "The body must be a JSON object."}
    world.client.refresh_from_db()
    assert world.client.name == "Boulangerie Alpha"


def test_a_one_megabyte_client_name_is_refused_before_any_query(client, world):
    # Checked the other way round, SQLite refuses the duplicate-name LIKE pattern (500).
    body = {"name": "x" * 1_000_000}
    response = client.post(
        "/api/v1/clients", data=body, content_type="application/json", headers=_auth(world)
    )
    assert response.status_code == 400 and response.json()["code"] == "invalid"
    assert "name" in response.json()["fields"]
    response = client.patch(
        f"/api/v1/clients/{world.client.pk}",
        data=body,
        content_type="application/json",
        headers=_auth(world),
    )
    assert response.status_code == 400 and response.json()["code"] == "invalid"
    assert not Client.objects.in_workspace(world.workspace).filter(name__startswith="xxxx").exists()


def test_a_one_megabyte_client_name_is_a_form_error_on_the_web(world):
    browser = HttpClient()
    browser.force_login(world.users["owner"])
    response = browser.post("/clients/new/", {"name": "x" * 1_000_000, "language": "fr"})
    assert response.status_code in (200, 400)
    assert not Client.objects.in_workspace(world.workspace).filter(name__startswith="xxxx").exists()


def test_a_sixty_thousand_character_query_is_not_a_server_error(client, world):
    long = "x" * 60_000
    response = client.get(f"/api/v1/clients?q={long}", headers=_auth(world))
    assert response.status_code in (200, 400)
    if response.status_code == 200:
        assert response.json()["items"] == []
    response = client.get(f"/api/v1/search?q={long}", headers=_auth(world))
    assert response.status_code == 400 and response.json()["code"] == "query_too_long"
    browser = HttpClient()
    browser.force_login(world.users["owner"])
    response = browser.get(f"/clients/?q={long}")
    assert response.status_code == 200
    assert world.client.name not in response.content.decode()
    response = browser.get(f"/search/?q={long}")
    assert response.status_code == 400
    assert str(search_selectors.MAX_LENGTH) in response.content.decode()


def test_a_query_as_long_as_a_name_still_finds_it(world):
    actor = world.actor("owner")
    name = world.client.name
    assert len(name) <= client_selectors.QUERY_MAX_LENGTH
    assert list(client_selectors.client_list(actor=actor, query=name)) == [world.client]
    too_long = name + "x" * client_selectors.QUERY_MAX_LENGTH
    assert list(client_selectors.client_list(actor=actor, query=too_long)) == []


def test_an_unknown_api_url_answers_json(client, world):
    for url in ("/api/v1/nope", "/api/nope", "/api/v1/clients/1/nope"):
        response = client.get(url, headers={**_auth(world), "Accept-Language": "en"})
        assert response.status_code == 404
        assert response["Content-Type"].startswith("application/json")
        assert response.json() == {"code": "not_found", "detail": "Not found."}
    response = HttpClient().get("/nope/")
    assert response.status_code == 404 and response["Content-Type"].startswith("text/html")


def test_an_unexpected_failure_answers_json_500_and_logs_the_traceback(
    client, world, monkeypatch, caplog
):
    def broken(**kwargs):
        raise RuntimeError("a bug in a selector")

    monkeypatch.setattr(client_selectors, "client_list", broken)
    with caplog.at_level(logging.ERROR, logger="pacte.api"):
        response = client.get("/api/v1/clients", headers={**_auth(world), "Accept-Language": "en"})
    assert response.status_code == 500
    assert response.json() == {
        "code": "server_error",
        "detail": "Something went wrong on the server. Try again; if it happens again, tell "
        "whoever runs Pacte.",
    }
    assert "a bug in a selector" not in response.content.decode()
    assert any(
        record.exc_info and "a bug in a selector" in str(record.exc_info[1])
        for record in caplog.records
    )


@pytest.mark.parametrize(
    "message",
    [
        "database is locked",
        "deadlock detected",
        "could not serialize access due to concurrent update",
    ],
)
def test_a_busy_database_answers_503_busy(client, world, monkeypatch, message):
    def locked(**kwargs):
        raise OperationalError(message)

    monkeypatch.setattr(client_selectors, "client_list", locked)
    response = client.get("/api/v1/clients", headers=_auth(world))
    assert response.status_code == 503
    assert response.json()["code"] == "busy"
    assert response["Retry-After"]


def test_a_full_disk_answers_503_unavailable(client, world, monkeypatch):
    def full(**kwargs):
        raise OperationalError("database or disk is full")

    monkeypatch.setattr(client_selectors, "client_list", full)
    response = client.get("/api/v1/clients", headers=_auth(world))
    assert response.status_code == 503 and response.json()["code"] == "unavailable"


def test_django_own_500_is_json_under_api_and_styled_elsewhere():
    factory = RequestFactory()
    response = urls.server_error(factory.get("/api/v1/clients"))
    assert response.status_code == 500
    assert response["Content-Type"].startswith("application/json")
    assert b'"code": "server_error"' in response.content
    response = urls.server_error(factory.get("/clients/"))
    assert response.status_code == 500
    assert b"pacte.css" in response.content and b"Something went wrong" in response.content


def test_a_web_page_that_fails_shows_the_styled_error_page(world, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("a bug in a selector")

    monkeypatch.setattr(client_selectors, "client_list", broken)
    browser = HttpClient(raise_request_exception=False)
    browser.force_login(world.users["owner"])
    response = browser.get("/clients/")
    assert response.status_code == 500
    assert b"pacte.css" in response.content
    assert b"a bug in a selector" not in response.content


@pytest.mark.parametrize(
    "url", ["/api/v1/clients?q=%00", "/api/v1/search?q=ab%00cd", "/api/v1/clients?%00=1"]
)
def test_a_nul_in_the_query_string_is_refused_before_any_query(client, world, url):
    """Issue 10, item 5: PostgreSQL cannot compare a NUL; it is refused with 400 JSON."""
    response = client.get(url, headers={"Authorization": f"Bearer {world.token('owner')}"})
    assert response.status_code == 400
    assert response.json()["code"] == "invalid" and "NUL" in response.json()["detail"]


def test_a_nul_in_a_web_search_gets_the_400_page(client, world):
    client.force_login(world.users["owner"])
    response = client.get("/clients/?q=a%00")
    assert response.status_code == 400


@pytest.mark.parametrize(
    "body", ['{"name": "Cave\\u0000"}', '{"name": "Cave", "city": "Ly\\u0000on"}']
)
def test_a_nul_in_a_json_field_is_refused(client, world, body):
    before = Client.objects.in_workspace(world.workspace).count()
    response = client.post(
        "/api/v1/clients",
        body,
        content_type="application/json",
        headers={"Authorization": f"Bearer {world.token('owner')}"},
    )
    assert response.status_code == 400 and response.json()["code"] == "invalid"
    assert Client.objects.in_workspace(world.workspace).count() == before


def test_a_nul_in_a_cookie_is_dropped_not_looked_up(client, world):
    """A forged session id holding a NUL would fail PostgreSQL's session lookup (a 500 on
    every page, which the PostgreSQL run of this test catches): the cookie is ignored, as if
    it had not been sent."""
    client.cookies["sessionid"] = "abcdefgh\x00x"
    response = client.get("/dashboard/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
