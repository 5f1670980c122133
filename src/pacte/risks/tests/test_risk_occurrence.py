"""A risk that occurs is put to the client as a situation; a risk is closed once; only writers
touch it."""

import pytest
from django.utils.translation import override

from pacte.decisions.services import recommendation_decide, recommendation_implement
from pacte.kernel.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from pacte.kernel.models import LedgerEntry
from pacte.risks.services import risk_announce, risk_close, risk_occur
from pacte.risks.tests.helpers import counts, days, register, reload

pytestmark = pytest.mark.django_db


def actions(world, n):
    entries = LedgerEntry.objects.in_workspace(world.workspace).order_by("-seq")[:n]
    return [e.action for e in reversed(entries)]


def occur(world, risk, **kwargs):
    values = {"options": "A) relancer par avocat ; B) racheter un domaine proche"}
    values.update(kwargs)
    return risk_occur(actor=world.actor("consultant"), risk_id=risk.pk, **values)


def test_a_risk_that_occurs_is_put_to_the_client_as_a_situation(world, engagement):
    risk = register(world, engagement, announced_on=days(-30))
    with override("en"):
        occur(world, risk, occurred_on=days(-1))
    risk = reload(risk)
    assert (risk.status, risk.occurred_on) == ("occurred", days(-1))
    situation = risk.situation
    assert situation.engagement_id == engagement.pk
    assert situation.title == f"Situation: {risk.description}"
    assert situation.rationale == "A) relancer par avocat ; B) racheter un domaine proche"
    assert situation.risk_if_not_followed == ""  # our mitigation plan stays internal
    assert (situation.status, situation.made_on) == ("open", days(-1))
    assert actions(world, 2) == ["recommendation.made", "risk.occurred"]
    entry = LedgerEntry.objects.in_workspace(world.workspace).last()
    assert entry.payload["announced_on"] == days(-30).isoformat()
    assert entry.payload["options"] == situation.rationale

    # The client decides on the situation, in the portal, like on any recommendation.
    decision = recommendation_decide(
        actor=world.actor("portal"),
        recommendation_id=situation.pk,
        decision="refused",
        note="Ni l'un ni l'autre.",
    )
    assert decision.via_portal
    assert actions(world, 1) == ["decision.recorded"]
    with pytest.raises(Conflict) as refused:  # R-NO holds for situations too
        recommendation_implement(actor=world.actor("owner"), recommendation_id=situation.pk)
    assert refused.value.code == "client_refused"


def test_the_situation_title_fits_even_for_a_long_risk(world, engagement):
    risk = register(world, engagement, description="r" * 300)
    occur(world, risk)
    assert len(reload(risk).situation.title) == 200


@pytest.mark.parametrize("first", ["occur", "close"])
def test_only_an_open_risk_can_occur(world, engagement, first):
    risk = register(world, engagement)
    if first == "occur":
        occur(world, risk)
    else:
        risk_close(actor=world.actor("consultant"), risk_id=risk.pk)
    before, status = counts(), reload(risk).status
    with pytest.raises(Conflict) as refused:
        occur(world, risk, options="Encore")
    assert refused.value.code == "invalid_transition"
    assert counts() == before and reload(risk).status == status


@pytest.mark.parametrize(
    "kwargs", [{"options": ""}, {"options": "   "}, {"occurred_on": days(1)}, {"occurred_on": "x"}]
)
def test_an_occurrence_needs_options_and_a_past_date(world, engagement, kwargs):
    risk = register(world, engagement)
    before = counts()
    with pytest.raises(InvalidInput):
        occur(world, risk, **kwargs)
    assert counts() == before
    assert (reload(risk).status, reload(risk).situation) == ("open", None)


def test_closing_a_risk_is_journaled_once(world, engagement):
    risk = register(world, engagement)
    risk_close(actor=world.actor("manager"), risk_id=risk.pk)
    assert reload(risk).status == "closed"
    assert actions(world, 1) == ["risk.closed"]
    before = counts()
    risk_close(actor=world.actor("manager"), risk_id=risk.pk)
    assert counts() == before


def test_outsiders_and_readers_cannot_touch_a_risk(world, engagement):
    risk = register(world, engagement)
    before = counts()
    for call in (
        lambda a: risk_announce(actor=a, risk_id=risk.pk),
        lambda a: occur_as(a, risk),
        lambda a: risk_close(actor=a, risk_id=risk.pk),
    ):
        with pytest.raises(PermissionDenied):
            call(world.actor("viewer"))
        with pytest.raises(PermissionDenied):
            call(world.actor("portal"))
        with pytest.raises(NotFound):
            call(world.actor("other_workspace"))
    assert counts() == before


def occur_as(actor, risk):
    return risk_occur(actor=actor, risk_id=risk.pk, options="x")
