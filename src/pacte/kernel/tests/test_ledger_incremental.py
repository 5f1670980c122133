"""Incremental verification (DOMAIN §8): a checkpoint in the database, shared by every
process; each check walks only the entries after it, and only the full walk finds a change
made before it."""

import pytest
from django.db import DatabaseError, connection, connections
from django.test.utils import CaptureQueriesContext

from pacte.kernel import ledger
from pacte.kernel.models import LedgerCheckpoint, LedgerEntry, Workspace
from pacte.kernel.tenancy import Actor

pytestmark = pytest.mark.django_db


def note(workspace, n=1):
    for i in range(n):
        ledger.append(actor=Actor.system(workspace), action="test.note", payload={"i": i})


def checkpoint(workspace) -> LedgerCheckpoint:
    return LedgerCheckpoint.objects.get(workspace=workspace)


def entry(workspace, seq) -> LedgerEntry:
    return LedgerEntry.objects.in_workspace(workspace).get(seq=seq)


def tamper(workspace, seq, **values):
    """Change a row behind the ORM's back, as someone with database access would."""
    assert LedgerEntry.objects.in_workspace(workspace).filter(seq=seq).update(**values) == 1


@pytest.fixture
def ws(world):
    note(world.workspace, 8)
    world.workspace.refresh_from_db()
    return world.workspace


def test_a_check_moves_the_checkpoint_to_the_last_entry_it_proved(ws):
    assert not LedgerCheckpoint.objects.filter(workspace=ws).exists()
    result = ledger.verify(ws)
    assert result.ok and result.kind == ledger.INCREMENTAL and result.checked_at
    assert result.count == ws.ledger_length
    mark = checkpoint(ws)
    assert (mark.seq, mark.entry_hash) == (ws.ledger_length, ws.ledger_head)


def test_tampering_before_the_checkpoint_is_found_by_the_full_walk_only(ws):
    assert ledger.verify(ws).ok  # the checkpoint is now at the head
    early = entry(ws, 3)
    tamper(ws, 3, payload={**early.payload, "i": 999})
    assert ledger.verify(ws).ok, "the incremental check walks only what follows the checkpoint"
    full = ledger.verify_full(ws)
    assert not full.ok and full.kind == ledger.FULL
    assert full.broken_seq == 3
    assert "altered" in full.reason
    # The verdict is recorded for the pages, and stands until a full walk holds again.
    status = ledger.status(ws)
    assert status.verification.ok and not status.ok
    assert status.last_full.broken_seq == 3 and not status.last_full.ok


def test_a_write_after_the_checkpoint_is_checked_alone(ws):
    ledger.verify(ws)
    note(ws)
    with CaptureQueriesContext(connection) as captured:
        result = ledger.verify(ws)
    assert result.ok and result.count == ws.ledger_length
    # One read (the head, the checkpoint, the entries from it) and one move of the mark.
    assert len(captured) == 2, [q["sql"] for q in captured]
    entries_read = [q for q in captured if "core_ledgerentry" in q["sql"]]
    assert len(entries_read) == 1
    assert checkpoint(ws).seq == ws.ledger_length


def test_nothing_new_costs_one_query_and_writes_nothing(ws):
    ledger.verify(ws)
    with CaptureQueriesContext(connection) as captured:
        assert ledger.verify(ws).ok
    assert len(captured) == 1


def test_a_new_entry_altered_after_the_checkpoint_is_found(ws):
    ledger.verify(ws)
    note(ws, 2)
    tamper(ws, ws.ledger_length - 1, action="forged")
    result = ledger.verify(ws)
    assert not result.ok and result.broken_seq == ws.ledger_length - 1
    assert checkpoint(ws).seq == ws.ledger_length - 2  # not moved past a break


def test_the_checkpoint_entry_itself_is_checked(ws):
    ledger.verify(ws)
    tamper(ws, ws.ledger_length, actor="forger")
    result = ledger.verify(ws)
    assert not result.ok and result.broken_seq == ws.ledger_length


def test_a_rehashed_checkpoint_entry_is_found(ws):
    ledger.verify(ws)
    head = entry(ws, ws.ledger_length)
    head.actor = "forger"
    tamper(ws, head.seq, actor="forger", entry_hash=ledger.entry_hash(head))
    result = ledger.verify(ws)
    assert not result.ok and result.broken_seq == head.seq
    assert "changed after it was verified" in result.reason


def test_deleting_the_tail_is_found(ws):
    ledger.verify(ws)
    length = ws.ledger_length
    LedgerEntry.objects.in_workspace(ws).filter(seq__gte=length - 1).delete()
    result = ledger.verify(ws)
    assert not result.ok
    assert f"records {length} entries" in result.reason


def test_deleting_the_tail_and_rewinding_the_head_is_found(ws):
    """Cutting entries off and setting the workspace's length and head back to match:
    the checkpoint remembers that the chain was longer."""
    ledger.verify(ws)
    length = ws.ledger_length
    kept = entry(ws, length - 2)
    LedgerEntry.objects.in_workspace(ws).filter(seq__gt=kept.seq).delete()
    Workspace.objects.filter(pk=ws.pk).update(ledger_length=kept.seq, ledger_head=kept.entry_hash)
    result = ledger.verify(ws)
    assert not result.ok and f"#{length} was verified before" in result.reason


def test_the_checkpoint_never_moves_backwards(ws):
    ledger.verify(ws)
    top = checkpoint(ws)
    # A slower check that proved less finishes after a faster one: its write changes nothing.
    ledger._advance(ws.pk, exists=True, seq=3, entry_hash=entry(ws, 3).entry_hash)
    assert (checkpoint(ws).seq, checkpoint(ws).entry_hash) == (top.seq, top.entry_hash)
    # Nor does one that believed there was no checkpoint yet.
    ledger._advance(ws.pk, exists=False, seq=2, entry_hash=entry(ws, 2).entry_hash)
    assert checkpoint(ws).seq == top.seq
    # A full walk over a shorter chain (read before appends) does not move it back either.
    assert LedgerCheckpoint.objects.filter(workspace=ws).update(seq=top.seq + 5) == 1
    note(ws, 5)
    ledger.verify_full(ws)
    assert checkpoint(ws).seq == top.seq + 5
    assert checkpoint(ws).full_ok is True


def test_a_bounded_check_catches_up_over_several_calls(ws):
    first = ledger.verify(ws, limit=3)
    assert first.ok and first.count == 3 and first.pending == ws.ledger_length - 3
    assert checkpoint(ws).seq == 3
    while (result := ledger.verify(ws, limit=3)).pending:
        assert result.ok
    assert result.count == ws.ledger_length
    assert checkpoint(ws).seq == ws.ledger_length


def test_the_full_walk_records_its_verdict_and_moves_the_checkpoint(ws):
    assert ledger.status(ws).last_full is None
    result = ledger.verify_full(ws)
    assert result.ok and result.count == ws.ledger_length
    mark = checkpoint(ws)
    assert mark.seq == ws.ledger_length and mark.full_ok is True
    assert mark.full_count == ws.ledger_length and mark.full_started_at <= mark.full_checked_at
    status = ledger.status(ws)
    assert status.ok and status.last_full.count == ws.ledger_length
    assert status.full_state == ""


def test_each_workspace_has_its_own_checkpoint(world, ws):
    ledger.verify(ws)
    other = world.other_workspace
    assert ledger.verify(other).ok
    assert checkpoint(other).seq == other.ledger_length != checkpoint(ws).seq


@pytest.mark.parametrize("parts", [2, 3, 4, 5])
def test_a_walk_in_parts_finds_what_a_single_walk_finds(ws, parts):
    """Forked processes walk a part each; joined, their verdict is the single walk's, for a
    break at any entry, including each part's first (its link is checked by the join)."""
    length = ws.ledger_length
    for seq in range(1, length + 1):
        target = entry(ws, seq)
        original = (target.action, target.entry_hash)
        target.action = "forged"
        tamper(ws, seq, action="forged", entry_hash=ledger.entry_hash(target))
        state = ledger._read_state(ws)
        single = ledger._walk(
            ws.pk,
            start=1,
            expected_prev=ledger.GENESIS,
            anchor_hash=None,
            length=state.length,
            head=state.head,
        )
        joined = ledger._join(
            [
                ledger._walk(
                    ws.pk,
                    start=a,
                    stop=b,
                    expected_prev=None,
                    anchor_hash=None,
                    length=state.length,
                    head=state.head,
                )
                for a, b in ledger._parts(state.length, parts)
            ]
        )
        expected = ledger._verdict(ws, state, single, kind=ledger.FULL)
        got = ledger._verdict(ws, state, joined, kind=ledger.FULL)
        assert (got.ok, got.count, got.broken_seq, got.reason) == (
            expected.ok,
            expected.count,
            expected.broken_seq,
            expected.reason,
        ), seq
        assert not got.ok
        tamper(ws, seq, action=original[0], entry_hash=original[1])
    assert ledger.verify_full(ws).ok


def test_parts_cover_the_chain_and_run_on_past_its_recorded_end():
    assert ledger._parts(10, 3) == [(1, 4), (5, 8), (9, ledger._NO_END)]
    assert ledger._parts(2, 4) == [(1, 1), (2, ledger._NO_END)]
    assert ledger._parts(0, 2) == [(1, ledger._NO_END)]


def test_verify_recent_and_its_per_process_cache_are_gone():
    assert not hasattr(ledger, "verify_recent")


def test_a_bounded_check_that_reaches_the_end_still_checks_the_head(ws):
    ledger.verify(ws, limit=ws.ledger_length - 1)
    last = entry(ws, ws.ledger_length)
    last.action = "forged"
    tamper(ws, last.seq, action="forged", entry_hash=ledger.entry_hash(last))
    result = ledger.verify(ws, limit=1)  # exactly the one entry left
    assert not result.ok and result.broken_seq == last.seq


def test_a_checkpoint_that_cannot_be_moved_does_not_fail_the_check(ws, monkeypatch):
    """Outside a transaction (a page under a burst of writes on SQLite), a locked database
    leaves the checkpoint where it was; the verdict still stands."""

    def locked(*args, **kwargs):
        raise DatabaseError("database is locked")

    monkeypatch.setattr(connections["default"], "in_atomic_block", False)
    monkeypatch.setattr(LedgerCheckpoint.objects, "bulk_create", locked)
    assert ledger.verify(ws).ok
    assert not LedgerCheckpoint.objects.filter(workspace=ws).exists()
