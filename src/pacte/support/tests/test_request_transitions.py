"""SUPPORT_REQUEST_TRANSITIONS: every (state, move) pair, and what each move records."""

import pytest

from pacte.kernel.errors import Conflict
from pacte.support.models import SUPPORT_REQUEST_TRANSITIONS, RequestStatus, SupportRequestWait
from pacte.testing import assert_transition, transition_pairs

from .helpers import at, move, request

S = RequestStatus
ALLOWED = {
    (S.OPEN, "respond"),
    (S.RESPONDED, "start"),
    (S.RESPONDED, "wait_for_client"),
    (S.IN_PROGRESS, "wait_for_client"),
    (S.WAITING_CLIENT, "client_replied"),
    *((state, "resolve") for state in (S.OPEN, S.RESPONDED, S.IN_PROGRESS, S.WAITING_CLIENT)),
    *((state, "cancel") for state in (S.OPEN, S.RESPONDED, S.IN_PROGRESS, S.WAITING_CLIENT)),
}


@pytest.mark.parametrize(
    "table,state,move_name,allowed", transition_pairs(SUPPORT_REQUEST_TRANSITIONS, ALLOWED)
)
def test_every_state_and_move(table, state, move_name, allowed):
    assert_transition(table, state, move_name, allowed)


# How to bring a request to each state, then the next free minute.
PATHS = {
    S.OPEN: [],
    S.RESPONDED: ["respond"],
    S.IN_PROGRESS: ["respond", "start"],
    S.WAITING_CLIENT: ["respond", "wait_for_client"],
    S.RESOLVED: ["resolve"],
    S.CANCELLED: ["cancel"],
}


def _bring(world, state):
    req = request(world, at(2026, 6, 1, 9))
    for i, name in enumerate(PATHS[state]):
        req = move(world, req, name, at(2026, 6, 1, 10 + i))
    assert req.status == state
    return req


@pytest.mark.django_db
@pytest.mark.parametrize("state", list(S.values))
@pytest.mark.parametrize("move_name", [m.name for m in SUPPORT_REQUEST_TRANSITIONS])
def test_the_service_follows_the_table(world, state, move_name):
    req = _bring(world, state)
    allowed = (state, move_name) in ALLOWED
    if allowed:
        done = move(world, req, move_name, at(2026, 6, 2, 9))
        assert done.status == SUPPORT_REQUEST_TRANSITIONS.move(move_name).target
    else:
        with pytest.raises(Conflict) as refused:
            move(world, req, move_name, at(2026, 6, 2, 9))
        assert refused.value.code == "invalid_transition"


@pytest.mark.django_db
def test_resolving_an_open_request_is_its_first_response(world):
    req = request(world, at(2026, 6, 1, 9))
    done = move(world, req, "resolve", at(2026, 6, 1, 11))
    assert done.first_response_at == done.resolved_at == at(2026, 6, 1, 11)


@pytest.mark.django_db
def test_resolving_while_waiting_closes_the_wait(world):
    req = request(world, at(2026, 6, 1, 9))
    move(world, req, "respond", at(2026, 6, 1, 10))
    move(world, req, "wait_for_client", at(2026, 6, 1, 11))
    done = move(world, req, "resolve", at(2026, 6, 2, 15))
    wait = SupportRequestWait.objects.in_workspace(world.workspace).get(request=done)
    assert (wait.started_at, wait.ended_at) == (at(2026, 6, 1, 11), at(2026, 6, 2, 15))
    assert done.first_response_at == at(2026, 6, 1, 10)


@pytest.mark.django_db
def test_waits_are_stored_intervals(world):
    req = request(world, at(2026, 6, 1, 9))
    move(world, req, "respond", at(2026, 6, 1, 10))
    move(world, req, "wait_for_client", at(2026, 6, 1, 11))
    move(world, req, "client_replied", at(2026, 6, 1, 14))
    move(world, req, "wait_for_client", at(2026, 6, 1, 15))
    move(world, req, "client_replied", at(2026, 6, 2, 10))
    waits = list(
        SupportRequestWait.objects.in_workspace(world.workspace)
        .filter(request=req)
        .values_list("started_at", "ended_at")
    )
    assert waits == [
        (at(2026, 6, 1, 11), at(2026, 6, 1, 14)),
        (at(2026, 6, 1, 15), at(2026, 6, 2, 10)),
    ]


@pytest.mark.django_db
def test_cancelling_records_when(world):
    req = request(world, at(2026, 6, 1, 9))
    done = move(world, req, "cancel", at(2026, 6, 1, 12))
    assert done.status == S.CANCELLED and done.cancelled_at == at(2026, 6, 1, 12)
