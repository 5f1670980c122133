"""The proof ledger (DOMAIN §8): an append-only, hash-chained journal per workspace.

Each entry's hash is the SHA-256 of a canonical JSON serialisation of its own content, which
includes the previous entry's hash. Editing any field, deleting an entry, reordering entries
or cutting entries off the end (the workspace keeps the head hash and the length) breaks the
chain, and `verify` names the first entry where it breaks.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from .models import LedgerEntry, Workspace
from .tenancy import Actor

GENESIS = "0" * 64


def _jsonable(value):
    """Payloads hold only values whose JSON form is stable across SQLite and PostgreSQL."""
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, float):
        # Floats may not round-trip identically through every database's JSON type.
        return repr(value)
    if value is None or isinstance(value, str | int | bool):
        return value
    return str(value)


def canonical(content: dict) -> bytes:
    return json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode(
        "utf-8"
    )


def _content(
    *, workspace_id, seq, recorded_at, actor, action, subject_type, subject_id, payload, prev_hash
) -> dict:
    return {
        "workspace": workspace_id,
        "seq": seq,
        "recorded_at": recorded_at.astimezone(UTC).isoformat(timespec="microseconds"),
        "actor": actor,
        "action": action,
        "subject_type": subject_type,
        "subject_id": subject_id,
        "payload": payload,
        "prev_hash": prev_hash,
    }


def entry_hash(entry: LedgerEntry) -> str:
    content = _content(
        workspace_id=entry.workspace_id,
        seq=entry.seq,
        recorded_at=entry.recorded_at,
        actor=entry.actor,
        action=entry.action,
        subject_type=entry.subject_type,
        subject_id=entry.subject_id,
        payload=entry.payload,
        prev_hash=entry.prev_hash,
    )
    return hashlib.sha256(canonical(content)).hexdigest()


def append(*, actor: Actor, action: str, subject=None, payload: dict | None = None) -> LedgerEntry:
    """Append one entry to the actor's workspace ledger, inside the caller's transaction."""
    with transaction.atomic():
        # Lock the workspace row: two concurrent appends must not both take the same seq.
        # (On SQLite the IMMEDIATE transaction already serialises writers.)
        workspace = Workspace.objects.select_for_update().get(pk=actor.workspace.pk)
        entry = LedgerEntry(
            workspace=workspace,
            seq=workspace.ledger_length + 1,
            # Microseconds are the precision both databases keep.
            recorded_at=timezone.now().astimezone(UTC),
            actor=actor.label,
            action=action,
            subject_type=subject._meta.label_lower if subject is not None else "",
            subject_id=str(subject.pk) if subject is not None else "",
            payload=_jsonable(payload or {}),
            prev_hash=workspace.ledger_head or GENESIS,
        )
        entry.entry_hash = entry_hash(entry)
        entry.save(force_insert=True)
        workspace.ledger_length = entry.seq
        workspace.ledger_head = entry.entry_hash
        workspace.save(update_fields=["ledger_length", "ledger_head"])
        # Keep the caller's workspace object in step with the row.
        actor.workspace.ledger_length = workspace.ledger_length
        actor.workspace.ledger_head = workspace.ledger_head
    return entry


@dataclass(frozen=True)
class Verification:
    workspace: Workspace
    ok: bool
    count: int
    broken_seq: int | None = None
    reason: str = ""

    def describe(self) -> str:
        if self.ok:
            return f"OK {self.count} entries ({self.workspace.name})"
        where = f"entry #{self.broken_seq}" if self.broken_seq else "the end of the chain"
        return f"BROKEN at {where} ({self.workspace.name}): {self.reason}"


def verify(workspace: Workspace) -> Verification:
    """Walk the chain in order; stop at the first entry that does not hold.

    The head and length are read before the walk: entries appended while it runs must
    continue the chain like any other, and are not mistaken for tampering."""
    workspace.refresh_from_db(fields=["ledger_length", "ledger_head"])
    length, head = workspace.ledger_length, workspace.ledger_head or GENESIS
    expected_prev = GENESIS
    expected_seq = 1
    count = 0
    head_seen = length == 0
    entries = LedgerEntry.objects.in_workspace(workspace).order_by("seq")
    for entry in entries.iterator(chunk_size=2000):
        if entry.seq != expected_seq:
            return Verification(
                workspace,
                False,
                count,
                expected_seq,
                f"entry #{expected_seq} is missing (next found is #{entry.seq})",
            )
        if entry.prev_hash != expected_prev:
            return Verification(
                workspace,
                False,
                count,
                entry.seq,
                "it does not follow the entry before it (deleted or reordered)",
            )
        if entry_hash(entry) != entry.entry_hash:
            return Verification(
                workspace, False, count, entry.seq, "its content was altered after it was written"
            )
        if entry.seq == length:
            head_seen = entry.entry_hash == head
        expected_prev = entry.entry_hash
        expected_seq += 1
        count += 1
    if count < length or not head_seen:
        return Verification(
            workspace,
            False,
            count,
            None,
            f"the workspace records {length} entries but {count} remain",
        )
    return Verification(workspace, True, count)


def verify_recent(workspace: Workspace, *, max_age: int = 600) -> Verification:
    """The chain's verification, recomputed at most every `max_age` seconds for the same head.

    For pages viewed often (the dashboard): a full walk costs about 20 µs an entry. A change
    behind Pacte's back shows within `max_age`; the ledger page and `pacte ledger verify`
    always walk the whole chain."""
    from django.core.cache import cache

    workspace.refresh_from_db(fields=["ledger_length", "ledger_head"])
    key = f"pacte:ledger:{workspace.pk}:{workspace.ledger_length}:{workspace.ledger_head}"
    result = cache.get(key)
    if result is None:
        result = verify(workspace)
        cache.set(key, result, max_age)
    return result
