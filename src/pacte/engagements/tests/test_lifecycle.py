"""The engagement lifecycle: every status against every move, and who may move an engagement."""

import pytest

from pacte.engagements.services import (
    engagement_activate,
    engagement_hold,
    engagement_override_deposit,
    engagement_request_deposit,
    engagement_resume,
)
from pacte.engagements.tests.helpers import S, counts, create, engagement_in, reload, row
from pacte.handoff.services import engagement_close, engagement_start_closing, engagement_terminate
from pacte.kernel.errors import Conflict, NotFound, PermissionDenied
from pacte.kernel.models import LedgerEntry

pytestmark = pytest.mark.django_db


TRANSITIONS = {
    "request_deposit": lambda actor, pk: engagement_request_deposit(actor=actor, engagement_id=pk),
    "activate": lambda actor, pk: engagement_activate(actor=actor, engagement_id=pk),
    "override_deposit": lambda actor, pk: engagement_override_deposit(
        actor=actor, engagement_id=pk, reason="Long-standing client, paying in 10 days"
    ),
    "hold": lambda actor, pk: engagement_hold(actor=actor, engagement_id=pk, reason="Waiting"),
    "resume": lambda actor, pk: engagement_resume(actor=actor, engagement_id=pk),
    "start_closing": lambda actor, pk: engagement_start_closing(actor=actor, engagement_id=pk),
    "close": lambda actor, pk: engagement_close(actor=actor, engagement_id=pk),
    "terminate": lambda actor, pk: engagement_terminate(
        actor=actor, engagement_id=pk, terminated_by="us", reason="Unpaid invoices", notice_days=15
    ),
}


ALLOWED = {
    (S.DRAFT, "request_deposit"): S.AWAITING_DEPOSIT,
    (S.DRAFT, "override_deposit"): S.ACTIVE,
    (S.AWAITING_DEPOSIT, "activate"): S.ACTIVE,
    (S.AWAITING_DEPOSIT, "override_deposit"): S.ACTIVE,
    (S.ACTIVE, "hold"): S.ON_HOLD,
    (S.ACTIVE, "start_closing"): S.CLOSING,
    (S.ON_HOLD, "resume"): S.ACTIVE,
    (S.ON_HOLD, "start_closing"): S.CLOSING,
    (S.CLOSING, "close"): S.CLOSED,
    **{
        (status, "terminate"): S.TERMINATED
        for status in (S.DRAFT, S.AWAITING_DEPOSIT, S.ACTIVE, S.ON_HOLD, S.CLOSING)
    },
}


# Activating an active engagement changes nothing; a draft cannot have its deposit paid (the
# deposit invoice makes it awaiting_deposit), so activating it is the deposit gate's refusal.
SPECIAL = {(S.ACTIVE, "activate"), (S.DRAFT, "activate")}


@pytest.mark.parametrize("move", list(TRANSITIONS))
@pytest.mark.parametrize("status", S.values)
def test_every_status_against_every_move(world, status, move):
    engagement = engagement_in(world, status)
    owner = world.actor("owner")
    before, stored = counts(), row(engagement)
    if (status, move) in ALLOWED:
        TRANSITIONS[move](owner, engagement.pk)
        to = ALLOWED[(status, move)]
        assert reload(engagement).status == to
        # Closing and terminating also plan the handoff, journaled after the move.
        entry = (
            LedgerEntry.objects.in_workspace(world.workspace)
            .filter(action="engagement.status_changed")
            .last()
        )
        assert (entry.payload["from"], entry.payload["to"]) == (status, to)
        assert entry.subject_id == str(engagement.pk)
        assert entry.actor == "owner@nord.test (owner)"
    elif (status, move) in SPECIAL:
        if status == S.ACTIVE:
            TRANSITIONS[move](owner, engagement.pk)  # a no-op
        else:
            with pytest.raises(Conflict) as refused:
                TRANSITIONS[move](owner, engagement.pk)
            assert refused.value.code == "deposit_missing"
        assert counts() == before and row(engagement) == stored
    else:
        with pytest.raises(Conflict) as refused:
            TRANSITIONS[move](owner, engagement.pk)
        assert refused.value.code == "invalid_transition"
        assert counts() == before
        assert row(engagement) == stored


def test_every_pair_is_in_the_table():
    """The table above covers the whole lifecycle; a new status or move must be added to it."""
    pairs = {(status, move) for status in S.values for move in TRANSITIONS}
    assert set(ALLOWED) | SPECIAL <= pairs
    assert len(pairs) == len(S.values) * len(TRANSITIONS) == 56


def test_moves_on_an_engagement_of_another_workspace_are_not_found(world):
    engagement = create(world)
    outsider = world.actor("other_workspace")
    for move in TRANSITIONS.values():
        with pytest.raises(NotFound):
            move(outsider, engagement.pk)
    assert reload(engagement).status == S.DRAFT


@pytest.mark.parametrize("kind", ["viewer", "portal"])
def test_readers_cannot_move_an_engagement(world, kind):
    engagement = engagement_in(world, S.ACTIVE)
    before = counts()
    for name in ("hold", "start_closing", "terminate"):
        with pytest.raises(PermissionDenied):
            TRANSITIONS[name](world.actor(kind), engagement.pk)
    assert counts() == before
