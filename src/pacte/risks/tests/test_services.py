"""The risk register: risks anticipated, announced to the client, and, when one occurs, put
to the client as a situation whose decision is recorded like any other (DOMAIN §2)."""

import datetime as dt

import pytest
from django.utils import timezone
from django.utils.translation import override

from pacte.decisions.models import Recommendation
from pacte.decisions.services import recommendation_decide, recommendation_implement
from pacte.engagements.selectors import engagement_next_steps
from pacte.engagements.services import engagement_create
from pacte.kernel.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from pacte.kernel.models import LedgerEntry
from pacte.risks.models import Risk
from pacte.risks.selectors import risk_list
from pacte.risks.services import risk_announce, risk_close, risk_create, risk_occur

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def days(n: int) -> dt.date:
    return TODAY + dt.timedelta(days=n)


def counts():
    return tuple(
        model.objects.across_workspaces().count() for model in (Risk, Recommendation, LedgerEntry)
    )


def actions(world, n):
    entries = LedgerEntry.objects.in_workspace(world.workspace).order_by("-seq")[:n]
    return [e.action for e in reversed(entries)]


@pytest.fixture
def engagement(world):
    return engagement_create(
        actor=world.actor("owner"), client_id=world.client.pk, title="Migration", value="8000"
    )


def register(world, engagement, **kwargs):
    values = {
        "description": "Le prestataire précédent tarde à rendre le nom de domaine",
        "likelihood": "high",
        "impact": "high",
        "mitigation": "Demander le code de transfert dès la signature.",
    }
    values.update(kwargs)
    return risk_create(actor=world.actor("consultant"), engagement_id=engagement.pk, **values)


def reload(risk):
    return Risk.objects.in_workspace(risk.workspace_id).get(pk=risk.pk)


def occur(world, risk, **kwargs):
    values = {"options": "A) relancer par avocat ; B) racheter un domaine proche"}
    values.update(kwargs)
    return risk_occur(actor=world.actor("consultant"), risk_id=risk.pk, **values)


def test_a_registered_risk_is_journaled(world, engagement):
    risk = register(world, engagement, announced_on=days(-3).isoformat())
    assert (risk.status, risk.likelihood, risk.announced_on) == ("open", "high", days(-3))
    entry = LedgerEntry.objects.in_workspace(world.workspace).last()
    assert entry.action == "risk.registered"
    assert entry.payload["announced_on"] == days(-3).isoformat()
    assert [r.pk for r in risk_list(actor=world.actor("viewer"), engagement=engagement)] == [
        risk.pk
    ]


@pytest.mark.parametrize(
    "kwargs",
    [
        {"description": ""},
        {"description": "x" * 301},
        {"likelihood": "certain"},
        {"impact": ""},
        {"announced_on": "à la signature"},
        {"announced_on": days(1)},  # not announced yet
    ],
)
def test_bad_risks_write_nothing(world, engagement, kwargs):
    before = counts()
    with pytest.raises(InvalidInput):
        register(world, engagement, **kwargs)
    assert counts() == before


def test_readers_and_outsiders_cannot_register_risks(world, engagement):
    before = counts()
    with pytest.raises(PermissionDenied):
        risk_create(actor=world.actor("viewer"), engagement_id=engagement.pk, description="x")
    with pytest.raises(NotFound):
        risk_create(
            actor=world.actor("other_workspace"), engagement_id=engagement.pk, description="x"
        )
    assert counts() == before


def test_announcing_a_risk_records_the_day_it_was_said(world, engagement):
    risk = register(world, engagement)
    assert risk.announced_on is None
    risk_announce(actor=world.actor("consultant"), risk_id=risk.pk, announced_on=days(-1))
    assert reload(risk).announced_on == days(-1)
    entry = LedgerEntry.objects.in_workspace(world.workspace).last()
    assert entry.action == "risk.announced"
    assert entry.payload == {"risk": risk.description, "announced_on": days(-1).isoformat()}
    other = register(world, engagement, description="Charge de travail du client en juin")
    risk_announce(actor=world.actor("manager"), risk_id=other.pk)
    assert reload(other).announced_on == TODAY


@pytest.mark.parametrize("announced_on", [days(1), "demain"])
def test_an_announcement_is_not_dated_in_the_future(world, engagement, announced_on):
    risk = register(world, engagement)
    before = counts()
    with pytest.raises(InvalidInput):
        risk_announce(actor=world.actor("consultant"), risk_id=risk.pk, announced_on=announced_on)
    assert counts() == before and reload(risk).announced_on is None


def test_an_unannounced_risk_is_a_next_step(world, engagement):
    risk = register(world, engagement)
    with override("en"):
        steps = engagement_next_steps(actor=world.actor("owner"), engagement=engagement)
    assert f"Tell the client about the risk “{risk.description}”." in steps
    risk_announce(actor=world.actor("consultant"), risk_id=risk.pk)
    with override("en"):
        steps = engagement_next_steps(actor=world.actor("owner"), engagement=engagement)
    assert not any("Tell the client" in step for step in steps)


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
