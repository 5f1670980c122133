"""State machines as data: the recommendation's lifecycle (R-NO), every (state, move) pair of
RECOMMENDATION_TRANSITIONS, the services obeying it, and the API's `moves`."""

import itertools

import pytest
from django.test import Client as HttpClient
from django.utils import timezone, translation

from pacte.billing.services import invoice_create, payment_record
from pacte.decisions import services as decision_services
from pacte.decisions.models import (
    RECOMMENDATION_TRANSITIONS,
    DecisionChoice,
    Recommendation,
    RecommendationStatus,
)
from pacte.decisions.services import (
    recommendation_create,
    recommendation_decide,
    recommendation_implement,
)
from pacte.engagements.services import engagement_activate, engagement_create
from pacte.kernel.errors import Conflict
from pacte.kernel.permissions import Perm
from pacte.kernel.transitions import Move, Transitions
from pacte.testing import assert_transition, transition_pairs

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
UNTIL_IMPLEMENTED = ("open", "accepted", "refused", "deferred")

ALLOWED = {
    *((state, decision) for state in UNTIL_IMPLEMENTED for decision in DecisionChoice.values),
    ("accepted", "implement"),
}
PAIRS = transition_pairs(RECOMMENDATION_TRANSITIONS, ALLOWED)


@pytest.fixture(autouse=True)
def _in_english():
    with translation.override("en"):
        yield


@pytest.mark.parametrize(("table", "state", "move", "allowed"), PAIRS)
def test_every_state_and_move(table, state, move, allowed):
    assert_transition(table, state, move, allowed)


def test_the_table_covers_every_pair():
    assert len(PAIRS) == len(RecommendationStatus.values) * 4
    # A decision move is named after the decision it records, and reaches that status.
    for decision in DecisionChoice.values:
        assert RECOMMENDATION_TRANSITIONS.move(decision).target == decision
    assert RECOMMENDATION_TRANSITIONS.move("implement").target == "implemented"


def test_decisions_are_recorded_with_their_permission_and_implementing_with_its_own():
    perms = {move.name: move.perm for move in RECOMMENDATION_TRANSITIONS}
    assert perms == {
        "accepted": Perm.DECISION_RECORD,
        "refused": Perm.DECISION_RECORD,
        "deferred": Perm.DECISION_RECORD,
        "implement": Perm.RECOMMENDATION_EDIT,
    }


def names(moves):
    return [move.name for move in moves]


def test_moves_offered_follow_permissions(world):
    owner, viewer, portal = world.actor("owner"), world.actor("viewer"), world.actor("portal")
    table = RECOMMENDATION_TRANSITIONS
    assert names(table.available(owner, "open")) == ["accepted", "refused", "deferred"]
    assert names(table.available(owner, "accepted")) == [
        "accepted",
        "refused",
        "deferred",
        "implement",
    ]
    assert names(table.available(owner, "implemented")) == []
    assert names(table.available(viewer, "open")) == []
    assert names(table.available(viewer, "accepted")) == []
    # The client decides in the portal, but never marks the work done.
    assert names(table.available(portal, "open")) == ["accepted", "refused", "deferred"]
    assert names(table.available(portal, "accepted")) == ["accepted", "refused", "deferred"]


# --- The services obey the table ----------------------------------------------------------


def active_engagement(world):
    owner = world.actor("owner")
    engagement = engagement_create(
        actor=owner, client_id=world.client.pk, title="Refonte du site", value="9000"
    )
    invoice = invoice_create(
        actor=owner, engagement_id=engagement.pk, kind="deposit", amount="2700", due_on=TODAY
    )
    payment_record(actor=owner, invoice_id=invoice.pk, amount="2700", paid_on=TODAY)
    return engagement_activate(actor=owner, engagement_id=engagement.pk)


@pytest.fixture
def rec(world):
    return recommendation_create(
        actor=world.actor("consultant"),
        engagement_id=active_engagement(world).pk,
        title="Passer le site en HTTPS",
        made_on=TODAY,
    )


def decide(world, rec, decision, actor="manager"):
    return recommendation_decide(
        actor=world.actor(actor),
        recommendation_id=rec.pk,
        decision=decision,
        decided_by="Alice Martin",
        decided_on=TODAY,
    )


def reload(rec):
    return Recommendation.objects.in_workspace(rec.workspace_id).get(pk=rec.pk)


def implement(world, rec):
    return recommendation_implement(actor=world.actor("consultant"), recommendation_id=rec.pk)


@pytest.mark.parametrize(
    ("state", "code"),
    [("open", "decision_pending"), ("refused", "client_refused"), ("deferred", "client_deferred")],
)
def test_implementing_what_the_table_refuses_keeps_its_specific_code(world, rec, state, code):
    if state != "open":
        decide(world, rec, state)
    with pytest.raises(Conflict) as refused:
        implement(world, rec)
    assert refused.value.code == code
    assert (reload(rec).status, reload(rec).implemented_on) == (state, None)


def test_implementing_accepted_advice_follows_the_table(world, rec):
    decide(world, rec, "accepted")
    assert implement(world, rec).status == "implemented"
    # Implementing twice changes nothing; deciding afterwards keeps its own code.
    assert implement(world, rec).status == "implemented"
    with pytest.raises(Conflict) as refused:
        decide(world, rec, "refused")
    assert refused.value.code == "already_implemented"


@pytest.mark.parametrize(
    ("first", "then"), list(itertools.product(DecisionChoice.values, repeat=2))
)
def test_the_client_may_change_their_mind_until_implemented(world, rec, first, then):
    decide(world, rec, first)
    decide(world, rec, then)
    assert reload(rec).status == then


def narrower(table, name, sources):
    """The same table, with `name` allowed from `sources` only."""
    return Transitions(
        table.noun,
        table.states,
        [
            Move(m.name, sources, m.target, m.perm, m.label, m.tone) if m.name == name else m
            for m in table
        ],
    )


def test_a_decision_the_table_refuses_answers_invalid_transition(world, rec, monkeypatch):
    decide(world, rec, "refused")
    monkeypatch.setattr(
        decision_services,
        "RECOMMENDATION_TRANSITIONS",
        narrower(RECOMMENDATION_TRANSITIONS, "deferred", ["open"]),
    )
    with pytest.raises(Conflict) as refused:
        decide(world, rec, "deferred")
    assert refused.value.code == "invalid_transition"
    assert reload(rec).status == "refused"
    assert reload(rec).decisions.count() == 1


def test_implementing_with_no_specific_reason_answers_invalid_transition(world, rec, monkeypatch):
    decide(world, rec, "accepted")
    monkeypatch.setattr(
        decision_services,
        "RECOMMENDATION_TRANSITIONS",
        narrower(RECOMMENDATION_TRANSITIONS, "implement", ["deferred"]),
    )
    with pytest.raises(Conflict) as refused:
        implement(world, rec)
    assert refused.value.code == "invalid_transition"
    assert reload(rec).status == "accepted"


# --- The API's `moves` --------------------------------------------------------------------


def api(world, kind):
    return HttpClient(
        headers={"Authorization": f"Bearer {world.token(kind)}", "Accept-Language": "en"}
    )


def moves(world, kind, rec):
    response = api(world, kind).get(f"/api/v1/recommendations/{rec.pk}")
    assert response.status_code == 200, response.content
    return response.json()["moves"]


def test_moves_of_an_open_recommendation_by_actor(world, rec):
    decisions = ["accepted", "refused", "deferred"]
    assert moves(world, "owner", rec) == decisions
    assert moves(world, "consultant", rec) == decisions
    assert moves(world, "viewer", rec) == []
    assert moves(world, "portal", rec) == decisions  # the client decides in the portal
    listed = api(world, "portal").get("/api/v1/recommendations").json()["items"]
    assert [r["moves"] for r in listed] == [decisions]
    other = api(world, "portal_other_client").get(f"/api/v1/recommendations/{rec.pk}")
    assert other.status_code == 404


def test_moves_follow_the_lifecycle(world, rec):
    decide(world, rec, "accepted")
    assert moves(world, "owner", rec) == ["accepted", "refused", "deferred", "implement"]
    assert moves(world, "portal", rec) == ["accepted", "refused", "deferred"]
    assert moves(world, "viewer", rec) == []
    done = api(world, "owner").post(
        f"/api/v1/recommendations/{rec.pk}/implement", {}, content_type="application/json"
    )
    assert done.status_code == 200
    assert (done.json()["status"], done.json()["moves"]) == ("implemented", [])
    assert moves(world, "portal", rec) == []


def test_a_refused_recommendation_offers_no_implement(world, rec):
    decide(world, rec, "refused")
    assert "implement" not in moves(world, "owner", rec)
    refused = api(world, "owner").post(
        f"/api/v1/recommendations/{rec.pk}/implement", {}, content_type="application/json"
    )
    assert (refused.status_code, refused.json()["code"]) == (409, "client_refused")
