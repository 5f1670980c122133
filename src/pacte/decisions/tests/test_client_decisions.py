"""The client's decisions: journaled with who and their words, in the portal in their own name,
bad ones refused."""

import pytest

from pacte.decisions.services import recommendation_implement
from pacte.decisions.tests.helpers import counts, days, decide, recommend, reload
from pacte.kernel.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from pacte.kernel.models import LedgerEntry

pytestmark = pytest.mark.django_db


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
