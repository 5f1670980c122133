"""A member finds each kind of row by the field it is known by, linked to the page showing it."""

import pytest
from django.utils import translation

from pacte.clients.services import client_create
from pacte.kernel.tenancy import Actor
from pacte.search.selectors import search

from .helpers import kinds, seed, titles

pytestmark = pytest.mark.django_db


def test_clients_by_name_and_city(world):
    seed(world)
    actor = world.actor("viewer")
    assert titles(search(actor=actor, query="boulangerie"), "clients") == ["Boulangerie Alpha"]
    found = search(actor=actor, query="LYON")
    assert titles(found, "clients") == ["Fromagerie Delta"]
    assert found.groups[0].results[0].subtitle == "Lyon"


def test_contacts_by_name_and_email(world):
    seeded = seed(world)
    actor = world.actor("consultant")
    by_name = search(actor=actor, query="martin")
    assert titles(by_name, "contacts") == ["Hélène Martin"]
    (result,) = by_name.groups[0].results
    assert result.url == f"/clients/{world.client.pk}/#contacts"
    assert result.subtitle == "Gérante · Boulangerie Alpha · helene@alpha.test"
    assert titles(search(actor=actor, query="@ALPHA.test"), "contacts") == [
        seeded.contact.full_name
    ]


def test_engagements_by_title(world):
    seeded = seed(world)
    found = search(actor=world.actor("owner"), query="refonte")
    assert titles(found, "engagements") == ["Refonte boutique Alpha", "Refonte garage Beta"]
    first = found.groups[0].results[0]
    assert first.url == f"/engagements/{seeded.alpha_engagement.pk}/"
    assert first.subtitle.startswith("Boulangerie Alpha · ")


def test_invoices_by_number_link_to_their_row(world):
    seeded = seed(world)
    with translation.override("en"):
        found = search(actor=world.actor("manager"), query="f-2026")
    assert kinds(found) == ["invoices"]
    assert [r.url for r in found.groups[0].results] == [
        f"/engagements/{seeded.alpha_engagement.pk}/#invoice-{seeded.open_invoice.pk}",
        f"/engagements/{seeded.alpha_engagement.pk}/#invoice-{seeded.paid_invoice.pk}",
        f"/engagements/{seeded.beta_engagement.pk}/#invoice-{seeded.beta_invoice.pk}",
    ]
    subtitles = [r.subtitle for r in found.groups[0].results]
    assert subtitles[0].startswith("Boulangerie Alpha · Refonte boutique Alpha · 1,200.00")
    assert "· due " in subtitles[0] and "· paid " in subtitles[1]


def test_assets_by_identifier_link_to_the_clients_assets(world):
    seeded = seed(world)
    found = search(actor=world.actor("owner"), query="boutique.fr")
    (result,) = found.groups[0].results
    assert (found.groups[0].kind, result.title) == ("assets", "alpha-boutique.fr")
    assert result.url == f"/clients/{world.client.pk}/assets/#asset-{seeded.alpha_asset.pk}"


def test_one_word_finds_every_kind_in_order_and_the_start_of_a_name_first(world):
    seed(world)
    client_create(actor=Actor.system(world.workspace), name="Zèbre Alphabet")
    client_create(actor=Actor.system(world.workspace), name="Alpha Conseil")
    found = search(actor=world.actor("owner"), query="alpha")
    assert kinds(found) == ["clients", "contacts", "engagements", "assets"]
    # A name starting with the query first, then the others by name.
    assert titles(found, "clients") == ["Alpha Conseil", "Boulangerie Alpha", "Zèbre Alphabet"]


def test_results_are_bounded_per_kind_and_say_there_are_more(world):
    seed(world)
    found = search(actor=world.actor("owner"), query="F-2026", limit_per_kind=2)
    (group,) = found.groups
    assert len(group.results) == 2 and group.more is True
    assert search(actor=world.actor("owner"), query="F-2026").groups[0].more is False


def test_provider_notes_are_never_searched(world):
    seed(world)
    assert search(actor=world.actor("owner"), query="internal-secret").groups == []
