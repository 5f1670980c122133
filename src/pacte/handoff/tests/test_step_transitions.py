"""State machines as data: a handoff step's lifecycle, every (state, move) pair of
HANDOFF_STEP_TRANSITIONS, the service obeying it, and the API's `moves`."""

import pytest
from django.test import Client as HttpClient
from django.utils import timezone, translation

from pacte.handoff import services as handoff_services
from pacte.handoff.models import HANDOFF_STEP_TRANSITIONS, HandoffStep, StepStatus
from pacte.handoff.services import handoff_step_update
from pacte.handoff.tests.helpers import closing_engagement, register
from pacte.kernel.errors import Conflict, InvalidInput
from pacte.kernel.models import LedgerEntry
from pacte.kernel.permissions import Perm
from pacte.kernel.transitions import Move, Transitions
from pacte.testing import assert_transition, transition_pairs

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()

# Any status to any other; keeping the status is an edit, not a move.
ALLOWED = {
    ("open", "done"),
    ("blocked", "done"),
    ("open", "blocked"),
    ("done", "blocked"),
    ("done", "open"),
    ("blocked", "open"),
}
PAIRS = transition_pairs(HANDOFF_STEP_TRANSITIONS, ALLOWED)


@pytest.fixture(autouse=True)
def _in_english():
    with translation.override("en"):
        yield


@pytest.mark.parametrize(("table", "state", "move", "allowed"), PAIRS)
def test_every_state_and_move(table, state, move, allowed):
    assert_transition(table, state, move, allowed)


def test_the_table_covers_every_pair():
    assert len(PAIRS) == len(StepStatus.values) * 3
    # Each move is named after the status it reaches: the values `status` takes.
    assert {m.name: m.target for m in HANDOFF_STEP_TRANSITIONS} == {
        "done": "done",
        "blocked": "blocked",
        "open": "open",
    }
    assert {m.perm for m in HANDOFF_STEP_TRANSITIONS} == {Perm.HANDOFF_EDIT}


def names(actor, state):
    return [m.name for m in HANDOFF_STEP_TRANSITIONS.available(actor, state)]


def test_moves_offered_follow_permissions(world):
    consultant = world.actor("consultant")
    assert names(consultant, "open") == ["done", "blocked"]
    assert names(consultant, "done") == ["blocked", "open"]
    assert names(consultant, "blocked") == ["done", "open"]
    for kind in ("viewer", "portal"):
        assert all(names(world.actor(kind), state) == [] for state in StepStatus.values)


# --- The service obeys the table ------------------------------------------------------------


@pytest.fixture
def closing(world):
    """An engagement closing on a registry where our domain still needs four steps."""
    register(
        world,
        "domain",
        "boulangerie-alpha.fr",
        legal_owner="us",
        client_has_admin=False,
        we_have_admin=True,
    )
    return closing_engagement(world, world.client)


@pytest.fixture
def step(world, closing):
    return (
        HandoffStep.objects.in_workspace(world.workspace)
        .filter(plan__engagement=closing)
        .order_by("pk")
        .first()
    )


def reload(step):
    return HandoffStep.objects.in_workspace(step.workspace_id).get(pk=step.pk)


def update(world, step, status, **kwargs):
    return handoff_step_update(
        actor=world.actor("consultant"), step_id=step.pk, status=status, **kwargs
    )


def changes():
    return LedgerEntry.objects.across_workspaces().filter(action="handoff.step_changed").count()


def put(world, step, state):
    if state != "open":
        update(world, step, state, notes="Code EPP attendu")


@pytest.mark.parametrize(("state", "move"), sorted(ALLOWED))
def test_every_move_the_table_allows_is_made(world, step, state, move):
    put(world, step, state)
    moved = update(world, step, move, notes="Code EPP attendu")
    assert moved.status == move
    assert (moved.done_on is not None) is (move == "done")


@pytest.mark.parametrize("state", StepStatus.values)
def test_keeping_the_status_is_an_edit(world, step, state):
    put(world, step, state)
    done_on = reload(step).done_on
    edited = update(world, step, state, owner="Julie")
    assert (edited.status, edited.owner, edited.done_on) == (state, "Julie", done_on)


def test_a_move_the_table_refuses_answers_invalid_transition(world, step, monkeypatch):
    update(world, step, "done")
    monkeypatch.setattr(
        handoff_services,
        "HANDOFF_STEP_TRANSITIONS",
        Transitions(
            HANDOFF_STEP_TRANSITIONS.noun,
            StepStatus,
            [
                Move(m.name, ["open"], m.target, m.perm, m.label) if m.name == "blocked" else m
                for m in HANDOFF_STEP_TRANSITIONS
            ],
        ),
    )
    before = changes()
    with pytest.raises(Conflict) as refused:
        update(world, step, "blocked", notes="Code EPP attendu")
    assert refused.value.code == "invalid_transition"
    assert reload(step).status == "done"
    assert changes() == before


def test_a_blocked_step_still_needs_its_note(world, step):
    with pytest.raises(InvalidInput) as refused:
        update(world, step, "blocked", notes="")
    assert "notes" in refused.value.fields


# --- The API's `moves` --------------------------------------------------------------------


def api(world, kind):
    return HttpClient(
        headers={"Authorization": f"Bearer {world.token(kind)}", "Accept-Language": "en"}
    )


def step_moves(world, kind, engagement):
    response = api(world, kind).get(f"/api/v1/engagements/{engagement.pk}/handoff")
    assert response.status_code == 200, response.content
    return {s["id"]: s["moves"] for s in response.json()["steps"]}


def test_step_moves_by_actor(world, closing, step):
    owner = step_moves(world, "owner", closing)
    assert len(owner) == 4 and set(map(tuple, owner.values())) == {("done", "blocked")}
    assert set(map(tuple, step_moves(world, "viewer", closing).values())) == {()}
    assert set(map(tuple, step_moves(world, "portal", closing).values())) == {()}

    moved = api(world, "manager").post(
        f"/api/v1/handoff-steps/{step.pk}", {"status": "done"}, content_type="application/json"
    )
    assert moved.status_code == 200
    assert (moved.json()["status"], moved.json()["moves"]) == ("done", ["blocked", "open"])
    assert step_moves(world, "consultant", closing)[step.pk] == ["blocked", "open"]
