"""Clients, their profile and contacts, and the client list with its search and filters."""

import datetime as dt

import pytest
from django.utils import timezone

from pacte.billing.services import invoice_create, payment_record
from pacte.clients.models import Client, Contact
from pacte.clients.selectors import client_get, client_list, contact_list
from pacte.clients.services import client_create, client_update, contact_create, contact_update
from pacte.decisions.services import recommendation_create, recommendation_decide
from pacte.engagements.services import engagement_activate, engagement_create
from pacte.exchanges.services import exchange_log
from pacte.kernel.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from pacte.kernel.models import LedgerEntry

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def days(n: int) -> dt.date:
    return TODAY + dt.timedelta(days=n)


def counts():
    return tuple(
        model.objects.across_workspaces().count() for model in (Client, Contact, LedgerEntry)
    )


def last_entry(world):
    return LedgerEntry.objects.in_workspace(world.workspace).last()


def stored(client):
    return Client.objects.in_workspace(client.workspace_id).filter(pk=client.pk).values().get()


# --- Clients --------------------------------------------------------------------------------


def test_a_client_is_created_with_its_profile_and_journaled(world):
    client = client_create(
        actor=world.actor("consultant"),
        name="  Studio Photo Lumière  ",
        city=" Québec ",
        preferred_channel="call",
        report_frequency="monthly",
        language="fr",
        decision_style="single",
        expectations="Un compte rendu court, par téléphone.",
        notes="",
    )
    assert client.name == "Studio Photo Lumière"
    assert (client.city, client.preferred_channel, client.report_frequency) == (
        "Québec",
        "call",
        "monthly",
    )
    assert (client.language, client.decision_style) == ("fr", "single")
    entry = last_entry(world)
    assert (entry.action, entry.payload) == ("client.created", {"name": "Studio Photo Lumière"})
    assert entry.actor == "consultant@nord.test (consultant)"
    assert client_get(actor=world.actor("viewer"), client_id=client.pk) == client


def test_a_client_speaks_french_unless_told_otherwise(world):
    assert client_create(actor=world.actor("owner"), name="Sans profil").language == "fr"
    assert client_create(actor=world.actor("owner"), name="Anglo", language="en").language == "en"


@pytest.mark.parametrize("name", ["Boulangerie Alpha", "boulangerie alpha", " BOULANGERIE ALPHA "])
def test_two_clients_of_a_workspace_cannot_share_a_name(world, name):
    before = counts()
    with pytest.raises(Conflict) as refused:
        client_create(actor=world.actor("owner"), name=name)
    assert refused.value.code == "client_exists"
    assert counts() == before


def test_another_workspace_may_have_a_client_of_the_same_name(world):
    client = client_create(actor=world.actor("other_workspace"), name="Boulangerie Alpha")
    assert client.workspace_id == world.other_workspace.pk


@pytest.mark.parametrize(
    "kwargs",
    [
        {"name": ""},
        {"name": "   "},
        {"name": "x" * 201},
        {"name": "Ok", "vat_number": "FR123"},  # unknown field
        {"name": "Ok", "workspace": 2},  # not a profile field either
        {"name": "Ok", "preferred_channel": "fax"},
        {"name": "Ok", "report_frequency": "daily"},
        {"name": "Ok", "language": "de"},
        {"name": "Ok", "decision_style": "dictator"},
    ],
)
def test_bad_clients_write_nothing(world, kwargs):
    before = counts()
    with pytest.raises(InvalidInput):
        client_create(actor=world.actor("owner"), **kwargs)
    assert counts() == before


@pytest.mark.parametrize("kind", ["viewer", "portal"])
def test_readers_cannot_create_or_change_clients(world, kind):
    before, row = counts(), stored(world.client)
    with pytest.raises(PermissionDenied):
        client_create(actor=world.actor(kind), name="Nouveau")
    with pytest.raises(PermissionDenied):
        client_update(actor=world.actor(kind), client_id=world.client.pk, city="Lyon")
    assert counts() == before and stored(world.client) == row


def test_a_client_profile_changes_only_where_told(world):
    client_update(actor=world.actor("consultant"), client_id=world.client.pk, city="Montréal")
    client_update(
        actor=world.actor("consultant"),
        client_id=world.client.pk,
        name="Boulangerie ALPHA",  # its own name in another case is fine
        preferred_channel="email",
        expectations="Des nouvelles chaque vendredi.",
    )
    row = stored(world.client)
    assert (row["name"], row["city"], row["preferred_channel"], row["language"]) == (
        "Boulangerie ALPHA",
        "Montréal",
        "email",
        "fr",
    )
    assert row["expectations"] == "Des nouvelles chaque vendredi."


@pytest.mark.parametrize(
    "changes, error",
    [
        ({"name": "garage beta"}, Conflict),  # another client's name
        ({"name": ""}, InvalidInput),
        ({"name": "   "}, InvalidInput),
        ({"language": "de"}, InvalidInput),
        ({"language": None}, InvalidInput),
        ({"preferred_channel": "fax"}, InvalidInput),
        ({"vat_number": "FR1"}, InvalidInput),
        ({"workspace_id": 2}, InvalidInput),
    ],
)
def test_bad_client_changes_write_nothing(world, changes, error):
    before, row = counts(), stored(world.client)
    with pytest.raises(error):
        client_update(actor=world.actor("owner"), client_id=world.client.pk, **changes)
    assert counts() == before and stored(world.client) == row


def test_a_client_of_another_workspace_is_not_found(world):
    row = stored(world.foreign_client)
    with pytest.raises(NotFound):
        client_update(actor=world.actor("owner"), client_id=world.foreign_client.pk, city="X")
    with pytest.raises(NotFound):
        client_get(actor=world.actor("owner"), client_id=world.foreign_client.pk)
    with pytest.raises(NotFound):
        client_get(actor=world.actor("portal"), client_id=world.other_client.pk)
    assert stored(world.foreign_client) == row


# --- Contacts -------------------------------------------------------------------------------


def add_contact(world, client=None, full_name="Alice Martin", **fields):
    return contact_create(
        actor=world.actor("consultant"),
        client_id=(client or world.client).pk,
        full_name=full_name,
        **fields,
    )


def test_a_contact_is_added_with_its_designations(world):
    contact = add_contact(
        world,
        full_name="  Alice Martin ",
        job_title="Gérante",
        email=" alice@alpha.test ",
        for_decisions=True,
        for_billing=True,
    )
    assert contact.full_name == "Alice Martin" and contact.client == world.client
    assert contact.email == "alice@alpha.test"
    entry = last_entry(world)
    assert entry.action == "contact.added"
    assert entry.payload == {
        "client": "Boulangerie Alpha",
        "name": "Alice Martin",
        "decisions": True,
        "operations": False,
        "billing": True,
    }
    assert contact_list(actor=world.actor("portal"), client=world.client) == [contact]
    assert contact_list(actor=world.actor("portal_other_client"), client=world.client) == []


@pytest.mark.parametrize(
    "kwargs",
    [
        {"full_name": ""},
        {"full_name": "   "},
        {"email": "pas-une-adresse"},
        {"linkedin": "alice"},  # unknown field
        {"client": 2},  # not a contact field
        {"workspace_id": 2},
    ],
)
def test_bad_contacts_write_nothing(world, kwargs):
    values = {"full_name": "Alice Martin"}
    values.update(kwargs)
    before = counts()
    with pytest.raises(InvalidInput):
        contact_create(actor=world.actor("owner"), client_id=world.client.pk, **values)
    assert counts() == before


def test_a_contact_for_a_client_of_another_workspace_is_not_found(world):
    before = counts()
    with pytest.raises(NotFound):
        add_contact(world, client=world.foreign_client)
    assert counts() == before


def test_changing_designations_is_journaled(world):
    contact = add_contact(world, for_decisions=True)
    before = counts()
    contact_update(actor=world.actor("manager"), contact_id=contact.pk, phone="+33 6 12 34 56 78")
    assert counts() == before  # a phone number is not a designation
    contact_update(
        actor=world.actor("manager"),
        contact_id=contact.pk,
        for_decisions=False,
        for_operations=True,
    )
    entry = last_entry(world)
    assert entry.action == "contact.designations_changed"
    assert entry.payload == {
        "name": "Alice Martin",
        "decisions": False,
        "operations": True,
        "billing": False,
    }
    assert entry.actor == "manager@nord.test (manager)"
    stored_contact = Contact.objects.in_workspace(world.workspace).get(pk=contact.pk)
    assert (stored_contact.phone, stored_contact.for_operations) == ("+33 6 12 34 56 78", True)
    before = counts()
    contact_update(actor=world.actor("manager"), contact_id=contact.pk, for_operations=True)
    assert counts() == before  # the same designations again: nothing to journal


@pytest.mark.parametrize(
    "changes",
    [
        {"full_name": ""},
        {"full_name": "   "},
        {"email": "nope"},
        {"for_decisions": None},
        {"client": 2},
    ],
)
def test_bad_contact_changes_write_nothing(world, changes):
    contact = add_contact(world)
    row = Contact.objects.in_workspace(world.workspace).filter(pk=contact.pk).values().get()
    before = counts()
    with pytest.raises(InvalidInput):
        contact_update(actor=world.actor("owner"), contact_id=contact.pk, **changes)
    assert counts() == before
    assert Contact.objects.in_workspace(world.workspace).filter(pk=contact.pk).values().get() == row


def test_contacts_of_another_workspace_are_not_found(world):
    contact = add_contact(world)
    with pytest.raises(NotFound):
        contact_update(actor=world.actor("other_workspace"), contact_id=contact.pk, phone="1")
    with pytest.raises(PermissionDenied):
        contact_update(actor=world.actor("viewer"), contact_id=contact.pk, phone="1")


# --- The client list ------------------------------------------------------------------------


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
