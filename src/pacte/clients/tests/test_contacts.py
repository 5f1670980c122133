"""A client's contacts and their designations, from the service and the page."""

import pytest

from pacte.clients.models import Contact
from pacte.clients.selectors import contact_list
from pacte.clients.services import contact_create, contact_update
from pacte.clients.tests.helpers import add_contact, browser, counts, last_entry
from pacte.exchanges.models import Exchange
from pacte.kernel.errors import InvalidInput, NotFound, PermissionDenied

pytestmark = pytest.mark.django_db


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
    assert list(contact_list(actor=world.actor("portal"), client=world.client)) == [contact]
    assert not contact_list(actor=world.actor("portal_other_client"), client=world.client)


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


def test_adding_a_contact_and_logging_an_exchange(world):
    http = browser(world)
    http.post(
        f"/clients/{world.client.pk}/contacts/new/",
        {
            "contact-full_name": "Anne Petit",
            "contact-email": "anne@alpha.test",
            "contact-for_decisions": "on",
        },
    )
    contact = Contact.objects.in_workspace(world.workspace).get(full_name="Anne Petit")
    assert contact.for_decisions and not contact.for_billing
    http.post(
        f"/clients/{world.client.pk}/exchanges/new/",
        {
            "exchange-occurred_on": "2026-11-02",
            "exchange-channel": "call",
            "exchange-direction": "outbound",
            "exchange-summary": "Point hebdomadaire",
        },
    )
    assert Exchange.objects.in_workspace(world.workspace).filter(client=world.client).count() == 1
    html = http.get(f"/clients/{world.client.pk}/").content.decode()
    assert "Anne Petit" in html and "Point hebdomadaire" in html
