"""The search is scoped by the tenancy guard: another workspace's rows never appear, and a
portal user searches only their own client's engagements and invoices, linked to the portal."""

import pytest

from pacte.search.registry import all_sources, sources_for
from pacte.search.selectors import search

from .helpers import kinds, seed, titles

pytestmark = pytest.mark.django_db

# Words that match rows in both workspaces and for both clients of Atelier Nord.
WORDS = ("alpha", "refonte", "F-2026", "lyon", ".fr", "boulangerie")


def test_another_workspaces_rows_never_appear(world):
    seed(world)
    for word in WORDS:
        nord = titles(search(actor=world.actor("owner"), query=word))
        sud = titles(search(actor=world.actor("other_workspace"), query=word))
        assert not any("Gamma" in t or "Sud" in t or t.endswith("-009") for t in nord), word
        assert not any("Beta" in t or "Boulangerie Alpha" == t for t in sud), word
    (only,) = titles(search(actor=world.actor("other_workspace"), query="F-2026"))
    assert only.endswith("F-2026-009")


def test_a_portal_user_finds_their_own_engagements_and_invoices_only(world):
    seed(world)
    engagements = search(actor=world.actor("portal"), query="refonte")
    assert titles(engagements) == ["Refonte boutique Alpha"]
    assert engagements.groups[0].results[0].url == "/portal/#engagements"
    other = search(actor=world.actor("portal_other_client"), query="refonte")
    assert titles(other) == ["Refonte garage Beta"]


def test_a_portal_user_finds_invoices_to_pay_linked_and_paid_ones_without_a_link(world):
    seeded = seed(world)
    found = search(actor=world.actor("portal"), query="f-2026")
    assert kinds(found) == ["invoices"]
    numbers = [r.title.split()[-1] for r in found.groups[0].results]
    assert numbers == [seeded.open_invoice.number, seeded.paid_invoice.number]
    urls = [r.url for r in found.groups[0].results]
    assert urls == ["/portal/#open-invoices", ""]
    # The provider's own pages and other clients' names never show in a portal result.
    for result in found.groups[0].results:
        assert "Boulangerie" not in result.subtitle and "/engagements/" not in result.url


def test_a_portal_user_never_searches_the_providers_working_view(world):
    seed(world)
    for word in ("alpha", "martin", "helene", ".fr", "boulangerie", "internal-secret", "lyon"):
        found = search(actor=world.actor("portal"), query=word)
        assert set(kinds(found)) <= {"engagements", "invoices"}, word
        for group in found.groups:
            for result in group.results:
                assert result.url.startswith("/portal/") or result.url == "", result
    assert {s.kind for s in sources_for(world.actor("portal"))} == {"engagements", "invoices"}
    assert {s.kind for s in sources_for(world.actor("viewer"))} == {s.kind for s in all_sources()}
