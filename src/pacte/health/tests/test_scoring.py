"""The health score (DOMAIN §5): weights normalised to 100, a signal without data left out
with its weight shared among the others, bands, and a score never without its reasons."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pacte.engagements.services import engagement_create
from pacte.health.models import Band
from pacte.health.scoring import band_of, shares_of_100, weigh
from pacte.health.selectors import client_health, engagement_health
from pacte.kernel.signals import Reading

from .fakes import fixed_signal, only_signals

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 30)


def reading(score):
    return Reading(value=score, shown=str(score), score=score)


def test_bands_at_their_bounds():
    assert band_of(0) == band_of(50) == Band.RED
    assert band_of(51) == band_of(75) == Band.AMBER
    assert band_of(76) == band_of(100) == Band.GREEN
    assert band_of(None) is None


@given(st.dictionaries(st.sampled_from("abcdefghij"), st.integers(0, 1000), min_size=1))
def test_shares_add_up_to_100(weights):
    shares = shares_of_100(weights)
    if sum(weights.values()) == 0:
        assert set(shares.values()) == {0}
    else:
        assert sum(shares.values()) == 100
        assert all(shares[k] == 0 for k, w in weights.items() if w == 0)


def test_the_score_is_the_weighted_mean_of_the_signals_with_data():
    with only_signals(fixed_signal("a", 30), fixed_signal("b", 10, order=2)):
        health = weigh({"a": reading(100), "b": reading(20)}, {"a": 30, "b": 10})
    assert health.score == 80  # (30×100 + 10×20) / 40
    assert [(s.key, s.weight, s.score) for s in health.signals] == [
        ("a", 75, 100),
        ("b", 25, 20),
    ]


def test_a_signal_without_data_is_left_out_and_its_weight_shared():
    with only_signals(fixed_signal("a", 30), fixed_signal("b", 10, order=2)):
        health = weigh({"b": reading(20)}, {"a": 30, "b": 10})
    assert health.score == 20
    assert [(s.key, s.weight) for s in health.signals] == [("b", 100)]
    assert [s.key for s in health.without_data] == ["a"]


def test_no_signal_with_data_means_no_score_not_zero():
    with only_signals(fixed_signal("a", 30)):
        health = weigh({}, {"a": 30})
    assert health.score is None and health.band is None and health.signals == []


def test_a_weight_of_zero_turns_a_signal_off():
    with only_signals(fixed_signal("a", 30), fixed_signal("b", 10, order=2)):
        health = weigh({"a": reading(0), "b": reading(100)}, {"a": 0, "b": 10})
    assert health.score == 100
    assert [s.key for s in health.signals] == ["b"]
    assert health.without_data == []


def test_client_and_engagement_scores_come_with_their_reasons(world):
    owner = world.actor("owner")
    e = engagement_create(actor=owner, client_id=world.client.pk, title="Site", value="1000")
    with only_signals(
        fixed_signal("a", 50, {"client": {world.client.pk: 40}, "engagement": {e.pk: 90}}),
        fixed_signal("b", 50, {world.client.pk: 60}, order=2, levels=("client",)),
    ):
        client = client_health(actor=owner, client=world.client, today=TODAY)
        engagement = engagement_health(actor=owner, engagement=e, today=TODAY)
    assert client.score == 50 and client.band == Band.RED
    assert [r["key"] for r in client.reasons()] == ["a", "b"]
    assert client.reasons()[0] == {
        "key": "a",
        "label": "a",
        "weight": 50,
        "value": 40,
        "shown": "a is 40",
        "score": 40,
        "rule": "R-A",
        "explanation": "how a scores",
        "evidence": "/x/",
    }
    # The client-only signal does not apply to the engagement: its weight is not "missing".
    assert engagement.score == 90 and engagement.band == Band.GREEN
    assert [r["key"] for r in engagement.reasons()] == ["a"]
    assert engagement.without_data == []


def test_the_workspace_weights_change_the_score(world):
    owner = world.actor("owner")
    world.workspace.health_weights = {"a": 10}
    world.workspace.save(update_fields=["health_weights"])
    owner = world.actor("owner")
    with only_signals(
        fixed_signal("a", 50, {world.client.pk: 0}), fixed_signal("b", 50, {0: 100}, order=2)
    ):
        health = client_health(actor=owner, client=world.client, today=TODAY)
    assert health.score == round((10 * 0 + 50 * 100) / 60)
    assert [(r["key"], r["weight"]) for r in health.reasons()] == [("a", 17), ("b", 83)]
