"""Whatever is typed or pasted, the search answers with a clear message, never a 500."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pacte.kernel.errors import InvalidInput
from pacte.search.selectors import MAX_LENGTH, search

from .helpers import api, seed, signed_in

pytestmark = pytest.mark.django_db

# (query, status of the page, the API's code, words of the message)
BAD = [
    ("", 200, "query_too_short", None),
    ("   ", 200, "query_too_short", None),
    ("a", 200, "query_too_short", "at least 2 characters"),
    ("x" * 60_000, 400, "query_too_long", "limited to 100 characters"),
    ("x" * (MAX_LENGTH + 1), 400, "query_too_long", "limited to 100 characters"),
    ("al\x01pha", 400, "query_invalid", "cannot be searched for"),
    ("\x1b[31m", 400, "query_invalid", "cannot be searched for"),
]
# A NUL never reaches the search: every request holding one in its query string is refused
# first (kernel.middleware.NulRefusalMiddleware); the selector still refuses it alone.
NUL = ["al\x00pha", "\x00\x00"]


@pytest.mark.parametrize("query", NUL, ids=repr)
def test_a_nul_is_refused_before_the_search(world, query):
    with pytest.raises(InvalidInput) as refused:
        search(actor=world.actor("owner"), query=query)
    assert refused.value.code == "query_invalid"
    assert signed_in(world, "owner").get("/search/", {"q": query}).status_code == 400
    response = api(world, "portal").get("/api/v1/search", {"q": query})
    assert response.status_code == 400 and response.json()["code"] == "invalid"


@pytest.mark.parametrize(("query", "status", "code", "words"), BAD)
def test_the_selector_refuses_without_reading(world, query, status, code, words):
    owner = world.actor("owner")
    with CaptureQueriesContext(connection) as captured, pytest.raises(InvalidInput) as refused:
        search(actor=owner, query=query)
    assert refused.value.code == code and refused.value.status == 400
    assert len(captured) == 0


@pytest.mark.parametrize(("query", "status", "code", "words"), BAD)
def test_the_page_explains(world, query, status, code, words):
    response = signed_in(world, "owner").get("/search/", {"q": query})
    assert response.status_code == status
    html = response.content.decode()
    if words:
        assert words in html and 'role="alert"' in html
    else:  # nothing typed yet: no reproach, the page says what it searches
        assert 'role="alert"' not in html and "invoices by number" in html
    main = html.split("<main", 1)[1]
    assert "x" * (MAX_LENGTH + 1) not in main  # a pasted page is not echoed back


@pytest.mark.parametrize(("query", "status", "code", "words"), BAD)
def test_the_api_answers_code_and_detail(world, query, status, code, words):
    response = api(world, "portal").get("/api/v1/search", {"q": query})
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == code and body["detail"] and body["fields"]["q"]
    if words:
        assert words in body["detail"]


def test_the_longest_query_allowed_is_searched(world):
    seed(world)
    assert search(actor=world.actor("owner"), query="a" * MAX_LENGTH).groups == []
    assert search(actor=world.actor("owner"), query="  al  ").query == "al"


@pytest.mark.parametrize("query", ["%a", "__", "%%", "_a", "\\'", "'; --", "é" * 50, "🙂🙂"])
def test_wildcards_and_quotes_are_searched_as_text(world, query):
    seed(world)
    response = signed_in(world, "owner").get("/search/", {"q": query})
    assert response.status_code == 200
    assert search(actor=world.actor("owner"), query=query).groups == []


def test_a_missing_query_in_the_api_is_refused(world):
    """The description says `q` is required (issue 10, item 6): a 400 naming it."""
    response = api(world, "owner").get("/api/v1/search")
    assert response.status_code == 400 and "query.q" in response.json()["fields"]
