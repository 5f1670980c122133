"""R-NO's signal for the health score: the share of the client's answers that are refusals."""

import pytest
from django.utils import translation

from pacte.decisions.services import recommendation_implement
from pacte.decisions.tests.helpers import TODAY, active_engagement, days, decide, recommend
from pacte.engagements.tests.signal_helpers import (
    assert_registered,
    clients,
    engagements,
    measure,
    queries_to_measure,
)
from pacte.kernel.signals import CLIENT, ENGAGEMENT

pytestmark = pytest.mark.django_db

KEY = "refusal_rate"


@pytest.fixture(autouse=True)
def _in_english():
    with translation.override("en"):
        yield


def answered(world, engagement, *decisions, on=-10):
    """One recommendation per decision, decided `on` days from today."""
    for n, decision in enumerate(decisions):
        rec = recommend(world, engagement, title=f"Conseil {n} {decision}", made_on=days(on - 5))
        decide(world, rec, decision, on=days(on))


def of_engagement(world, engagement, **kwargs):
    subjects = engagements(world.workspace, engagement.pk)
    return measure(KEY, world.workspace, ENGAGEMENT, subjects, **kwargs).get(engagement.pk)


def of_client(world, client, **kwargs):
    subjects = clients(world.workspace, client.pk)
    return measure(KEY, world.workspace, CLIENT, subjects, **kwargs).get(client.pk)


def test_refusal_rate_is_registered_under_r_no():
    assert_registered(KEY, "R-NO", 10)


def test_refusal_rate_is_the_share_of_answers_refused(world):
    mission = active_engagement(world)
    answered(world, mission, "accepted", "accepted", "accepted", "refused")
    reading = of_engagement(world, mission, today=TODAY)
    # 1 of 4: 25 %; 100 up to 10 %, 0 from 60 %: (60 − 25) / 50 = 70.
    assert (reading.value, reading.score) == (25.0, 70)
    assert reading.shown == "25 % of the answers refused in 12 months (1 of 4)"
    assert reading.evidence == f"/engagements/{mission.pk}/#recommendations"


def test_more_refusals_lower_the_score(world):
    mission = active_engagement(world)
    answered(world, mission, "accepted", "accepted", "accepted", "accepted", "accepted")
    assert of_engagement(world, mission).score == 100
    answered(world, mission, "refused")  # 1 of 6: 16.7 %
    assert of_engagement(world, mission).score == 87
    answered(world, mission, "refused", "refused", "refused")  # 4 of 9: 44 %
    assert of_engagement(world, mission).score == 31
    answered(world, mission, "refused", "refused")  # 6 of 11: 55 %
    assert of_engagement(world, mission).score == 11
    answered(world, mission, "refused")  # 7 of 12: 58 %; from 60 % it is 0
    answered(world, mission, "refused")  # 8 of 13: 62 %
    assert of_engagement(world, mission).score == 0


def test_the_latest_decision_counts_and_put_off_is_no_answer(world):
    mission = active_engagement(world)
    answered(world, mission, "accepted", "deferred", "deferred")
    changed_mind = recommend(world, mission, title="Sauvegardes", made_on=days(-60))
    decide(world, changed_mind, "refused", on=days(-50))
    decide(world, changed_mind, "accepted", on=days(-20))  # reversed: a yes now
    done = recommend(world, mission, title="HTTPS", made_on=days(-60))
    decide(world, done, "accepted", on=days(-40))
    recommendation_implement(actor=world.actor("consultant"), recommendation_id=done.pk)
    reading = of_engagement(world, mission)
    assert (reading.value, reading.score) == (0.0, 100)  # 0 of 3: the deferred are not counted
    assert reading.shown == "0 % of the answers refused in 12 months (0 of 3)"


def test_fewer_than_three_answers_give_no_reading(world):
    mission = active_engagement(world)
    assert of_engagement(world, mission) is None
    answered(world, mission, "refused", "accepted", "deferred")
    assert of_engagement(world, mission) is None
    assert of_client(world, world.client) is None
    answered(world, mission, "accepted")
    assert of_engagement(world, mission).value == pytest.approx(33.3)


def test_only_the_last_12_months_count(world):
    mission = active_engagement(world)
    answered(world, mission, "refused", "refused", "refused", on=-400)
    assert of_engagement(world, mission) is None
    reading = of_engagement(world, mission, today=days(-300))
    assert (reading.value, reading.score) == (100.0, 0)


def test_a_client_reads_every_engagement_and_only_its_own(world):
    first = active_engagement(world)
    second = active_engagement(world)
    answered(world, first, "accepted", "refused")
    answered(world, second, "accepted", "accepted")
    theirs = active_engagement(world, client=world.other_client)
    answered(world, theirs, "refused", "refused", "refused")
    reading = of_client(world, world.client)
    assert (reading.value, reading.score) == (25.0, 70)
    assert reading.evidence == f"/clients/{world.client.pk}/#refusals"
    assert of_client(world, world.other_client).score == 0


def test_measuring_many_subjects_costs_the_same_queries_as_two(world):
    made = [active_engagement(world) for _ in range(20)]
    for mission in made[:3]:
        answered(world, mission, "accepted", "refused", "accepted")
    ids = [m.pk for m in made]
    few = queries_to_measure(
        KEY, world.workspace, ENGAGEMENT, engagements(world.workspace, *ids[:2])
    )
    many = queries_to_measure(KEY, world.workspace, ENGAGEMENT, engagements(world.workspace, *ids))
    assert few == many == 1
    both = clients(world.workspace, world.client.pk, world.other_client.pk)
    assert queries_to_measure(KEY, world.workspace, CLIENT, both) == 1
