"""Recommendations: journaled with their why and risk, bad ones refused, and their outcome."""

import pytest

from pacte.decisions.services import recommendation_create, recommendation_record_outcome
from pacte.decisions.tests.helpers import active_engagement, counts, days, decide, recommend, reload
from pacte.kernel.errors import InvalidInput, NotFound, PermissionDenied
from pacte.kernel.models import LedgerEntry

pytestmark = pytest.mark.django_db


def test_a_recommendation_is_journaled_with_its_why_and_risk(world):
    rec = recommend(world, made_on=days(-2))
    assert (rec.status, rec.author, rec.made_on) == ("open", world.users["consultant"], days(-2))
    entry = LedgerEntry.objects.in_workspace(world.workspace).last()
    assert entry.action == "recommendation.made"
    assert entry.payload["risk"] == "Perte de clients et de référencement."


def test_the_outcome_says_whether_the_announced_risk_materialised(world):
    rec = recommend(world)
    decide(world, rec, "refused")
    recommendation_record_outcome(
        actor=world.actor("consultant"),
        recommendation_id=rec.pk,
        outcome="Le site a été signalé comme dangereux.",
        risk_materialised=True,
    )
    rec = reload(rec)
    assert rec.risk_materialised is True and rec.status == "refused"
    entry = LedgerEntry.objects.in_workspace(world.workspace).last()
    assert entry.action == "recommendation.outcome_recorded"
    assert entry.payload["risk_materialised"] is True
    with pytest.raises(InvalidInput):
        recommendation_record_outcome(
            actor=world.actor("consultant"),
            recommendation_id=rec.pk,
            outcome="",
            risk_materialised=None,
        )


def test_bad_recommendations_write_nothing(world):
    engagement = active_engagement(world)
    before = counts()
    with pytest.raises(InvalidInput):
        recommend(world, engagement, title="  ")
    with pytest.raises(InvalidInput):
        recommend(world, engagement, made_on="2026-02-30")
    with pytest.raises(PermissionDenied):
        recommendation_create(actor=world.actor("viewer"), engagement_id=engagement.pk, title="x")
    with pytest.raises(NotFound):
        recommendation_create(
            actor=world.actor("other_workspace"), engagement_id=engagement.pk, title="x"
        )
    assert counts() == before
