"""/search/?q=…: members and portal users, each seeing their own; anonymous to the login."""

import pytest
from django.test import Client as HttpClient

from pacte.testing import check_page_as_each_actor

from .helpers import seed, signed_in

pytestmark = pytest.mark.django_db

EVERYONE_SIGNED_IN = {
    "anonymous": 302,
    "owner": 200,
    "manager": 200,
    "consultant": 200,
    "viewer": 200,
    "portal": 200,
    "portal_other_client": 200,
    "other_workspace": 200,
}


def test_the_page_as_each_actor_shows_only_what_they_reach(world):
    seed(world)
    responses = check_page_as_each_actor(world, "/search/", EVERYONE_SIGNED_IN, data={"q": "Alpha"})
    assert responses["anonymous"]["Location"].startswith("/accounts/login/?next=/search/")
    html = {kind: r.content.decode() for kind, r in responses.items() if r.status_code == 200}
    assert f'href="/clients/{world.client.pk}/"' in html["viewer"]
    assert "alpha-boutique.fr" in html["owner"] and "Hélène Martin" in html["manager"]
    assert "Gamma" not in html["owner"] and "alpha-gamma.fr" in html["other_workspace"]
    assert "Boulangerie Alpha" not in html["other_workspace"]
    # Portal: their engagement, linked to the portal home; nothing of the provider's view.
    assert (
        "Refonte boutique Alpha" in html["portal"]
        and 'href="/portal/#engagements"' in html["portal"]
    )
    for kind in ("portal", "portal_other_client"):
        assert "alpha-boutique.fr" not in html[kind] and "Hélène Martin" not in html[kind]
        assert "/clients/" not in html[kind].split("<main", 1)[1]
    assert "Refonte boutique Alpha" not in html["portal_other_client"]


def test_without_a_query_the_page_says_what_it_searches(world):
    check_page_as_each_actor(world, "/search/", EVERYONE_SIGNED_IN)
    html = signed_in(world, "owner").get("/search/").content.decode()
    assert "invoices by number" in html and "Nothing matches" not in html
    portal = signed_in(world, "portal").get("/search/").content.decode()
    assert "Your engagements by title" in portal


def test_results_are_grouped_under_a_heading_per_kind(world):
    seed(world)
    html = signed_in(world, "owner").get("/search/", {"q": "alpha"}).content.decode()
    for heading in ("Clients", "Contacts", "Engagements", "Assets"):
        assert f'>{heading} <span class="count">' in html
    assert "results for “alpha”" in html
    assert 'value="alpha"' in html  # the query stays in the field, to refine it


def test_nothing_found_says_so_with_the_query(world):
    response = signed_in(world, "owner").get("/search/", {"q": "zzz<b>"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Nothing matches “zzz&lt;b&gt;”" in html and "<b>" not in html.split("<main", 1)[1]


def test_the_header_has_a_labelled_search_field_for_members_and_portal_users(world):
    for kind in ("owner", "portal"):
        html = signed_in(world, kind).get("/search/").content.decode()
        header = html.split("<main", 1)[0]
        assert 'role="search"' in header and 'action="/search/"' in header
        assert 'id="header-search-q"' in header and 'for="header-search-q"' in header
        assert 'aria-keyshortcuts="/"' in header
    login = HttpClient().get("/accounts/login/").content.decode()
    assert "header-search-q" not in login
