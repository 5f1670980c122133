"""The proof ledger (DOMAIN §8): a hash chain per workspace, and `verify` finds any change."""

import itertools
from datetime import timedelta

import pytest
from django.db import connection

from pacte.demo.loader import load_demo
from pacte.kernel import ledger
from pacte.kernel.models import LedgerEntry, Workspace
from pacte.kernel.tenancy import Actor

pytestmark = pytest.mark.django_db


@pytest.fixture
def chain(world):
    """The world's ledger plus a few entries of our own: at least eight links."""
    actor = world.actor("owner")
    for n in range(3):
        ledger.append(
            actor=actor,
            action="test.note",
            subject=world.client,
            payload={"n": n, "text": "décision écrite", "nested": {"ok": True}},
        )
    return world.workspace


def verify_in_parts(workspace):
    """The full walk as forked processes do it (a part of the chain each, joined), run here
    in this process: a child could not see the test's transaction."""
    state = ledger._read_state(workspace)
    parts = [
        ledger._walk(
            workspace.pk,
            start=start,
            stop=stop,
            expected_prev=None,
            anchor_hash=None,
            length=state.length,
            head=state.head,
        )
        for start, stop in ledger._parts(state.length, 3)
    ]
    return ledger._verdict(workspace, state, ledger._join(parts), kind=ledger.FULL)


@pytest.fixture(
    params=[
        ledger.verify,  # incremental, from no checkpoint: the whole chain
        ledger.verify_full,
        verify_in_parts,
    ],
    ids=["incremental", "full", "full-in-parts"],
)
def check(request):
    """Every way of verifying must find every kind of tampering, at the same entry."""
    return request.param


def entries(workspace):
    return list(LedgerEntry.objects.in_workspace(workspace).order_by("seq"))


def raw_update(entry_id, **values):
    """Change a row behind the ORM's back, as someone with database access would."""
    LedgerEntry.objects.across_workspaces().filter(pk=entry_id).update(**values)


def test_entries_form_a_chain(chain):
    rows = entries(chain)
    assert [e.seq for e in rows] == list(range(1, len(rows) + 1))
    assert rows[0].prev_hash == ledger.GENESIS
    for before, after in itertools.pairwise(rows):
        assert after.prev_hash == before.entry_hash
    assert all(ledger.entry_hash(e) == e.entry_hash for e in rows)
    chain.refresh_from_db()
    assert chain.ledger_head == rows[-1].entry_hash
    assert chain.ledger_length == len(rows)


def test_intact_chain_verifies(chain, check):
    result = check(chain)
    assert result.ok
    assert result.count == len(entries(chain))
    assert result.describe().startswith(f"OK {result.count} entries")


def test_each_workspace_has_its_own_chain(world, check):
    other = entries(world.other_workspace)
    assert other[0].seq == 1 and other[0].prev_hash == ledger.GENESIS
    assert check(world.other_workspace).ok


@pytest.mark.parametrize(
    "field, new_value",
    [
        ("seq", 99),
        ("recorded_at", None),  # filled below: one second later
        ("actor", "someone else"),
        ("action", "member.removed"),
        ("subject_type", "clients.other"),
        ("subject_id", "4242"),
        ("payload", {"n": 1, "text": "décision modifiée", "nested": {"ok": True}}),
        ("prev_hash", "f" * 64),
        ("entry_hash", "e" * 64),
    ],
)
def test_editing_any_field_is_detected(chain, field, new_value, check):
    target = entries(chain)[-2]  # an entry in the middle of the chain, not the head
    if field == "recorded_at":
        new_value = target.recorded_at + timedelta(seconds=1)
    raw_update(target.pk, **{field: new_value})
    result = check(chain)
    assert not result.ok
    assert result.broken_seq == target.seq
    assert "BROKEN" in result.describe()


def test_moving_an_entry_to_another_workspace_is_detected_in_both(world, chain, check):
    target = entries(chain)[3]
    raw_update(target.pk, workspace=world.other_workspace, seq=1000)
    assert not check(chain).ok
    assert not check(world.other_workspace).ok


def test_an_entry_appended_during_the_walk_is_not_mistaken_for_tampering(chain, check):
    """verify() reads the head first; an append committed meanwhile continues the chain."""

    rows = entries(chain)
    before_last = rows[-2]
    # The workspace as verify() would have read it just before the last append.
    Workspace.objects.filter(pk=chain.pk).update(
        ledger_length=before_last.seq, ledger_head=before_last.entry_hash
    )
    result = check(chain)
    assert result.ok and result.count == len(rows)


def test_an_entry_replaced_at_the_head_is_detected(chain, check):
    """Rewriting the last entry and its hash keeps the links, but not the recorded head."""
    last = entries(chain)[-1]
    last.action = "forged"
    raw_update(last.pk, action="forged", entry_hash=ledger.entry_hash(last))
    result = check(chain)
    assert not result.ok


def test_deleting_an_entry_in_the_middle_is_detected(chain, check):
    target = entries(chain)[2]
    LedgerEntry.objects.across_workspaces().filter(pk=target.pk).delete()
    result = check(chain)
    assert not result.ok
    assert result.broken_seq == target.seq
    assert "missing" in result.reason


def test_deleting_the_last_entries_is_detected(chain, check):
    rows = entries(chain)
    LedgerEntry.objects.across_workspaces().filter(pk__in=[rows[-1].pk, rows[-2].pk]).delete()
    result = check(chain)
    assert not result.ok
    assert result.broken_seq is None
    assert f"records {len(rows)} entries but {len(rows) - 2} remain" in result.reason


def test_deleting_and_renumbering_is_detected(chain, check):
    """Remove entry 3 and shift the later ones down so there is no gap in the numbers."""
    rows = entries(chain)
    LedgerEntry.objects.across_workspaces().filter(pk=rows[2].pk).delete()
    for entry in rows[3:]:
        raw_update(entry.pk, seq=entry.seq - 1)
    result = check(chain)
    assert not result.ok
    assert result.broken_seq == 3


def test_swapping_two_entries_is_detected(chain, check):
    rows = entries(chain)
    a, b = rows[2], rows[4]
    with connection.cursor():
        raw_update(a.pk, seq=10_000)
        raw_update(b.pk, seq=a.seq)
        raw_update(a.pk, seq=b.seq)
    result = check(chain)
    assert not result.ok
    assert result.broken_seq == a.seq


def test_swapping_the_content_of_two_entries_is_detected(chain, check):
    rows = entries(chain)
    a, b = rows[-3], rows[-2]
    raw_update(a.pk, payload=b.payload, action=b.action)
    raw_update(b.pk, payload=a.payload, action=a.action)
    result = check(chain)
    assert not result.ok
    assert result.broken_seq == a.seq


def test_rehashing_one_entry_still_breaks_the_link_to_the_next(chain, check):
    """Someone who edits an entry and recomputes its hash still breaks the next link."""
    rows = entries(chain)
    target = rows[2]
    target.action = "forged"
    raw_update(target.pk, action="forged", entry_hash=ledger.entry_hash(target))
    result = check(chain)
    assert not result.ok
    assert result.broken_seq == target.seq + 1


def test_payload_values_are_stored_in_a_stable_form(world):
    from decimal import Decimal

    entry = ledger.append(
        actor=Actor.system(world.workspace),
        action="test.values",
        payload={
            "amount": Decimal("10.50"),
            "ratio": 0.3,
            "when": entries(world.workspace)[0].recorded_at,
        },
    )
    entry.refresh_from_db()
    assert entry.payload["amount"] == "10.50"
    assert ledger.verify(world.workspace).ok


def test_the_demo_ledger_written_by_earlier_releases_still_verifies():
    """Hashes already written (the demo's, through `append`) hold under the fast walk."""
    workspace = load_demo()
    assert ledger.verify(workspace).ok
    result = ledger.verify_full(workspace)
    assert result.ok and result.count == workspace.ledger_length > 100
