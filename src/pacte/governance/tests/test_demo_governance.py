"""The governance demo stories, on a fresh workspace: an eighteen-year mature partnership, a
power struggle in the first months, an overdue quarterly committee."""

import pytest

from pacte.demo import governance as demo
from pacte.demo.builder import Builder
from pacte.governance.selectors import (
    client_scorecard,
    client_stage,
    overdue_reviews,
    relationship_of,
)

pytestmark = pytest.mark.django_db


def test_the_governance_stories_load_and_show_their_rules(world):
    b = Builder(world.actor("owner"))
    mature = demo.mature_partnership(b)
    struggle = demo.power_struggle(b)
    garnier = demo.overdue_committee(b)
    actor = world.actor("viewer")

    stage = client_stage(actor=actor, client=mature)
    assert stage.current.stage == "maturity" and "Dix-huit ans" in stage.current.note
    assert stage.suggestion.rule == "maturity"
    assert relationship_of(actor=actor, client=mature).years >= 18
    sides = client_scorecard(actor=actor, client=mature)
    verdicts = {line.key: result.verdict for side in sides.values() for line, result in side}
    assert "poor" not in verdicts.values(), verdicts

    assert client_stage(actor=actor, client=struggle).suggestion.rule == "power_struggle"

    overdue = overdue_reviews(actor=actor, limit=50)
    assert {r.engagement.client_id for r in overdue} == {garnier.pk}
    assert all(r.overdue.kind == "strategic" for r in overdue)
