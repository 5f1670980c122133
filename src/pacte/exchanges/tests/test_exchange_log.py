"""Logging an exchange: journaled with its people and follow-up, bad input refused, and who may
log."""

import pytest

from pacte.exchanges.models import Exchange
from pacte.exchanges.selectors import exchange_list
from pacte.exchanges.services import exchange_log
from pacte.exchanges.tests.helpers import TODAY, active_engagement, days, new_engagement, write
from pacte.kernel.errors import InvalidInput, NotFound, PermissionDenied
from pacte.kernel.models import LedgerEntry

pytestmark = pytest.mark.django_db


def counts():
    return (
        Exchange.objects.across_workspaces().count(),
        LedgerEntry.objects.across_workspaces().count(),
    )


def test_an_exchange_is_journaled_with_its_people_and_follow_up(world):
    engagement = active_engagement(world)
    exchange = write(
        world,
        engagement,
        on=-1,
        channel="meeting",
        people="  Alice, Bob  ",
        summary="  Atelier de recette  ",
        follow_up_on=days(6).isoformat(),
    )
    assert (exchange.people, exchange.summary, exchange.follow_up_on) == (
        "Alice, Bob",
        "Atelier de recette",
        days(6),
    )
    assert exchange.recorded_by == world.users["consultant"]
    assert [e.pk for e in exchange_list(actor=world.actor("viewer"), client=world.client)] == [
        exchange.pk
    ]


def test_an_exchange_without_a_date_happened_today(world):
    exchange = exchange_log(
        actor=world.actor("manager"),
        client_id=world.client.pk,
        channel="call",
        direction="inbound",
        summary="Question sur la facture",
    )
    assert exchange.occurred_on == TODAY and exchange.engagement is None


@pytest.mark.parametrize(
    "kwargs",
    [
        {"channel": "pigeon"},
        {"channel": ""},
        {"direction": "sideways"},
        {"direction": ""},
        {"occurred_on": days(1)},  # in the future
        {"occurred_on": "yesterday"},
        {"summary": ""},
        {"summary": "   "},
        {"follow_up_on": "bientôt"},
        {"occurred_on": days(-3), "follow_up_on": days(-4)},  # a follow-up before the exchange
    ],
)
def test_bad_exchanges_write_nothing(world, kwargs):
    values = {"channel": "email", "direction": "outbound", "summary": "Relance"}
    values.update(kwargs)
    before = counts()
    with pytest.raises(InvalidInput):
        exchange_log(actor=world.actor("consultant"), client_id=world.client.pk, **values)
    assert counts() == before


def test_an_exchange_about_an_engagement_of_another_client_is_not_found(world):
    theirs = new_engagement(world, client=world.other_client, title="Garage")
    before = counts()
    with pytest.raises(NotFound):
        exchange_log(
            actor=world.actor("consultant"),
            client_id=world.client.pk,
            engagement_id=theirs.pk,
            channel="email",
            direction="outbound",
            summary="x",
        )
    with pytest.raises(NotFound):
        exchange_log(
            actor=world.actor("consultant"),
            client_id=world.foreign_client.pk,
            channel="email",
            direction="outbound",
            summary="x",
        )
    assert counts() == before


@pytest.mark.parametrize("kind", ["viewer", "portal"])
def test_readers_cannot_log_exchanges(world, kind):
    before = counts()
    with pytest.raises(PermissionDenied):
        exchange_log(
            actor=world.actor(kind),
            client_id=world.client.pk,
            channel="email",
            direction="outbound",
            summary="x",
        )
    assert counts() == before
