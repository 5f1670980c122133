"""Issue 10, item 6: the OpenAPI description documents each operation's errors and its
inputs' limits, and the API refuses what the description calls invalid."""

import pytest

from pacte.api import api
from pacte.kernel.api_schema import ONE_LINE_FILLED_PATTERN, TEXT_MAX_LENGTH

pytestmark = pytest.mark.django_db


def _auth(world):
    return {"Authorization": f"Bearer {world.token('owner')}"}


def _operations():
    schema = api.get_openapi_schema()
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            yield path, method, operation


def _body_schema(operation):
    schema = api.get_openapi_schema()
    ref = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    return schema["components"]["schemas"][ref.rsplit("/", 1)[-1]]


def test_every_operation_documents_its_errors():
    """400/403 everywhere, 401 with a token, 404 where a row is named, 409 on writes, each
    answered as `Error` {code, detail}."""
    schema = api.get_openapi_schema()
    assert schema["components"]["schemas"]["Error"]["required"] == ["code", "detail"]
    seen = 0
    for path, method, operation in _operations():
        responses = operation["responses"]
        expected = {"400", "401", "403", "429", "503"}
        if "{" in path:
            expected.add("404")
        if method in ("post", "patch", "put", "delete"):
            expected.add("409")
        assert expected <= set(responses), f"{method.upper()} {path}: {sorted(responses)}"
        error = responses["400"]["content"]["application/json"]["schema"]
        assert error == {"$ref": "#/components/schemas/Error"}
        seen += 1
    assert seen > 50


def test_an_id_in_the_query_or_the_body_documents_404():
    paths = api.get_openapi_schema()["paths"]
    assert "404" in paths["/api/v1/engagements"]["get"]["responses"]  # ?client_id=
    assert "404" in paths["/api/v1/engagements"]["post"]["responses"]  # client_id in the body
    assert "404" not in paths["/api/v1/me"]["get"]["responses"]


def test_a_body_is_an_object_never_null():
    """`payload: CloseIn | None` is described as an object: the parser refuses `null`."""
    body = api.get_openapi_schema()["paths"]["/api/v1/engagements/{engagement_id}/close"]["post"]
    schema = body["requestBody"]["content"]["application/json"]["schema"]
    assert schema == {"$ref": "#/components/schemas/CloseIn"}


def test_limits_and_enums_mirror_the_models():
    paths = api.get_openapi_schema()["paths"]
    client_in = _body_schema(paths["/api/v1/clients"]["post"])["properties"]
    assert client_in["name"]["maxLength"] == 200
    assert client_in["name"]["pattern"] == ONE_LINE_FILLED_PATTERN
    assert client_in["city"]["maxLength"] == 120
    assert client_in["notes"]["maxLength"] == TEXT_MAX_LENGTH
    assert client_in["preferred_channel"]["enum"] == [
        "",
        "email",
        "call",
        "meeting",
        "message",
        "video",
    ]
    engagement_in = _body_schema(paths["/api/v1/engagements"]["post"])["properties"]
    assert engagement_in["kind"]["enum"][0] == "fixed_price"
    assert engagement_in["currency"]["enum"] == ["EUR", "CAD", "USD", "CHF", "GBP"]
    value = engagement_in["value"]["anyOf"][0]
    assert value["exclusiveMinimum"] == 0 and value["maximum"] == 999999999999.99
    time_in = _body_schema(paths["/api/v1/engagements/{engagement_id}/time-entries"]["post"])
    assert time_in["properties"]["minutes"]["minimum"] == 1
    assert time_in["properties"]["minutes"]["maximum"] == 1440
    assert time_in["properties"]["worked_on"]["format"] == "date"
    limit = next(p for p in paths["/api/v1/clients"]["get"]["parameters"] if p["name"] == "limit")
    assert (limit["schema"]["minimum"], limit["schema"]["maximum"]) == (1, 500)


@pytest.mark.parametrize(
    "body, field",
    [
        ({"name": "Nord\x00Sud"}, "name"),  # NUL in a single-line field
        ({"name": "Nord\x1b[31m"}, "name"),  # a terminal escape
        ({"name": "   "}, "name"),  # blank
        ({"name": "x" * 201}, "name"),  # longer than the model's max_length
        ({"name": "Nord", "notes": "x" * (TEXT_MAX_LENGTH + 1)}, "notes"),
        ({"name": "Nord", "preferred_channel": "pigeon"}, "preferred_channel"),
        ({"name": "Nord", "language": "de"}, "language"),
    ],
)
def test_what_the_description_refuses_is_refused(client, world, body, field):
    response = client.post(
        "/api/v1/clients", body, content_type="application/json", headers=_auth(world)
    )
    assert response.status_code == 400, response.content
    assert response.json()["code"] == "invalid"
    assert field in response.json()["fields"]


def test_a_pattern_mismatch_reads_as_a_sentence(client, world):
    response = client.post(
        "/api/v1/clients",
        {"name": "Nord\x00"},
        content_type="application/json",
        headers={**_auth(world), "Accept-Language": "en"},
    )
    assert response.json()["fields"]["name"] == [
        "Required: one line, not blank, without control characters."
    ]


@pytest.mark.parametrize(
    "value",
    [0, "0", "0.00", "1e2", " 5", "12.345", True, -5],
)
def test_an_amount_is_a_number_or_digits_above_zero(client, world, value):
    """Found by Schemathesis: "0" passed the schema's string branch, then the service refused
    it; "1e2" was read as 100 though the description says digits."""
    response = client.post(
        "/api/v1/engagements",
        {"client_id": world.client.pk, "title": "Refonte", "value": value},
        content_type="application/json",
        headers=_auth(world),
    )
    assert response.status_code == 400, response.content
    assert "value" in response.json()["fields"]


def test_an_amount_as_a_string_of_digits_is_accepted(client, world):
    response = client.post(
        "/api/v1/engagements",
        {"client_id": world.client.pk, "title": "Refonte", "value": "1250.50"},
        content_type="application/json",
        headers=_auth(world),
    )
    assert response.status_code == 201, response.content
    assert response.json()["value"] == "1250.50"


@pytest.mark.parametrize("value", [0, 20260101, "20260101", "2026-02-30", True])
def test_a_date_is_written_yyyy_mm_dd(client, world, value):
    """Found by Schemathesis: `"occurred_on": 0` was read as 1970-01-01 and stored."""
    response = client.post(
        "/api/v1/exchanges",
        {
            "client_id": world.client.pk,
            "channel": "email",
            "direction": "outbound",
            "summary": "Point d'étape",
            "occurred_on": value,
        },
        content_type="application/json",
        headers=_auth(world),
    )
    assert response.status_code == 400, response.content
    assert "occurred_on" in response.json()["fields"]


@pytest.mark.parametrize("value", ["5", True, 2.5])
def test_an_integer_is_a_json_integer(client, world, value):
    response = client.post(
        "/api/v1/exchanges",
        {"client_id": value, "channel": "email", "direction": "outbound", "summary": "Point"},
        content_type="application/json",
        headers=_auth(world),
    )
    assert response.status_code == 400, response.content
    assert "client_id" in response.json()["fields"]


def test_an_unknown_status_filter_is_refused(client, world):
    """The list filters are enums: an unknown status is a 400, not an empty page."""
    response = client.get("/api/v1/engagements?status=nonsense", headers=_auth(world))
    assert response.status_code == 400
    assert "query.status" in response.json()["fields"]
    assert client.get("/api/v1/engagements?status=draft", headers=_auth(world)).status_code == 200


def test_the_search_query_is_described_as_required(client, world):
    response = client.get("/api/v1/search", headers=_auth(world))
    assert response.status_code == 400
    assert "query.q" in response.json()["fields"]
    assert client.get("/api/v1/search?q=Bo", headers=_auth(world)).status_code == 200
