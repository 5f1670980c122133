"""Recommendations and the client's decisions (R-NO): a refusal holds until the client
reverses it, stays on record in their words, and blocks both the work and its completion."""

import datetime as dt

import pytest
from django.utils import timezone

from pacte.billing.services import invoice_create, payment_record
from pacte.decisions.models import Decision, Recommendation
from pacte.decisions.selectors import client_refusals, recommendation_get
from pacte.decisions.services import (
    recommendation_create,
    recommendation_decide,
    recommendation_implement,
    recommendation_record_outcome,
)
from pacte.engagements.models import TimeEntry
from pacte.engagements.services import engagement_activate, engagement_create, time_entry_log
from pacte.kernel.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from pacte.kernel.models import LedgerEntry

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def days(n: int) -> dt.date:
    return TODAY + dt.timedelta(days=n)


def counts():
    return tuple(
        model.objects.across_workspaces().count()
        for model in (Recommendation, Decision, TimeEntry, LedgerEntry)
    )


def active_engagement(world, client=None):
    owner = world.actor("owner")
    engagement = engagement_create(
        actor=owner, client_id=(client or world.client).pk, title="Refonte du site", value="9000"
    )
    invoice = invoice_create(
        actor=owner, engagement_id=engagement.pk, kind="deposit", amount="2700", due_on=TODAY
    )
    payment_record(actor=owner, invoice_id=invoice.pk, amount="2700", paid_on=TODAY)
    return engagement_activate(actor=owner, engagement_id=engagement.pk)


def recommend(world, engagement=None, title="Passer le site en HTTPS", **kwargs):
    # Made a while ago, so that decisions can be dated in the past (never before it).
    kwargs.setdefault("made_on", days(-90))
    return recommendation_create(
        actor=world.actor("consultant"),
        engagement_id=(engagement or active_engagement(world)).pk,
        title=title,
        rationale="Les navigateurs affichent « non sécurisé ».",
        risk_if_not_followed="Perte de clients et de référencement.",
        **kwargs,
    )


def decide(world, rec, decision, *, actor="manager", on=None, **kwargs):
    values = {"decided_by": "Alice Martin", "note": ""}
    values.update(kwargs)
    return recommendation_decide(
        actor=world.actor(actor),
        recommendation_id=rec.pk,
        decision=decision,
        decided_on=on,
        **values,
    )


def reload(rec):
    return Recommendation.objects.in_workspace(rec.workspace_id).get(pk=rec.pk)


def log_on(world, rec):
    return time_entry_log(
        actor=world.actor("consultant"),
        engagement_id=rec.engagement_id,
        worked_on=TODAY,
        minutes=60,
        description="Certificat TLS",
        recommendation_id=rec.pk,
    )


def test_a_recommendation_is_journaled_with_its_why_and_risk(world):
    rec = recommend(world, made_on=days(-2))
    assert (rec.status, rec.author, rec.made_on) == ("open", world.users["consultant"], days(-2))
    entry = LedgerEntry.objects.in_workspace(world.workspace).last()
    assert entry.action == "recommendation.made"
    assert entry.payload["risk"] == "Perte de clients et de référencement."


def test_a_refused_recommendation_cannot_be_carried_out(world):
    rec = recommend(world)
    decide(world, rec, "refused", note="Trop cher pour cette année.")
    before = counts()
    with pytest.raises(Conflict) as refused:
        recommendation_implement(actor=world.actor("owner"), recommendation_id=rec.pk)
    assert refused.value.code == "client_refused"
    assert counts() == before
    assert reload(rec).status == "refused" and reload(rec).implemented_on is None


def test_no_work_is_logged_against_a_refused_recommendation(world):
    rec = recommend(world)
    log_on(world, rec)  # fine while the client has not answered
    decide(world, rec, "refused")
    before = counts()
    with pytest.raises(Conflict) as refused:
        log_on(world, rec)
    assert refused.value.code == "client_refused"
    assert counts() == before


def test_a_deferred_recommendation_waits_for_the_next_decision(world):
    rec = recommend(world)
    decide(world, rec, "deferred", note="On en reparle en septembre.")
    before = counts()
    with pytest.raises(Conflict) as refused:
        recommendation_implement(actor=world.actor("owner"), recommendation_id=rec.pk)
    assert refused.value.code == "client_deferred"
    assert counts() == before


def test_when_the_client_reverses_the_work_goes_on_and_the_refusal_stays_on_record(world):
    rec = recommend(world)
    refusal = decide(world, rec, "refused", on=days(-10), note="Pas de budget.")
    acceptance = decide(world, rec, "accepted", on=days(-1), note="Finalement oui.")
    assert acceptance.reverses == refusal
    assert reload(rec).status == "accepted"
    log_on(world, rec)
    done = recommendation_implement(
        actor=world.actor("owner"), recommendation_id=rec.pk, implemented_on=TODAY
    )
    assert (done.status, done.implemented_on) == ("implemented", TODAY)
    assert LedgerEntry.objects.in_workspace(world.workspace).last().action == (
        "recommendation.implemented"
    )
    register = client_refusals(actor=world.actor("viewer"), client=world.client)
    assert [(d.recommendation_id, d.words, d.decided_by) for d in register] == [
        (rec.pk, "Pas de budget.", "Alice Martin")
    ]
    # The decision history keeps both, newest first.
    history = recommendation_get(actor=world.actor("viewer"), recommendation_id=rec.pk)
    assert [d.decision for d in history.decisions.order_by("-decided_on")] == [
        "accepted",
        "refused",
    ]


def test_a_decision_dated_before_the_refusal_does_not_reverse_it(world):
    """Recording late an older 'yes' must not lift a later 'no' (R-NO)."""
    rec = recommend(world, made_on=days(-30))
    decide(world, rec, "refused", on=days(-2), note="Non, finalement.")
    earlier = decide(world, rec, "accepted", on=days(-20), note="Oui, en principe.")
    assert earlier.reverses is None
    assert reload(rec).status == "refused"
    with pytest.raises(Conflict) as refused:
        recommendation_implement(actor=world.actor("owner"), recommendation_id=rec.pk)
    assert refused.value.code == "client_refused"
    with pytest.raises(Conflict):
        log_on(world, rec)


def test_every_refusal_is_listed_even_when_reversed(world):
    engagement = active_engagement(world)
    first = recommend(world, engagement, title="Sauvegardes chez le client")
    second = recommend(world, engagement, title="Mettre à jour WordPress")
    decide(world, first, "refused", on=days(-5), note="Nous gardons vos serveurs.")
    decide(world, first, "accepted", on=days(-1))
    decide(world, second, "refused", on=days(-3), note="Plus tard.")
    other = recommend(world, active_engagement(world, world.other_client), title="Autre")
    decide(world, other, "refused")
    register = client_refusals(actor=world.actor("owner"), client=world.client)
    assert [(d.recommendation.title, d.words) for d in register] == [
        ("Mettre à jour WordPress", "Plus tard."),
        ("Sauvegardes chez le client", "Nous gardons vos serveurs."),
    ]


@pytest.mark.parametrize("decision", ["accepted", "refused", "deferred"])
def test_every_decision_is_journaled_with_who_and_their_words(world, decision):
    rec = recommend(world)
    decide(world, rec, decision, on=days(-1), note="  Dit au téléphone.  ", decided_by="Bob Roy")
    entry = LedgerEntry.objects.in_workspace(world.workspace).last()
    assert entry.action == "decision.recorded"
    assert entry.actor == "manager@nord.test (manager)"
    assert entry.payload == {
        "recommendation": "Passer le site en HTTPS",
        "decision": decision,
        "decided_by": "Bob Roy",
        "decided_on": days(-1).isoformat(),
        "words": "Dit au téléphone.",
        "via_portal": False,
        "reverses": None,
    }


def test_a_reversal_is_journaled_as_such(world):
    rec = recommend(world)
    decide(world, rec, "refused", on=days(-3))
    decide(world, rec, "accepted")
    assert LedgerEntry.objects.in_workspace(world.workspace).last().payload["reverses"] == "refused"


def test_the_client_decides_in_the_portal_in_their_own_name(world):
    rec = recommend(world)
    record = decide(world, rec, "refused", actor="portal", decided_by="Someone else", note="Non.")
    assert record.via_portal is True
    assert record.decided_by == "portal@alpha.test"  # the portal user, whatever was typed
    assert record.recorded_by == world.users["portal"]
    entry = LedgerEntry.objects.in_workspace(world.workspace).last()
    assert entry.payload["via_portal"] is True
    assert entry.actor == "portal@alpha.test (portal)"
    assert reload(rec).status == "refused"


def test_a_named_portal_user_decides_under_their_name(world):
    user = world.users["portal"]
    user.full_name = "Alice Martin"
    user.save()
    record = decide(world, recommend(world), "accepted", actor="portal", decided_by="")
    assert record.decided_by == "Alice Martin"


def test_a_portal_user_cannot_decide_for_another_client(world):
    rec = recommend(world)  # on world.client
    before = counts()
    with pytest.raises(NotFound):
        decide(world, rec, "accepted", actor="portal_other_client")
    with pytest.raises(NotFound):
        decide(world, rec, "accepted", actor="other_workspace")
    assert counts() == before
    assert reload(rec).status == "open"


def test_a_viewer_cannot_record_a_decision(world):
    rec = recommend(world)
    before = counts()
    with pytest.raises(PermissionDenied):
        decide(world, rec, "accepted", actor="viewer")
    assert counts() == before


@pytest.mark.parametrize(
    "kwargs",
    [
        {"on": days(1)},  # in the future
        {"on": "hier"},
        {"decided_by": ""},
        {"decided_by": "   "},
        {"decided_by": "x" * 151},
    ],
)
def test_bad_decisions_write_nothing(world, kwargs):
    rec = recommend(world)
    before = counts()
    with pytest.raises(InvalidInput):
        decide(world, rec, "refused", **kwargs)
    assert counts() == before
    assert reload(rec).status == "open"


@pytest.mark.parametrize("decision", ["implemented", "open", "maybe", ""])
def test_a_decision_is_accepted_refused_or_deferred(world, decision):
    rec = recommend(world)
    before = counts()
    with pytest.raises(InvalidInput):
        decide(world, rec, decision)
    assert counts() == before


def test_an_implemented_recommendation_takes_no_more_decisions(world):
    rec = recommend(world)
    decide(world, rec, "accepted")
    recommendation_implement(actor=world.actor("consultant"), recommendation_id=rec.pk)
    before = counts()
    with pytest.raises(Conflict) as refused:
        decide(world, rec, "refused")
    assert refused.value.code == "already_implemented"
    assert counts() == before
    # Implementing twice changes nothing.
    recommendation_implement(actor=world.actor("consultant"), recommendation_id=rec.pk)
    assert counts() == before


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
