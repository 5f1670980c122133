"""The health signal `reviews_overdue` (rule "§4 cadence"): registered, measured in bulk for
clients and engagements in a fixed number of queries, no reading without a cadence."""

import pytest

from pacte.clients.models import Client
from pacte.engagements.models import Engagement
from pacte.governance.selectors import engagement_governance
from pacte.kernel.signals import CLIENT, ENGAGEMENT, get_signal, registered_signals

from .helpers import TODAY, cadence, days, review, started_engagement

pytestmark = pytest.mark.django_db


def measure(world, level, model):
    signal = get_signal("reviews_overdue")
    subjects = model.objects.in_workspace(world.workspace)
    return signal.measure(workspace=world.workspace, level=level, subjects=subjects, today=TODAY)


def test_the_signal_is_registered_for_clients_and_engagements():
    """Fails when the signal is removed."""
    signal = get_signal("reviews_overdue")
    assert signal is not None and signal.rule == "§4 cadence"
    assert signal in registered_signals(CLIENT) and signal in registered_signals(ENGAGEMENT)


def test_no_cadence_no_reading_none_overdue_100_three_overdue_0(world):
    e = started_engagement(world, days_ago=400)
    assert measure(world, ENGAGEMENT, Engagement) == {}
    cadence(world, e, strategic=True, starts_on=days(-400))
    readings = measure(world, ENGAGEMENT, Engagement)
    assert readings[e.pk].value >= 3 and readings[e.pk].score == 0
    assert readings[e.pk].evidence.endswith("#reviews")
    overdue = readings[e.pk].value
    # Hold all but one of the missed committees: one overdue left.
    missed = engagement_governance(actor=world.actor("owner"), engagement=e).overdue
    for o in missed[1:]:
        review(world, e, "strategic", o.period.start)
    reading = measure(world, ENGAGEMENT, Engagement)[e.pk]
    assert reading.value == 1 and reading.score == 67 and overdue > 1
    review(world, e, "strategic", missed[0].period.start)
    assert measure(world, ENGAGEMENT, Engagement)[e.pk].score == 100


def test_a_client_sums_its_engagements(world, django_assert_max_num_queries):
    a = started_engagement(world, days_ago=100, title="A")
    b = started_engagement(world, days_ago=100, title="B")
    started_engagement(world, days_ago=100, title="C", client=world.other_client)
    cadence(world, a, tactical=True)
    cadence(world, b, tactical=True)
    with django_assert_max_num_queries(2):
        readings = measure(world, CLIENT, Client)
    assert set(readings) == {world.client.pk}
    engagements = measure(world, ENGAGEMENT, Engagement)
    assert readings[world.client.pk].value == engagements[a.pk].value + engagements[b.pk].value
    assert readings[world.client.pk].evidence.endswith("#governance")
