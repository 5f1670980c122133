"""R-CONTACTS: distinct requesters (requests and inbound exchanges) over the rolling window,
against the designated contacts."""

import datetime as dt

import pytest
from django.utils import timezone

from pacte.exchanges.services import exchange_log
from pacte.support.contacts import Requesters, client_requesters

from .helpers import contact, request

pytestmark = pytest.mark.django_db
NOW = timezone.now()


def test_requests_and_inbound_exchanges_count_once_per_contact(world):
    claire = contact(world, "Claire Petit", for_decisions=True)
    paul = contact(world, "Paul Martin")
    zoe = contact(world, "Zoé Roux")
    request(world, NOW - dt.timedelta(days=3), contact_id=claire.pk)
    request(world, NOW - dt.timedelta(days=2), contact_id=claire.pk)
    request(world, NOW - dt.timedelta(days=40), contact_id=zoe.pk)  # outside the window
    for direction, who in (("inbound", paul), ("outbound", zoe)):
        exchange_log(
            actor=world.actor("owner"),
            client_id=world.client.pk,
            channel="email",
            direction=direction,
            summary="Question",
            contact_id=who.pk,
        )
    found = client_requesters(actor=world.actor("viewer"), client=world.client)
    assert (found.requesters, found.designated, found.window_days) == (2, 1, 30)
    assert found.words() == "2 different requesters in 30 days, 1 designated"


def test_the_sub_score():
    def score(requesters, designated):
        return Requesters(1, requesters, designated, 30, dt.date(2026, 6, 1)).score

    assert score(2, 2) == 100
    assert score(4, 2) == 50
    assert score(6, 2) == 0 and score(15, 2) == 0
    assert score(1, 0) == 75 and score(4, 0) == 0


def test_the_window_is_the_workspace_policy(world):
    zoe = contact(world, "Zoé Roux")
    request(world, NOW - dt.timedelta(days=40), contact_id=zoe.pk)
    assert client_requesters(actor=world.actor("owner"), client=world.client).requesters == 0
    world.workspace.contacts_window_days = 60
    world.workspace.save(update_fields=["contacts_window_days"])
    owner = world.actor("owner")
    assert client_requesters(actor=owner, client=world.client).requesters == 1
