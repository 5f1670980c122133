"""The client list: its filters, figures and search, for each actor, from the selector and the
page."""

import datetime as dt

import pytest
from django.utils import timezone

from pacte.billing.services import invoice_create, payment_record
from pacte.clients.selectors import client_list
from pacte.clients.services import client_create
from pacte.clients.tests.helpers import MEMBERS, add_contact, browser
from pacte.decisions.services import recommendation_create, recommendation_decide
from pacte.engagements.services import engagement_activate, engagement_create
from pacte.exchanges.services import exchange_log
from pacte.testing import check_page_as_each_actor

pytestmark = pytest.mark.django_db


TODAY = timezone.localdate()


def days(n: int) -> dt.date:
    return TODAY + dt.timedelta(days=n)


def engage(world, client, *, active=True, title="Mission"):
    owner = world.actor("owner")
    engagement = engagement_create(actor=owner, client_id=client.pk, title=title, value="1000")
    if active:
        invoice = invoice_create(
            actor=owner, engagement_id=engagement.pk, kind="deposit", amount="300", due_on=TODAY
        )
        payment_record(actor=owner, invoice_id=invoice.pk, amount="300", paid_on=TODAY)
        engagement_activate(actor=owner, engagement_id=engagement.pk)
    return engagement


def outbound(world, client, engagement, on):
    exchange_log(
        actor=world.actor("owner"),
        client_id=client.pk,
        engagement_id=engagement.pk,
        channel="email",
        direction="outbound",
        summary="Nouvelles",
        occurred_on=days(on),
    )


@pytest.fixture
def clientele(world):
    """A client in each situation (world.other_client, "Garage Beta", has no engagement)."""
    owner = world.actor("owner")
    alpha = world.client  # active, written to recently
    outbound(world, alpha, engage(world, alpha), -2)
    drafting = client_create(actor=owner, name="Charcuterie Delta", city="Lyon")
    engage(world, drafting, active=False)
    late = client_create(actor=owner, name="Droguerie Epsilon")
    late_engagement = engage(world, late)
    invoice_create(
        actor=owner,
        engagement_id=late_engagement.pk,
        kind="progress",
        amount="200",
        issued_on=days(-40),
        due_on=days(-10),
    )
    refusing = client_create(actor=owner, name="Epicerie Zeta", city="Montreal")
    recommendation = recommendation_create(
        actor=owner, engagement_id=engage(world, refusing).pk, title="Sauvegardes"
    )
    recommendation_decide(
        actor=owner, recommendation_id=recommendation.pk, decision="refused", decided_by="Zoé"
    )
    quiet = client_create(actor=owner, name="Fleuriste Eta")
    outbound(world, quiet, engage(world, quiet), -12)
    add_contact(world, client=quiet, full_name="Théo Dubois")
    return {
        "alpha": alpha,
        "beta": world.other_client,
        "drafting": drafting,
        "late": late,
        "refusing": refusing,
        "quiet": quiet,
    }


def names(qs):
    return [c.name for c in qs]


@pytest.mark.parametrize(
    "status, expected",
    [
        ("", ["alpha", "drafting", "late", "refusing", "quiet", "beta"]),
        ("active", ["alpha", "late", "refusing", "quiet"]),
        ("awaiting_deposit", ["drafting"]),
        ("late_payer", ["late"]),
        ("refusals", ["refusing"]),
        ("silent", ["quiet"]),
        ("no_engagement", ["beta"]),
    ],
)
def test_each_filter_finds_the_clients_in_that_situation(world, clientele, status, expected):
    found = client_list(actor=world.actor("viewer"), status=status)
    assert sorted(names(found)) == sorted(clientele[k].name for k in expected)


def test_the_list_carries_the_figures_it_shows(world, clientele):
    rows = {c.pk: c for c in client_list(actor=world.actor("owner"))}
    late = rows[clientele["late"].pk]
    assert (late.active_count, late.engagement_count, late.overdue_count) == (1, 1, 1)
    assert rows[clientele["refusing"].pk].refusal_count == 1
    assert rows[clientele["quiet"].pk].last_exchange_on == days(-12)
    beta = rows[clientele["beta"].pk]
    assert (beta.engagement_count, beta.overdue_count, beta.last_exchange_on) == (0, 0, None)


@pytest.mark.parametrize(
    "query, expected",
    [
        ("alpha", ["alpha"]),
        ("BOULANGERIE", ["alpha"]),
        ("lyon", ["drafting"]),  # city
        ("montreal", ["refusing"]),
        ("dubois", ["quiet"]),  # a contact's name
        ("  Théo ", ["quiet"]),
        ("rie", ["alpha", "drafting", "late", "refusing"]),
        ("nobody", []),
    ],
)
def test_the_list_is_searched_by_name_city_or_contact(world, clientele, query, expected):
    found = client_list(actor=world.actor("consultant"), query=query)
    assert sorted(names(found)) == sorted(clientele[k].name for k in expected)


def test_search_and_filter_combine(world, clientele):
    assert names(client_list(actor=world.actor("owner"), query="eta", status="silent")) == [
        "Fleuriste Eta"
    ]
    assert names(client_list(actor=world.actor("owner"), query="zeta", status="silent")) == []


def test_a_portal_user_sees_only_their_own_client(world, clientele):
    assert names(client_list(actor=world.actor("portal"))) == ["Boulangerie Alpha"]
    assert names(client_list(actor=world.actor("portal"), status="active")) == ["Boulangerie Alpha"]
    assert names(client_list(actor=world.actor("portal"), query="garage")) == []
    assert names(client_list(actor=world.actor("portal_other_client"))) == ["Garage Beta"]


def test_another_workspace_sees_only_its_own_clients(world, clientele):
    assert names(client_list(actor=world.actor("other_workspace"))) == ["Cave Gamma"]


def test_client_list_as_each_actor(world):
    responses = check_page_as_each_actor(world, "/clients/", MEMBERS)
    assert b"Boulangerie Alpha" in responses["viewer"].content
    assert b"Boulangerie Alpha" not in responses["other_workspace"].content
    assert b"Cave Gamma" in responses["other_workspace"].content


def test_client_list_searches_and_filters(world):
    http = browser(world)
    html = http.get("/clients/", {"q": "alpha"}).content.decode()
    assert "Boulangerie Alpha" in html and "Garage Beta" not in html
    html = http.get("/clients/", {"status": "no_engagement"}).content.decode()
    assert "Boulangerie Alpha" in html
    html = http.get("/clients/", {"status": "active"}).content.decode()
    assert "No client matches" in html
    # An unknown filter is ignored rather than an error.
    assert http.get("/clients/", {"status": "bogus"}).status_code == 200


def test_the_list_leads_to_every_clients_conflicts_and_consents(world):
    """The workspace-wide pages of issue 12 are one click from the clients, for any member."""
    page = browser(world, "viewer").get("/clients/").content.decode()
    assert 'href="/conflicts/"' in page and 'href="/consents/"' in page
