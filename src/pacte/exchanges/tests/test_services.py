"""The journal of exchanges and R-SILENCE: an active engagement with no outbound exchange for
the workspace's number of days (10 by default) is flagged."""

import datetime as dt

import pytest
from django.utils import timezone

from pacte.billing.services import invoice_create, payment_record
from pacte.engagements.selectors import engagement_next_steps
from pacte.engagements.services import (
    engagement_activate,
    engagement_create,
    engagement_hold,
)
from pacte.exchanges.models import Exchange
from pacte.exchanges.selectors import engagement_silence, exchange_list, silent_engagements
from pacte.exchanges.services import exchange_log
from pacte.handoff.services import (
    engagement_start_closing,
)
from pacte.kernel.errors import InvalidInput, NotFound, PermissionDenied
from pacte.kernel.models import LedgerEntry

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def days(n: int) -> dt.date:
    return TODAY + dt.timedelta(days=n)


def counts():
    return (
        Exchange.objects.across_workspaces().count(),
        LedgerEntry.objects.across_workspaces().count(),
    )


def new_engagement(world, client=None, title="Refonte du site"):
    return engagement_create(
        actor=world.actor("owner"), client_id=(client or world.client).pk, title=title, value="5000"
    )


def active_engagement(world, client=None, title="Refonte du site"):
    owner = world.actor("owner")
    engagement = new_engagement(world, client, title)
    invoice = invoice_create(
        actor=owner, engagement_id=engagement.pk, kind="deposit", amount="1500", due_on=TODAY
    )
    payment_record(actor=owner, invoice_id=invoice.pk, amount="1500", paid_on=TODAY)
    engagement = engagement_activate(actor=owner, engagement_id=engagement.pk)
    assert engagement.activated_on == TODAY
    return engagement


def write(world, engagement=None, *, on, direction="outbound", client=None, **kwargs):
    values = {"channel": "email", "summary": "Point d'avancement"}
    values.update(kwargs)
    return exchange_log(
        actor=world.actor("consultant"),
        client_id=(client or (engagement.client if engagement else world.client)).pk,
        engagement_id=engagement.pk if engagement else None,
        direction=direction,
        occurred_on=days(on),
        **values,
    )


def silent(world, today=TODAY, kind="owner"):
    return {s.engagement.pk: s for s in silent_engagements(actor=world.actor(kind), today=today)}


def test_ten_days_without_writing_to_the_client_is_flagged(world):
    engagement = active_engagement(world)
    write(world, engagement, on=-10)
    flagged = silent(world)
    assert list(flagged) == [engagement.pk]
    assert flagged[engagement.pk].days == 10
    assert flagged[engagement.pk].last_outbound_on == days(-10)


def test_nine_days_is_not_yet_a_silence(world):
    engagement = active_engagement(world)
    write(world, engagement, on=-9)
    assert silent(world) == {}


def test_the_latest_outbound_exchange_counts(world):
    engagement = active_engagement(world)
    write(world, engagement, on=-30)
    write(world, engagement, on=-4, channel="call")
    assert silent(world) == {}
    assert silent(world, today=days(6))[engagement.pk].days == 10


def test_the_client_writing_to_us_is_not_us_writing_to_them(world):
    engagement = active_engagement(world)
    write(world, engagement, on=-12)
    write(world, engagement, on=-1, direction="inbound", channel="message")
    write(world, None, on=0, direction="inbound", channel="call")
    flagged = silent(world)
    assert flagged[engagement.pk].days == 12
    assert flagged[engagement.pk].last_outbound_on == days(-12)


def test_an_outbound_exchange_about_the_client_in_general_counts(world):
    engagement = active_engagement(world)
    write(world, engagement, on=-15)
    write(world, None, on=-2, summary="Vœux de fin d'année")
    assert silent(world) == {}
    assert silent(world, today=days(8))[engagement.pk].last_outbound_on == days(-2)


def test_writing_about_another_engagement_or_to_another_client_does_not_count(world):
    engagement = active_engagement(world)
    other = active_engagement(world, title="Maintenance")
    elsewhere = active_engagement(world, client=world.other_client, title="Garage")
    write(world, engagement, on=-11)
    write(world, other, on=-1)
    write(world, elsewhere, on=-1)
    flagged = silent(world)
    assert list(flagged) == [engagement.pk]
    assert flagged[engagement.pk].days == 11


def test_without_any_exchange_the_silence_counts_from_activation(world):
    engagement = active_engagement(world)
    write(world, engagement, on=0, direction="inbound")
    assert silent(world, today=days(9)) == {}
    flagged = silent(world, today=days(10))
    assert flagged[engagement.pk].days == 10
    assert flagged[engagement.pk].last_outbound_on is None


def test_engagements_that_are_not_active_are_never_flagged(world):
    owner = world.actor("owner")
    draft = new_engagement(world, title="Brouillon")
    awaiting = new_engagement(world, title="En attente")
    invoice_create(
        actor=owner, engagement_id=awaiting.pk, kind="deposit", amount="10", due_on=TODAY
    )
    on_hold = active_engagement(world, title="En pause")
    engagement_hold(actor=owner, engagement_id=on_hold.pk)
    closing = active_engagement(world, title="En clôture")
    engagement_start_closing(actor=owner, engagement_id=closing.pk)
    for engagement in (draft, awaiting, on_hold, closing):
        write(world, engagement, on=-60)
    assert silent(world, today=days(365)) == {}


def test_the_workspace_decides_how_long_a_silence_may_last(world):
    engagement = active_engagement(world)
    write(world, engagement, on=-7)
    assert silent(world) == {}
    owner = world.actor("owner")
    owner.workspace.silence_days = 5
    owner.workspace.save()
    assert silent_engagements(actor=owner, today=TODAY)[0].days == 7
    owner.workspace.silence_days = 30
    owner.workspace.save()
    write(world, engagement, on=-25)  # older: the last one still counts
    assert silent_engagements(actor=world.actor("owner"), today=days(22)) == []
    assert silent_engagements(actor=world.actor("owner"), today=days(23))[0].days == 30


def test_the_most_silent_engagement_comes_first(world):
    quiet = active_engagement(world, title="Calme")
    quieter = active_engagement(world, client=world.other_client, title="Très calme")
    write(world, quiet, on=-11)
    write(world, quieter, on=-20)
    rows = silent_engagements(actor=world.actor("viewer"), today=TODAY)
    assert [(r.engagement.pk, r.days) for r in rows] == [(quieter.pk, 20), (quiet.pk, 11)]


def test_silence_flags_are_the_providers_own(world):
    """R-SILENCE watches us, not the client: a portal user does not see the flags, and
    another workspace sees only its own."""

    mine = active_engagement(world)
    write(world, mine, on=-12)
    with pytest.raises(PermissionDenied):
        silent(world, kind="portal")
    assert silent(world, kind="other_workspace") == {}


def test_the_overview_tells_to_write_to_the_client(world):
    from django.utils.translation import override

    engagement = active_engagement(world)
    write(world, engagement, on=-14)
    with override("en"):
        steps = engagement_next_steps(actor=world.actor("owner"), engagement=engagement)
    assert engagement_silence(actor=world.actor("owner"), engagement=engagement).days == 14
    assert "No news sent to the client for 14 days: write to them." in steps


# --- The journal ----------------------------------------------------------------------------


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
