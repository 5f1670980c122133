"""The playbook as a transition table (DOMAIN §3): every legal move, every illegal one
answering invalid_transition, the final states, the rules on each step (the cause, the
call back, R-NO on the proposed solution), dates, and the ledger."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from pacte.conflicts.models import (
    CONFLICT_TRANSITIONS,
    FINAL_STATES,
    ConflictCase,
    ConflictStatus,
    ConflictStep,
)
from pacte.conflicts.services import conflict_move
from pacte.decisions.models import Recommendation
from pacte.handoff.models import HandoffPlan
from pacte.kernel.errors import Conflict, InvalidInput, PermissionDenied
from pacte.kernel.models import LedgerEntry
from pacte.testing import assert_transition, transition_pairs

from .helpers import answer, days_ago, move, open_case, running_engagement, to_awaiting

pytestmark = pytest.mark.django_db

S = ConflictStatus
ALLOWED = {
    ("opened", "cause_identified"),
    ("cause_identified", "listening"),
    ("listening", "solution_proposed"),
    ("solution_proposed", "awaiting_decision"),
    ("awaiting_decision", "resolved"),
    ("awaiting_decision", "apologised"),
    ("awaiting_decision", "exit"),
    # The loop of a real playbook: the client refused or put off the solution.
    ("awaiting_decision", "listening"),
    ("awaiting_decision", "solution_proposed"),
}


@pytest.mark.parametrize(
    "table,state,move_name,allowed", transition_pairs(CONFLICT_TRANSITIONS, ALLOWED)
)
def test_every_pair_of_the_table(table, state, move_name, allowed):
    assert_transition(table, state, move_name, allowed)


def test_the_final_states_accept_no_move():
    for state in FINAL_STATES:
        assert CONFLICT_TRANSITIONS.from_state(state) == []


def test_each_move_is_named_after_the_state_it_reaches():
    for move_ in CONFLICT_TRANSITIONS:
        assert move_.name == move_.target


def ledger_actions(world):
    return list(
        LedgerEntry.objects.in_workspace(world.workspace)
        .filter(action__startswith="conflict.")
        .order_by("pk")
        .values_list("action", flat=True)
    )


def test_the_whole_path_to_resolved_journals_every_step(world):
    e = running_engagement(world)
    case = open_case(world, [e])
    assert case.status == S.OPENED and case.steps.count() == 1
    case = to_awaiting(world, case)
    assert case.status == S.AWAITING_DECISION and case.cause == "misunderstanding"
    answer(world, case, "accepted")
    case = move(world, case, "resolved", on=days_ago(20))
    assert case.status == S.RESOLVED and case.closed_on == days_ago(20)
    assert case.follow_up_on is None
    steps = list(case.steps.order_by("on", "pk").values_list("from_status", "to_status"))
    assert steps == [
        ("", "opened"),
        ("opened", "cause_identified"),
        ("cause_identified", "listening"),
        ("listening", "solution_proposed"),
        ("solution_proposed", "awaiting_decision"),
        ("awaiting_decision", "resolved"),
    ]
    assert ledger_actions(world) == ["conflict.opened"] + ["conflict.moved"] * 5
    last = LedgerEntry.objects.in_workspace(world.workspace).filter(action="conflict.moved")
    payload = last.order_by("-pk").first().payload
    assert payload["to"] == "resolved" and payload["from"] == "awaiting_decision"


@pytest.mark.parametrize("state", list(S.values))
def test_every_move_not_in_the_table_answers_invalid_transition_and_changes_nothing(world, state):
    e = running_engagement(world)
    case = open_case(world, [e])
    path = ["cause_identified", "listening", "solution_proposed", "awaiting_decision"]
    if state in path:
        path = path[: path.index(state) + 1]
    elif state != "opened":
        pass
    else:
        path = []
    for i, to in enumerate(path):
        case = move(world, case, to, on=days_ago(29 - i))
    if state in FINAL_STATES:
        if state == "resolved":
            answer(world, case, "accepted")
        case = move(world, case, state, on=days_ago(20))
    assert case.status == state
    for target in S.values:
        if (state, target) in ALLOWED:
            continue
        before = (
            ConflictStep.objects.across_workspaces().count(),
            LedgerEntry.objects.across_workspaces().count(),
        )
        with pytest.raises(Conflict) as refused:
            move(world, case, target, on=days_ago(10))
        assert refused.value.code == "invalid_transition", (state, target)
        assert (
            ConflictStep.objects.across_workspaces().count(),
            LedgerEntry.objects.across_workspaces().count(),
        ) == before
        case.refresh_from_db()
        assert case.status == state


def test_the_cause_is_required_to_identify_it(world):
    case = open_case(world)
    with pytest.raises(InvalidInput) as refused:
        move(world, case, "cause_identified", on=days_ago(29), cause="")
    assert refused.value.code == "cause_required"
    with pytest.raises(InvalidInput):
        move(world, case, "cause_identified", on=days_ago(29), cause="weather")
    case = move(world, case, "cause_identified", on=days_ago(29), cause="bad_faith")
    assert case.cause == "bad_faith"


def test_a_step_is_dated_not_in_the_future_nor_before_the_previous_one(world):
    case = open_case(world, opened_on=days_ago(10))
    with pytest.raises(InvalidInput) as refused:
        move(world, case, "cause_identified", on=days_ago(11))
    assert refused.value.code == "before_previous_step"
    with pytest.raises(InvalidInput) as refused:
        move(world, case, "cause_identified", on=timezone.localdate() + dt.timedelta(days=1))
    assert refused.value.code == "in_future"
    case = move(world, case, "cause_identified", on=days_ago(5))
    with pytest.raises(InvalidInput) as refused:
        move(world, case, "listening", on=days_ago(6))
    assert refused.value.code == "before_previous_step"
    move(world, case, "listening", on=days_ago(5))  # the same day is fine


def test_a_case_is_not_opened_in_the_future(world):
    with pytest.raises(InvalidInput) as refused:
        open_case(world, opened_on=timezone.localdate() + dt.timedelta(days=1))
    assert refused.value.code == "in_future"
    assert not ConflictCase.objects.across_workspaces().exists()


def test_notes_are_required_on_every_step(world):
    case = open_case(world)
    with pytest.raises(InvalidInput):
        move(world, case, "cause_identified", on=days_ago(29), notes="  ")


def test_proposing_needs_the_proposal_and_when_to_call_back(world):
    case = open_case(world)
    move(world, case, "cause_identified", on=days_ago(29))
    move(world, case, "listening", on=days_ago(28))
    with pytest.raises(InvalidInput) as refused:
        move(world, case, "solution_proposed", on=days_ago(27), proposed="")
    assert refused.value.code == "proposal_required"
    with pytest.raises(InvalidInput) as refused:
        conflict_move(
            actor=world.actor("owner"),
            case_id=case.pk,
            to="solution_proposed",
            on=days_ago(27),
            notes="x",
            proposed="Une remise",
        )
    assert refused.value.code == "follow_up_required"
    with pytest.raises(InvalidInput) as refused:
        move(
            world,
            case,
            "solution_proposed",
            on=days_ago(27),
            follow_up_on=days_ago(28),
        )
    assert refused.value.code == "follow_up_out_of_range"
    with pytest.raises(InvalidInput) as refused:
        move(
            world,
            case,
            "solution_proposed",
            on=days_ago(27),
            follow_up_on=days_ago(27) + dt.timedelta(days=400),
        )
    assert refused.value.code == "follow_up_out_of_range"
    case = move(world, case, "solution_proposed", on=days_ago(27))
    assert case.follow_up_on == days_ago(20)


def test_the_solution_is_put_to_the_client_as_a_recommendation_the_portal_answers(world):
    e = running_engagement(world)
    case = to_awaiting(world, open_case(world, [e]))
    rec = Recommendation.objects.across_workspaces().get(pk=case.solution_id)
    assert rec.engagement_id == e.pk and rec.status == "open"
    assert rec.title == "Une séance de reprise offerte"
    assert "Our proposal to settle the disagreement between us." in rec.rationale
    assert "Le client conteste la maquette livrée" not in rec.rationale
    # The client's people answer it in the portal, like any recommendation (R-NO).
    decision = answer(world, case, "refused", actor="portal")
    assert decision.via_portal
    # Not accepted: not resolved.
    with pytest.raises(Conflict) as refused:
        move(world, case, "resolved", on=days_ago(20))
    assert refused.value.code == "solution_not_accepted"
    # Refused: the playbook loops, and the new proposal is a new recommendation.
    case = move(world, case, "solution_proposed", on=days_ago(20), proposed="Deux séances")
    case = move(world, case, "awaiting_decision", on=days_ago(19), proposed="")
    assert case.solution_id != rec.pk
    assert case.solution.title == "Deux séances"  # the proposal of the previous step
    answer(world, case, "accepted", actor="portal")
    assert move(world, case, "resolved", on=days_ago(18)).status == S.RESOLVED
    rec.refresh_from_db()
    assert rec.status == "refused"  # the first answer stays on record


def test_the_loop_waits_for_an_answer_and_not_after_a_yes(world):
    case = to_awaiting(world, open_case(world, [running_engagement(world)]))
    with pytest.raises(Conflict) as refused:
        move(world, case, "listening", on=days_ago(20))
    assert refused.value.code == "solution_unanswered"
    answer(world, case, "accepted")
    with pytest.raises(Conflict) as refused:
        move(world, case, "solution_proposed", on=days_ago(20))
    assert refused.value.code == "solution_accepted"
    answer(world, case, "deferred")
    assert move(world, case, "listening", on=days_ago(20)).status == S.LISTENING


def test_a_solution_needs_an_engagement_to_be_recorded_on(world):
    case = open_case(world)
    for i, to in enumerate(["cause_identified", "listening", "solution_proposed"]):
        move(world, case, to, on=days_ago(29 - i))
    with pytest.raises(InvalidInput) as refused:
        move(world, case, "awaiting_decision", on=days_ago(25))
    assert refused.value.code == "no_engagement"
    # The client's latest engagement serves when the case names none.
    e = running_engagement(world)
    case = move(world, case, "awaiting_decision", on=days_ago(25))
    assert case.solution.engagement_id == e.pk


def test_apologised_closes_the_case(world):
    case = to_awaiting(world, open_case(world, [running_engagement(world)]))
    case = move(world, case, "apologised", on=days_ago(20), proposed="Nos excuses écrites")
    assert case.status == S.APOLOGISED and case.closed_on == days_ago(20)


def test_exit_terminates_the_running_engagements_through_engagement_terminate(world):
    e = running_engagement(world)
    other = running_engagement(world, title="Maintenance")
    case = to_awaiting(world, open_case(world, [e]))
    answer(world, case, "refused")
    case = move(world, case, "exit", on=days_ago(20))
    assert case.status == S.EXIT and case.closed_on == days_ago(20)
    e.refresh_from_db()
    other.refresh_from_db()
    assert e.status == "terminated" and other.status == "active"
    assert e.terminated_by == "us" and e.notice_days == 15
    assert e.termination_reason == "Mauvaise foi persistante"
    assert e.terminated_on == days_ago(20)
    # engagement_terminate started the handoff.
    assert HandoffPlan.objects.across_workspaces().filter(engagement=e).exists()
    ended = LedgerEntry.objects.across_workspaces().filter(
        action="engagement.status_changed", subject_id=str(e.pk)
    )
    assert any(entry.payload.get("to") == "terminated" for entry in ended)
    payload = (
        LedgerEntry.objects.across_workspaces()
        .filter(action="conflict.moved")
        .order_by("-pk")
        .first()
        .payload
    )
    assert payload["terminated"] == ["Refonte du site"] and payload["terminated_by"] == "us"


def test_exit_terminates_the_chosen_engagements_of_the_client_only(world):
    e = running_engagement(world)
    other = running_engagement(world, title="Maintenance")
    foreign = running_engagement(world, client=world.other_client, title="Chez Beta")
    case = to_awaiting(world, open_case(world, [e]))
    with pytest.raises(InvalidInput) as refused:
        move(world, case, "exit", on=days_ago(20), terminate_engagement_ids=[foreign.pk])
    assert refused.value.code == "engagement_of_another_client"
    case.refresh_from_db()
    assert case.status == S.AWAITING_DECISION
    case = move(
        world,
        case,
        "exit",
        on=days_ago(20),
        terminate_engagement_ids=[e.pk, other.pk],
        terminated_by="client",
    )
    e.refresh_from_db()
    other.refresh_from_db()
    assert e.status == other.status == "terminated" and other.terminated_by == "client"
    # The case follows every engagement it ended.
    assert set(case.engagements.values_list("pk", flat=True)) == {e.pk, other.pk}


def test_exit_must_end_the_running_engagements(world):
    """`exit` with engagements still running and none chosen would close the file and leave
    the work running: refused. A client with nothing running may be left with none."""
    e = running_engagement(world)
    case = to_awaiting(world, open_case(world))  # no engagement linked to the case
    for chosen in (None, []):
        with pytest.raises(InvalidInput) as refused:
            move(world, case, "exit", on=days_ago(20), terminate_engagement_ids=chosen)
        assert refused.value.code == "nothing_to_terminate"
    case.refresh_from_db()
    assert case.status == S.AWAITING_DECISION
    move(world, case, "exit", on=days_ago(20), terminate_engagement_ids=[e.pk])
    # Nothing runs any more for this client: a later case may end with nothing to terminate.
    quiet = to_awaiting(world, open_case(world, opened_on=days_ago(19)), start=18)
    assert move(world, quiet, "exit", on=days_ago(5)).status == S.EXIT


def test_exit_fails_whole_when_a_termination_is_refused(world):
    e = running_engagement(world)
    case = to_awaiting(world, open_case(world, [e]))
    with pytest.raises(InvalidInput):
        move(world, case, "exit", on=days_ago(20), terminated_by="nobody")
    case.refresh_from_db()
    e.refresh_from_db()
    assert case.status == S.AWAITING_DECISION and e.status == "active"


def test_the_engagements_of_a_case_are_the_clients(world):
    foreign = running_engagement(world, client=world.other_client, title="Chez Beta")
    with pytest.raises(InvalidInput) as refused:
        open_case(world, [foreign])
    assert refused.value.code == "engagement_of_another_client"
    assert not ConflictCase.objects.across_workspaces().exists()


def test_who_may_open_and_move(world):
    with pytest.raises(PermissionDenied):
        open_case(world, actor="viewer")
    with pytest.raises(PermissionDenied):
        open_case(world, actor="portal")
    case = open_case(world)
    with pytest.raises(PermissionDenied):
        move(world, case, "cause_identified", on=days_ago(29), actor="viewer")
