"""R-SILENCE: an active engagement with no outbound exchange for the workspace's limit is
flagged."""

import pytest

from pacte.billing.services import invoice_create
from pacte.engagements.selectors import engagement_next_steps
from pacte.engagements.services import engagement_hold
from pacte.exchanges.selectors import engagement_silence, silent_engagements
from pacte.exchanges.tests.helpers import TODAY, active_engagement, days, new_engagement, write
from pacte.handoff.services import engagement_start_closing
from pacte.kernel.errors import PermissionDenied

pytestmark = pytest.mark.django_db


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


def test_never_writing_and_writing_long_ago_are_ordered_by_the_days_of_silence(world):
    never = active_engagement(world, title="Jamais écrit")  # silent since its activation
    long_ago = active_engagement(world, client=world.other_client, title="Il y a longtemps")
    lately = active_engagement(world, title="Récemment")
    write(world, long_ago, on=-5)
    write(world, lately, on=-2)
    later = days(40)
    rows = silent_engagements(actor=world.actor("owner"), today=later)
    assert [(r.engagement.pk, r.days, r.last_outbound_on) for r in rows] == [
        (long_ago.pk, 45, days(-5)),
        (lately.pk, 42, days(-2)),
        (never.pk, 40, None),
    ]
    # The dashboard's first rows are cut in SQL, in the same order.
    first = silent_engagements(actor=world.actor("owner"), today=later, limit=2)
    assert [r.engagement.pk for r in first] == [long_ago.pk, lately.pk]


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
