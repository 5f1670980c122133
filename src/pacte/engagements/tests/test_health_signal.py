"""R-INVEST's second signal for the health score: the value given away (change requests
absorbed, or accepted and not billed yet, as a share of the engagement's value)."""

import pytest
from django.utils import translation

from pacte.engagements.models import Engagement, EngagementStatus
from pacte.engagements.services import engagement_create
from pacte.engagements.tests.helpers import create, engagement_in, move, reach, reload
from pacte.engagements.tests.signal_helpers import (
    assert_registered,
    clients,
    engagements,
    measure,
    queries_to_measure,
)
from pacte.kernel.signals import CLIENT, ENGAGEMENT

pytestmark = pytest.mark.django_db

KEY = "value_given_away"


@pytest.fixture(autouse=True)
def _in_english():
    with translation.override("en"):
        yield


def absorb(world, engagement, amount):
    """R-INVEST: a change request estimated at `amount`, then done for free."""
    request = reach(world, engagement, "estimated")
    move(world, request, "estimated", estimate_amount=amount)
    move(world, request, "absorbed")
    return request


def accept(world, engagement, amount):
    request = reach(world, engagement, "estimated")
    move(world, request, "estimated", estimate_amount=amount)
    move(world, request, "accepted")
    return request


def test_value_given_away_is_registered_under_r_invest():
    assert_registered(KEY, "R-INVEST", 10)


def test_absorbed_and_unbilled_extra_count_as_given_away(world):
    engagement = engagement_in(world, EngagementStatus.ACTIVE)  # value 10,000
    absorb(world, engagement, "500")
    accept(world, engagement, "700")
    reach(world, engagement, "refused")  # refused: nothing given
    billed = reach(world, engagement, "billed")  # billed: paid for

    reading = measure(
        KEY, world.workspace, ENGAGEMENT, engagements(world.workspace, engagement.pk)
    )[engagement.pk]
    # (500 + 700) / 10,000 = 12 %: 100 at 0 %, 0 at 20 %, a straight line: 40.
    assert reading.value == 12.0
    assert reading.score == 40
    assert "12 % of the value given away" in reading.shown
    assert "5 % absorbed" in reading.shown and "7 % accepted" in reading.shown
    assert reading.evidence == f"/engagements/{engagement.pk}/#change-requests"
    assert billed.pk


def test_more_given_away_is_a_lower_score_down_to_zero_at_a_fifth(world):
    engagement = engagement_in(world, EngagementStatus.ACTIVE)
    subjects = engagements(world.workspace, engagement.pk)
    assert measure(KEY, world.workspace, ENGAGEMENT, subjects)[engagement.pk].score == 100
    absorb(world, engagement, "1000")
    assert measure(KEY, world.workspace, ENGAGEMENT, subjects)[engagement.pk].score == 50
    absorb(world, engagement, "1000")  # 20 %
    assert measure(KEY, world.workspace, ENGAGEMENT, subjects)[engagement.pk].score == 0
    absorb(world, engagement, "3000")  # 50 %: still 0
    reading = measure(KEY, world.workspace, ENGAGEMENT, subjects)[engagement.pk]
    assert (reading.value, reading.score) == (50.0, 0)


def test_nothing_given_away_reads_healthy(world):
    engagement = engagement_in(world, EngagementStatus.ACTIVE)
    reading = measure(
        KEY, world.workspace, ENGAGEMENT, engagements(world.workspace, engagement.pk)
    )[engagement.pk]
    assert (reading.value, reading.score) == (0.0, 100)
    assert reading.shown.startswith("Nothing given away")


def test_a_client_reads_its_running_engagements_weighted_by_value(world):
    big = engagement_in(world, EngagementStatus.ACTIVE)  # 10,000
    absorb(world, big, "1000")  # 10 %
    small = engagement_create(
        actor=world.actor("owner"), client_id=world.client.pk, title="Audit", value="2000"
    )
    assert reload(small).status == EngagementStatus.DRAFT  # not running: left out
    absorb(world, small, "2000")
    held = engagement_in(world, EngagementStatus.ON_HOLD)  # running, nothing given away
    Engagement.objects.in_workspace(world.workspace).filter(pk=held.pk).update(value=30000)
    readings = measure(KEY, world.workspace, CLIENT, clients(world.workspace, world.client.pk))
    # 1,000 given away over 40,000 of running value: 2.5 % (the mean of 10 % and 0 % would
    # be 5 %); the draft's 100 % is not counted at all.
    assert readings[world.client.pk].value == 2.5
    assert readings[world.client.pk].score == 88
    assert readings[world.client.pk].evidence == f"/clients/{world.client.pk}/#engagements"


def test_no_reading_without_value_or_running_engagement(world):
    free = create(world)
    Engagement.objects.in_workspace(world.workspace).filter(pk=free.pk).update(value=0)
    assert measure(KEY, world.workspace, ENGAGEMENT, engagements(world.workspace, free.pk)) == {}
    # The other client has only a draft: nothing running to read.
    create(world, client_id=world.other_client.pk)
    assert (
        measure(KEY, world.workspace, CLIENT, clients(world.workspace, world.other_client.pk)) == {}
    )


def test_measuring_many_engagements_costs_the_same_queries_as_two(world):
    made = [create(world, title=f"Mission {n}") for n in range(20)]
    for engagement in made[:3]:
        absorb(world, engagement, "100")
    few = queries_to_measure(
        KEY, world.workspace, ENGAGEMENT, engagements(world.workspace, *[e.pk for e in made[:2]])
    )
    many = queries_to_measure(
        KEY, world.workspace, ENGAGEMENT, engagements(world.workspace, *[e.pk for e in made])
    )
    assert few == many == 1
    both = clients(world.workspace, world.client.pk, world.other_client.pk)
    assert queries_to_measure(KEY, world.workspace, CLIENT, both) == 1


def test_another_workspace_is_never_measured(world):
    engagement = engagement_in(world, EngagementStatus.ACTIVE)
    absorb(world, engagement, "1000")
    # The other workspace asks with a queryset that names our engagement: it gets nothing.
    mixed = engagements(world.workspace, engagement.pk)
    assert measure(KEY, world.other_workspace, ENGAGEMENT, mixed) == {}
