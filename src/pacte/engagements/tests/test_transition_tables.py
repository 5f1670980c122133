"""State machines as data: every (state, move) pair of each table, and the services obeying it."""

import pytest

from pacte.engagements.models import (
    CHANGE_REQUEST_TRANSITIONS,
    ENGAGEMENT_TRANSITIONS,
    ChangeRequestStatus,
    EngagementStatus,
)
from pacte.testing import assert_transition, transition_pairs

ENGAGEMENT_ALLOWED = {
    ("draft", "request_deposit"),
    ("draft", "activate"),
    ("awaiting_deposit", "activate"),
    ("draft", "override_deposit"),
    ("awaiting_deposit", "override_deposit"),
    ("active", "hold"),
    ("on_hold", "resume"),
    ("active", "start_closing"),
    ("on_hold", "start_closing"),
    ("closing", "close"),
    *(
        (state, "terminate")
        for state in ("draft", "awaiting_deposit", "active", "on_hold", "closing")
    ),
}

CHANGE_REQUEST_ALLOWED = {
    ("new", "estimated"),
    ("estimated", "estimated"),
    ("estimated", "accepted"),
    ("accepted", "billed"),
    ("new", "refused"),
    ("estimated", "refused"),
    ("new", "absorbed"),
    ("estimated", "absorbed"),
    ("accepted", "absorbed"),
}

TABLES = [
    (ENGAGEMENT_TRANSITIONS, EngagementStatus, ENGAGEMENT_ALLOWED),
    (CHANGE_REQUEST_TRANSITIONS, ChangeRequestStatus, CHANGE_REQUEST_ALLOWED),
]
PAIRS = [pair for table, _states, allowed in TABLES for pair in transition_pairs(table, allowed)]


@pytest.mark.parametrize(("table", "state", "move", "allowed"), PAIRS)
def test_every_state_and_move(table, state, move, allowed):
    assert_transition(table, state, move, allowed)


def test_the_tables_cover_every_pair():
    assert len(PAIRS) == len(EngagementStatus.values) * 8 + len(ChangeRequestStatus.values) * 5


def test_moves_offered_follow_permissions(world):
    viewer, owner, manager = world.actor("viewer"), world.actor("owner"), world.actor("manager")
    assert ENGAGEMENT_TRANSITIONS.available(viewer, "draft") == []
    assert "override_deposit" in {m.name for m in ENGAGEMENT_TRANSITIONS.available(owner, "draft")}
    assert "override_deposit" not in {
        m.name for m in ENGAGEMENT_TRANSITIONS.available(manager, "draft")
    }
