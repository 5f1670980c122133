"""R-SILENCE's signal for the health score: days since we last wrote, against the policy."""

import pytest
from django.utils import translation

from pacte.engagements.services import engagement_hold
from pacte.engagements.tests.signal_helpers import (
    assert_registered,
    clients,
    engagements,
    measure,
    queries_to_measure,
)
from pacte.exchanges.tests.helpers import TODAY, active_engagement, days, new_engagement, write
from pacte.kernel.signals import CLIENT, ENGAGEMENT
from pacte.workspace.services import workspace_update_policy

pytestmark = pytest.mark.django_db

KEY = "silence"


@pytest.fixture(autouse=True)
def _in_english():
    with translation.override("en"):
        yield


def of_engagement(world, engagement, today=TODAY):
    subjects = engagements(world.workspace, engagement.pk)
    return measure(KEY, world.workspace, ENGAGEMENT, subjects, today).get(engagement.pk)


def of_client(world, client, today=TODAY):
    subjects = clients(world.workspace, client.pk)
    return measure(KEY, world.workspace, CLIENT, subjects, today).get(client.pk)


def test_silence_is_registered_under_r_silence():
    assert_registered(KEY, "R-SILENCE", 15)


def test_within_the_policy_is_healthy_and_three_times_it_is_alarming(world):
    mission = active_engagement(world)
    write(world, mission, on=-20)
    write(world, mission, on=-10)  # the latest outbound counts
    write(world, mission, on=-2, direction="inbound")  # the client writing is not us writing
    reading = of_engagement(world, mission)
    assert (reading.value, reading.score) == (10, 100)  # the policy: 10 days
    assert reading.shown == "10 days since our last message; the policy is 10"
    assert reading.evidence == f"/engagements/{mission.pk}/#exchanges"
    # 100 at 10 days, 0 at 30, a straight line between.
    assert of_engagement(world, mission, today=days(10)).score == 50
    assert of_engagement(world, mission, today=days(20)).score == 0
    assert of_engagement(world, mission, today=days(40)).score == 0


def test_the_policy_is_the_workspace_s(world):
    mission = active_engagement(world)
    write(world, mission, on=-20)
    assert of_engagement(world, mission).score == 50
    workspace_update_policy(actor=world.actor("owner"), default_deposit_percent=30, silence_days=5)
    world.workspace.refresh_from_db()
    assert of_engagement(world, mission).score == 0  # 20 days: four times the policy


def test_a_message_about_the_client_in_general_counts(world):
    mission = active_engagement(world)
    write(world, mission, on=-25)
    write(world, on=-5)  # about the client, no engagement
    assert of_engagement(world, mission).value == 5


def test_never_written_counts_from_the_start(world):
    mission = active_engagement(world)  # activated today
    reading = of_engagement(world, mission, today=days(12))
    assert (reading.value, reading.score) == (12, 90)
    assert reading.shown == (
        "12 days since the engagement started, and no message from us yet; the policy is 10"
    )


def test_only_an_active_engagement_is_held_to_it(world):
    draft = new_engagement(world)
    assert of_engagement(world, draft, today=days(60)) is None
    held = active_engagement(world, title="En pause")
    engagement_hold(actor=world.actor("owner"), engagement_id=held.pk, reason="Vacances")
    assert of_engagement(world, held, today=days(60)) is None
    assert of_client(world, world.client, today=days(60)) is None


def test_a_client_reads_its_most_silent_active_engagement(world):
    chatty = active_engagement(world, title="Bavarde")
    quiet = active_engagement(world, title="Silencieuse")
    write(world, chatty, on=-1)
    write(world, quiet, on=-22)
    theirs = active_engagement(world, client=world.other_client)
    write(world, theirs, on=-3)
    reading = of_client(world, world.client)
    assert (reading.value, reading.score) == (22, 40)
    assert reading.evidence == f"/engagements/{quiet.pk}/#exchanges"
    assert of_client(world, world.other_client).value == 3


def test_measuring_many_subjects_costs_the_same_queries_as_two(world):
    made = [active_engagement(world, title=f"Mission {n}") for n in range(20)]
    for mission in made[:3]:
        write(world, mission, on=-4)
    ids = [m.pk for m in made]
    few = queries_to_measure(
        KEY, world.workspace, ENGAGEMENT, engagements(world.workspace, *ids[:2])
    )
    many = queries_to_measure(KEY, world.workspace, ENGAGEMENT, engagements(world.workspace, *ids))
    assert few == many == 1
    both = clients(world.workspace, world.client.pk, world.other_client.pk)
    assert queries_to_measure(KEY, world.workspace, CLIENT, both) == 1
