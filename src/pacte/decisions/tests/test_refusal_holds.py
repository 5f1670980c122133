"""R-NO: a refusal holds until the client reverses it, and stays on record."""

import pytest

from pacte.decisions.selectors import client_refusals, recommendation_get
from pacte.decisions.services import recommendation_implement
from pacte.decisions.tests.helpers import (
    TODAY,
    active_engagement,
    counts,
    days,
    decide,
    recommend,
    reload,
)
from pacte.engagements.services import time_entry_log
from pacte.kernel.errors import Conflict
from pacte.kernel.models import LedgerEntry

pytestmark = pytest.mark.django_db


def log_on(world, rec):
    return time_entry_log(
        actor=world.actor("consultant"),
        engagement_id=rec.engagement_id,
        worked_on=TODAY,
        minutes=60,
        description="Certificat TLS",
        recommendation_id=rec.pk,
    )


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


def test_a_reversal_is_journaled_as_such(world):
    rec = recommend(world)
    decide(world, rec, "refused", on=days(-3))
    decide(world, rec, "accepted")
    assert LedgerEntry.objects.in_workspace(world.workspace).last().payload["reverses"] == "refused"
