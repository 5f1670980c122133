"""The proof ledger (DOMAIN §8): a hash chain per workspace, and `verify` finds any change."""

import itertools
from datetime import timedelta

import pytest
from django.db import connection

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


def test_intact_chain_verifies(chain):
    result = ledger.verify(chain)
    assert result.ok
    assert result.count == len(entries(chain))
    assert result.describe().startswith(f"OK {result.count} entries")


def test_each_workspace_has_its_own_chain(world):
    other = entries(world.other_workspace)
    assert other[0].seq == 1 and other[0].prev_hash == ledger.GENESIS
    assert ledger.verify(world.other_workspace).ok


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
def test_editing_any_field_is_detected(chain, field, new_value):
    target = entries(chain)[-2]  # an entry in the middle of the chain, not the head
    if field == "recorded_at":
        new_value = target.recorded_at + timedelta(seconds=1)
    raw_update(target.pk, **{field: new_value})
    result = ledger.verify(chain)
    assert not result.ok
    assert result.broken_seq == target.seq
    assert "BROKEN" in result.describe()


def test_moving_an_entry_to_another_workspace_is_detected_in_both(world, chain):
    target = entries(chain)[3]
    raw_update(target.pk, workspace=world.other_workspace, seq=1000)
    assert not ledger.verify(chain).ok
    assert not ledger.verify(world.other_workspace).ok


def test_an_entry_appended_during_the_walk_is_not_mistaken_for_tampering(chain):
    """verify() reads the head first; an append committed meanwhile continues the chain."""

    rows = entries(chain)
    before_last = rows[-2]
    # The workspace as verify() would have read it just before the last append.
    Workspace.objects.filter(pk=chain.pk).update(
        ledger_length=before_last.seq, ledger_head=before_last.entry_hash
    )
    result = ledger.verify(chain)
    assert result.ok and result.count == len(rows)


def test_an_entry_replaced_at_the_head_is_detected(chain):
    """Rewriting the last entry and its hash keeps the links, but not the recorded head."""
    last = entries(chain)[-1]
    last.action = "forged"
    raw_update(last.pk, action="forged", entry_hash=ledger.entry_hash(last))
    result = ledger.verify(chain)
    assert not result.ok


def test_deleting_an_entry_in_the_middle_is_detected(chain):
    target = entries(chain)[2]
    LedgerEntry.objects.across_workspaces().filter(pk=target.pk).delete()
    result = ledger.verify(chain)
    assert not result.ok
    assert result.broken_seq == target.seq
    assert "missing" in result.reason


def test_deleting_the_last_entries_is_detected(chain):
    rows = entries(chain)
    LedgerEntry.objects.across_workspaces().filter(pk__in=[rows[-1].pk, rows[-2].pk]).delete()
    result = ledger.verify(chain)
    assert not result.ok
    assert result.broken_seq is None
    assert f"records {len(rows)} entries but {len(rows) - 2} remain" in result.reason


def test_deleting_and_renumbering_is_detected(chain):
    """Remove entry 3 and shift the later ones down so there is no gap in the numbers."""
    rows = entries(chain)
    LedgerEntry.objects.across_workspaces().filter(pk=rows[2].pk).delete()
    for entry in rows[3:]:
        raw_update(entry.pk, seq=entry.seq - 1)
    result = ledger.verify(chain)
    assert not result.ok
    assert result.broken_seq == 3


def test_swapping_two_entries_is_detected(chain):
    rows = entries(chain)
    a, b = rows[2], rows[4]
    with connection.cursor():
        raw_update(a.pk, seq=10_000)
        raw_update(b.pk, seq=a.seq)
        raw_update(a.pk, seq=b.seq)
    result = ledger.verify(chain)
    assert not result.ok
    assert result.broken_seq == a.seq


def test_swapping_the_content_of_two_entries_is_detected(chain):
    rows = entries(chain)
    a, b = rows[-3], rows[-2]
    raw_update(a.pk, payload=b.payload, action=b.action)
    raw_update(b.pk, payload=a.payload, action=a.action)
    result = ledger.verify(chain)
    assert not result.ok
    assert result.broken_seq == a.seq


def test_rehashing_one_entry_still_breaks_the_link_to_the_next(chain):
    """Someone who edits an entry and recomputes its hash still breaks the next link."""
    rows = entries(chain)
    target = rows[2]
    target.action = "forged"
    raw_update(target.pk, action="forged", entry_hash=ledger.entry_hash(target))
    result = ledger.verify(chain)
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


def test_the_dashboard_verification_is_recomputed_for_every_new_head(chain):
    from django.core.cache import cache

    cache.clear()
    assert ledger.verify_recent(chain).ok
    first = entries(chain)[0]
    raw_update(first.pk, actor="forger")
    # A new entry moves the head: the next look walks the chain again and finds the forgery.
    ledger.append(actor=Actor.system(chain), action="test.after", payload={})
    result = ledger.verify_recent(chain)
    assert not result.ok and result.broken_seq == 1
