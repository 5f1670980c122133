"""A search costs one query per kind the actor searches, however many rows match."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pacte.assets.services import asset_create
from pacte.clients.services import client_create, contact_create
from pacte.kernel.tenancy import Actor
from pacte.search.selectors import search

from .helpers import _engagement, _invoice, seed, signed_in

pytestmark = pytest.mark.django_db

MEMBER_QUERIES = 5  # clients, contacts, engagements, invoices, assets
PORTAL_QUERIES = 2  # engagements, invoices


def _queries(actor, query: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        search(actor=actor, query=query)
    return len(captured)


def _grow(world, n: int) -> None:
    """n more rows of every kind, all matching "al"."""
    nord = Actor.system(world.workspace)
    for i in range(n):
        client = client_create(actor=nord, name=f"Alain {i}", city="Albi")
        contact_create(actor=nord, client_id=client.pk, full_name=f"Alice {i}")
        asset_create(actor=nord, client_id=client.pk, kind="domain", identifier=f"al{i}.fr")
        engagement = _engagement(nord, world.client, f"Alerte {i}")
        _invoice(nord, engagement, f"AL-{i}")


def test_the_count_of_queries_does_not_grow_with_the_rows(world):
    seed(world)
    owner, portal = world.actor("owner"), world.actor("portal")
    assert _queries(owner, "al") == MEMBER_QUERIES
    assert _queries(portal, "al") == PORTAL_QUERIES
    _grow(world, 12)
    found = search(actor=owner, query="al")
    assert all(len(g.results) == 8 and g.more for g in found.groups)
    assert _queries(owner, "al") == MEMBER_QUERIES
    assert _queries(portal, "al") == PORTAL_QUERIES
    # Nothing found costs the same: every kind is still asked once.
    assert _queries(owner, "zzzz") == MEMBER_QUERIES


def test_the_page_costs_a_fixed_number_of_queries(world):
    seed(world)
    http = signed_in(world, "owner")
    http.get("/search/", {"q": "al"})  # warm the session
    with CaptureQueriesContext(connection) as few:
        assert http.get("/search/", {"q": "al"}).status_code == 200
    _grow(world, 12)
    with CaptureQueriesContext(connection) as many:
        assert http.get("/search/", {"q": "al"}).status_code == 200
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]
    # The session, the user and the actor, then one query per kind.
    assert len(few) == 3 + MEMBER_QUERIES
