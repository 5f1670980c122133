"""The search speaks French to a French-speaking person: the page, the header and the API."""

import pytest

from .helpers import api, seed, signed_in

pytestmark = pytest.mark.django_db


def test_the_page_in_french(world):
    seed(world)
    http = signed_in(world, "owner", "fr")
    html = http.get("/search/", {"q": "alpha"}).content.decode()
    assert "<h1>Rechercher</h1>" in html
    for heading in ("Clients", "Contacts", "Missions", "Actifs"):
        assert f'>{heading} <span class="count">' in html
    assert "résultats pour « alpha »" in html
    invoices = http.get("/search/", {"q": "F-2026"}).content.decode()
    assert ">Factures <span" in invoices and "payée le" in invoices and "échéance le" in invoices
    empty = http.get("/search/", {"q": "zzz"}).content.decode()
    assert "Rien ne correspond à « zzz »" in empty
    header = empty.split("<main", 1)[0]
    assert 'placeholder="Rechercher"' in header


def test_refusals_in_french(world):
    http = signed_in(world, "portal", "fr")
    assert "au moins 2 caractères" in http.get("/search/", {"q": "a"}).content.decode()
    body = api(world, "owner", "fr").get("/api/v1/search", {"q": "x" * 200}).json()
    assert body["code"] == "query_too_long" and "100 caractères" in body["detail"]
    body = api(world, "owner", "fr").get("/api/v1/search", {"q": "a\x01b"}).json()
    assert body["code"] == "query_invalid" and "caractère" in body["detail"]
