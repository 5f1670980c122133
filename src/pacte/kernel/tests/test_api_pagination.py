"""Every list of the API is a page: `{"items", "count", "count_capped"}`, with `limit` and
`offset` bounded, a count that stops counting, and bad values answered 400, never 500."""

import pytest
from django.db import connection
from django.test import Client as HttpClient
from django.test.utils import CaptureQueriesContext

from pacte.clients.services import client_create
from pacte.kernel import pagination
from pacte.kernel.tenancy import Actor

pytestmark = pytest.mark.django_db

# Lists that page themselves (already bounded): the search answers a few rows per kind.
NOT_PAGED = {"/api/v1/search"}


def api(world, kind="owner") -> HttpClient:
    return HttpClient(headers={"Authorization": f"Bearer {world.token(kind)}"})


@pytest.fixture
def five_clients(world):
    # "Boulangerie Alpha" and "Garage Beta" are the world's; three more, by name.
    system = Actor.system(world.workspace)
    for name in ("Atelier Delta", "Charcuterie Gamma", "Épicerie Zeta"):
        client_create(actor=system, name=name)
    return world


def names(response) -> list[str]:
    return [row["name"] for row in response.json()["items"]]


def test_a_list_is_a_page_with_its_count(five_clients):
    body = api(five_clients).get("/api/v1/clients").json()
    assert set(body) == {"items", "count", "count_capped"}
    assert body["count"] == 5 and body["count_capped"] is False
    assert len(body["items"]) == 5


def test_limit_and_offset_walk_the_list_in_its_order(five_clients):
    http = api(five_clients)
    every = names(http.get("/api/v1/clients"))
    assert every == sorted(every)
    first = http.get("/api/v1/clients?limit=2")
    assert names(first) == every[:2] and first.json()["count"] == 5
    middle = http.get("/api/v1/clients?limit=2&offset=2")
    assert names(middle) == every[2:4] and middle.json()["count"] == 5
    last = http.get("/api/v1/clients?limit=2&offset=4")
    assert names(last) == every[4:] and last.json()["count"] == 5
    beyond = http.get("/api/v1/clients?offset=40")
    assert beyond.json() == {"items": [], "count": 5, "count_capped": False}


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("offset=99999999999999999999", "offset"),
        ("offset=10000001", "offset"),
        ("offset=-1", "offset"),
        ("offset=abc", "offset"),
        ("limit=100000", "limit"),
        ("limit=501", "limit"),
        ("limit=0", "limit"),
        ("limit=-1", "limit"),
        ("limit=abc", "limit"),
        ("limit=1.5", "limit"),
    ],
)
def test_a_limit_or_offset_out_of_range_is_a_400_with_its_field(world, query, field):
    response = api(world).get(f"/api/v1/engagements?{query}", headers={"Accept-Language": "en"})
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["code"] == "invalid"
    assert field in body["detail"]
    assert any(name.endswith(field) for name in body["fields"]), body["fields"]


def test_the_bounds_themselves_are_accepted(world):
    http = api(world)
    assert http.get("/api/v1/clients?limit=500").status_code == 200
    assert http.get("/api/v1/clients?limit=1&offset=10000000").status_code == 200


def test_the_count_stops_at_the_cap_and_says_so(five_clients, monkeypatch):
    monkeypatch.setattr(pagination, "COUNT_CAP", 3)
    http = api(five_clients)
    capped = http.get("/api/v1/clients?limit=2").json()
    assert (capped["count"], capped["count_capped"], len(capped["items"])) == (3, True, 2)
    # The last page tells the total: more than the cap, still capped, never more.
    last = http.get("/api/v1/clients?limit=2&offset=4").json()
    assert (last["count"], last["count_capped"], len(last["items"])) == (3, True, 1)
    monkeypatch.setattr(pagination, "COUNT_CAP", 5)
    exact = http.get("/api/v1/clients?limit=2").json()
    assert (exact["count"], exact["count_capped"]) == (5, False)


def test_the_count_reads_at_most_the_cap_and_a_short_page_needs_no_count(five_clients):
    http = api(five_clients)
    with CaptureQueriesContext(connection) as captured:
        http.get("/api/v1/clients?limit=2")
    counts = [q["sql"] for q in captured if "COUNT(" in q["sql"].upper()]
    assert len(counts) == 1
    assert f"LIMIT {pagination.COUNT_CAP + 1}" in counts[0]
    # No ORDER BY, no figure of the rows: a COUNT over their keys only.
    assert "ORDER BY" not in counts[0]
    with CaptureQueriesContext(connection) as captured:
        http.get("/api/v1/clients?limit=10")
    assert not [q for q in captured if "COUNT(" in q["sql"].upper()]


def test_every_list_of_the_api_is_paged_and_documented(client):
    spec = client.get("/api/v1/openapi.json").json()
    schemas = spec["components"]["schemas"]
    lists = {}
    for path, operations in spec["paths"].items():
        get = operations.get("get")
        if get is None:
            continue
        content = get["responses"]["200"]["content"]
        if "application/json" not in content:
            # A download (a case study's text, an attachment's bytes): not a list.
            continue
        schema = content["application/json"]["schema"]
        if "$ref" in schema:
            schema = schemas[schema["$ref"].rsplit("/", 1)[1]]
        assert schema.get("type") != "array", f"{path} answers a bare list"
        if "items" in schema.get("properties", {}):
            lists[path] = get
    assert {"/api/v1/clients", "/api/v1/engagements", "/api/v1/invoices"} <= set(lists)
    for path, get in lists.items():
        if path in NOT_PAGED:
            continue
        envelope = get["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
        properties = schemas[envelope.rsplit("/", 1)[1]]["properties"]
        assert {"items", "count", "count_capped"} <= set(properties), path
        parameters = {p["name"]: p for p in get.get("parameters", [])}
        assert {"limit", "offset"} <= set(parameters), path
        limit = parameters["limit"]["schema"]
        assert (limit["minimum"], limit["maximum"], limit["default"]) == (1, 500, 50), path
        assert parameters["offset"]["schema"]["maximum"] == 10_000_000, path
    # The parameters and the count say what they do.
    parameters = {p["name"]: p for p in lists["/api/v1/clients"]["parameters"]}
    assert "400 `invalid`" in parameters["limit"]["description"]
    assert "400 `invalid`" in parameters["offset"]["description"]
    assert "10,000" in schemas["PagedClientOut"]["properties"]["count_capped"]["description"]
