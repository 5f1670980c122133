"""The proof ledger (DOMAIN §8): an append-only, hash-chained journal per workspace.

Each entry's hash is the SHA-256 of a canonical JSON serialisation of its own content, which
includes the previous entry's hash. Editing any field, deleting an entry, reordering entries
or cutting entries off the end (the workspace keeps the head hash and the length) breaks the
chain, and a verification names the first entry where it breaks.

Two verifications, both shared by every process through the workspace's `LedgerCheckpoint`:

- `verify` is incremental: it confirms that the checkpoint entry still carries the hash it
  had when it was proven, walks only the entries after it, and moves the checkpoint forward.
  Pages and `pacte ledger verify` use it; after one write it walks one entry.
- `verify_full` walks the whole chain and records its verdict. Only it finds a change made
  *before* the checkpoint; the worker runs it every night and on demand (the ledger page's
  button, `pacte ledger verify --full`).
"""

from __future__ import annotations

import contextlib
import copy
import hashlib
import json
import logging
import multiprocessing
import signal
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import orjson
from django.db import DatabaseError, connection, connections, transaction
from django.db.models import Case, F, Value, When
from django.db.utils import load_backend
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from .models import LedgerCheckpoint, LedgerEntry, Workspace
from .tenancy import Actor

logger = logging.getLogger(__name__)

GENESIS = "0" * 64
INCREMENTAL = "incremental"
FULL = "full"
# Entries read per query: bounded memory on PostgreSQL (whose client-side cursor loads a
# whole result), and no read transaction held across a million rows on SQLite.
CHUNK = 10_000
# A full walk queued or running for longer than this is presumed lost (no worker running,
# or a worker killed mid-walk): the page says so and the button may queue another.
FULL_WALK_PATIENCE = timedelta(hours=1)
# A full walk this long is shared between processes, one part of the chain each (hashing
# is independent per entry: each stores its predecessor's hash).
PARALLEL_FROM = 100_000


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
    """The bytes an entry's hash is taken over. This is the definition; `_fast_canonical`
    must produce the very same bytes or decline."""
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


# The checker a third party runs on an exported ledger (evidence packs, workspace exports).
VERIFY_SCRIPT = Path(__file__).with_name("ledger_verify_script.py")


def stored_entry(chain: int, entry: LedgerEntry) -> dict:
    """An entry as an export writes it: its hashed content and its hash, in the order a
    reader expects (the checker re-computes the hash from the same keys)."""
    return {**_entry_content(entry, chain), "entry_hash": entry.entry_hash}


def _entry_content(entry: LedgerEntry, chain: int) -> dict:
    return _content(
        workspace_id=chain,
        seq=entry.seq,
        recorded_at=entry.recorded_at,
        actor=entry.actor,
        action=entry.action,
        subject_type=entry.subject_type,
        subject_id=entry.subject_id,
        payload=entry.payload,
        prev_hash=entry.prev_hash,
    )


def chain_id(workspace: Workspace) -> int:
    """The workspace id an entry's hash covers: the id of the workspace that began the chain,
    which an import into another install keeps (its entries' hashes cover it)."""
    return workspace.chain_id if workspace.chain_id is not None else workspace.pk


def entry_hash(entry: LedgerEntry, *, chain: int | None = None) -> str:
    """The entry's hash; `chain` is its workspace's `chain_id` (the row's id by default)."""
    content = _entry_content(entry, entry.workspace_id if chain is None else chain)
    return hashlib.sha256(canonical(content)).hexdigest()


def append(*, actor: Actor, action: str, subject=None, payload: dict | None = None) -> LedgerEntry:
    """Append one entry to the actor's workspace ledger, inside the caller's transaction."""
    with transaction.atomic():
        # Lock the workspace row: two concurrent appends must not both take the same seq.
        # (On SQLite the IMMEDIATE transaction already serialises writers.)
        # LOCK ORDER: the workspace row is the first row any write locks. A service that
        # locks another row (an engagement, an invoice…) calls kernel.retry.lock_workspace
        # before it, or it deadlocks on PostgreSQL against one that journals first, then
        # locks that row (issue 10, item 8).
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
        entry.entry_hash = entry_hash(entry, chain=chain_id(workspace))
        entry.save(force_insert=True)
        workspace.ledger_length = entry.seq
        workspace.ledger_head = entry.entry_hash
        workspace.save(update_fields=["ledger_length", "ledger_head"])
        # Keep the caller's workspace object in step with the row.
        actor.workspace.ledger_length = workspace.ledger_length
        actor.workspace.ledger_head = workspace.ledger_head
    return entry


# --- hashing entries read straight from the database ---------------------------------------

# The fast path's screen: a JSON text whose digits are all turned into "0" holds "0." or
# "0e" only if it may hold a float (orjson and `json` write some floats differently: 1e16
# and 1e+16), and nineteen zeros only if it may hold an integer beyond 64 bits (which orjson
# reads as a float). Strings such as "1200.00" pass the screen too; those payloads are then
# searched for floats after parsing.
_ZEROES = bytes.maketrans(b"123456789", b"000000000")
_SORTED = orjson.OPT_SORT_KEYS
_fromisoformat = datetime.fromisoformat


def _holds_float(value) -> bool:
    kind = type(value)
    if kind is dict:
        items = value.values()
    elif kind is list:
        items = value
    else:
        return kind is float
    for item in items:
        kind = type(item)
        if kind is float or ((kind is dict or kind is list) and _holds_float(item)):
            return True
    return False


def _fast_canonical(workspace_id, seq, recorded_at, actor, action, st, sid, payload, prev):
    """`canonical()` of a row as the walk reads it, built with orjson; None when orjson
    might write it differently (the caller then takes the exact path).

    orjson with sorted keys writes what `json.dumps(sort_keys=True, separators=(",", ":"),
    ensure_ascii=False)` writes for strings (control characters, U+2028, astral characters
    included), integers within 64 bits, booleans, None, lists and dicts with string keys;
    test_ledger_canonical.py proves it with generated payloads. Floats are left to `json`."""
    if type(payload) is str:
        try:
            payload = payload.encode()
        except UnicodeEncodeError:
            return None
    elif type(payload) is not bytes:
        return None  # decoded by the driver: the exact path
    if type(recorded_at) is str:  # SQLite: "2025-01-31 09:15:00.123456", naive UTC
        try:
            # What Django's parse_datetime tries first; when it fails, the exact path.
            moment = _fromisoformat(recorded_at)
        except ValueError:
            return None
        if moment.tzinfo is not None:
            when = moment.astimezone(UTC).isoformat(timespec="microseconds")
        elif (
            len(recorded_at) == 26
            and recorded_at[19] == "."
            and recorded_at[10] == " "
            and recorded_at[4] == "-"
            and recorded_at[7] == "-"
            and recorded_at[13] == ":"
            and recorded_at[16] == ":"
        ):
            # The form SQLite keeps, which isoformat() would give back digit for digit (the
            # parse succeeded, naive, with every separator in its place).
            when = recorded_at[:10] + "T" + recorded_at[11:] + "+00:00"
        else:
            when = moment.isoformat(timespec="microseconds") + "+00:00"
    elif type(recorded_at) is datetime:
        if recorded_at.tzinfo is None:
            when = recorded_at.isoformat(timespec="microseconds") + "+00:00"
        else:
            when = recorded_at.astimezone(UTC).isoformat(timespec="microseconds")
    else:
        return None
    try:
        parsed = orjson.loads(payload)
        screened = payload.translate(_ZEROES)
        if (b"0." in screened or b"0e" in screened or b"0E" in screened) and _holds_float(parsed):
            return None
        if b"0000000000000000000" in screened:
            return None
        return orjson.dumps(
            {
                "action": action,
                "actor": actor,
                "payload": parsed,
                "prev_hash": prev,
                "recorded_at": when,
                "seq": seq,
                "subject_id": sid,
                "subject_type": st,
                "workspace": workspace_id,
            },
            option=_SORTED,
        )
    except (orjson.JSONDecodeError, orjson.JSONEncodeError, TypeError, ValueError):
        return None


def _exact_canonical(workspace_id, seq, recorded_at, actor, action, st, sid, payload, prev):
    """`canonical()` of a row converted exactly as the ORM would read it into a LedgerEntry
    (JSONField: `json.loads`, text that is not JSON kept as text; DateTimeField: Django's
    parse_datetime, UTC when naive)."""
    if isinstance(payload, bytes):
        payload = payload.decode("utf-8")
    if isinstance(payload, str):
        with contextlib.suppress(json.JSONDecodeError):
            payload = json.loads(payload)
    if isinstance(recorded_at, str):
        recorded_at = parse_datetime(recorded_at)
    if timezone.is_naive(recorded_at):
        recorded_at = recorded_at.replace(tzinfo=UTC)
    return canonical(
        _content(
            workspace_id=workspace_id,
            seq=seq,
            recorded_at=recorded_at,
            actor=actor,
            action=action,
            subject_type=st,
            subject_id=sid,
            payload=payload,
            prev_hash=prev,
        )
    )


def _row_hash(workspace_id, row) -> str | None:
    """The hash a stored row should carry; None when the row cannot even be read."""
    seq, recorded_at, actor, action, st, sid, payload, prev, _stored = row
    data = _fast_canonical(workspace_id, seq, recorded_at, actor, action, st, sid, payload, prev)
    if data is None:
        try:
            data = _exact_canonical(
                workspace_id, seq, recorded_at, actor, action, st, sid, payload, prev
            )
        except (TypeError, ValueError, AttributeError):
            return None
    return hashlib.sha256(data).hexdigest()


def _entry_columns(db, table: str) -> str:
    """The columns a walk reads, raw: the ORM's per-row conversions would cost more than
    the hashing. SQLite hands over its text as stored (no converter, no decoding: orjson
    reads bytes); PostgreSQL the payload as text, whatever JSON loaders the driver has."""
    quote = db.ops.quote_name
    meta = LedgerEntry._meta

    def column(name):
        return f"{table}.{quote(meta.get_field(name).column)}"

    if db.vendor == "sqlite":
        recorded_at = f"CAST({column('recorded_at')} AS TEXT)"
        payload = f"CAST({column('payload')} AS BLOB)"
    else:
        recorded_at = column("recorded_at")
        payload = f"{column('payload')}::text"
    return ", ".join(
        [
            column("seq"),
            recorded_at,
            column("actor"),
            column("action"),
            column("subject_type"),
            column("subject_id"),
            payload,
            column("prev_hash"),
            column("entry_hash"),
        ]
    )


def _chunk_sql(db) -> str:
    """Entries in chain order from a seq on; the unique (workspace, seq) index serves the
    range and the order."""
    quote = db.ops.quote_name
    meta = LedgerEntry._meta
    workspace = quote(meta.get_field("workspace").column)
    seq = quote(meta.get_field("seq").column)
    # Only the models' own table and column names are formatted in; values are parameters.
    return (
        f"SELECT {_entry_columns(db, 'e')} FROM {quote(meta.db_table)} e "  # noqa: S608
        f"WHERE e.{workspace} = %s AND e.{seq} >= %s AND e.{seq} <= %s "
        f"ORDER BY e.{seq} LIMIT %s"
    )


def _state_sql(db) -> str:
    """The workspace's head, its checkpoint and the first entries from the checkpoint on,
    in one query: a page that finds nothing new pays for one query, not two."""
    quote = db.ops.quote_name
    workspace, checkpoint, entry = Workspace._meta, LedgerCheckpoint._meta, LedgerEntry._meta

    def column(meta, table, name):
        return f"{table}.{quote(meta.get_field(name).column)}"

    state = ", ".join(
        [column(workspace, "w", "ledger_length"), column(workspace, "w", "ledger_head")]
        + [
            column(checkpoint, "c", name)
            for name in (
                "id",
                "seq",
                "entry_hash",
                "full_requested_at",
                "full_started_at",
                "full_checked_at",
                "full_ok",
                "full_count",
                "full_broken_seq",
                "full_reason",
            )
        ]
    )
    entry_seq = column(entry, "e", "seq")
    # Only the models' own table and column names are formatted in; values are parameters.
    return (
        f"SELECT {state}, {_entry_columns(db, 'e')} "  # noqa: S608
        f"FROM {quote(workspace.db_table)} w "
        f"LEFT JOIN {quote(checkpoint.db_table)} c "
        f"ON {column(checkpoint, 'c', 'workspace')} = {column(workspace, 'w', 'id')} "
        f"LEFT JOIN {quote(entry.db_table)} e "
        f"ON {column(entry, 'e', 'workspace')} = {column(workspace, 'w', 'id')} "
        f"AND {entry_seq} >= COALESCE(NULLIF({column(checkpoint, 'c', 'seq')}, 0), 1) "
        f"WHERE {column(workspace, 'w', 'id')} = %s ORDER BY {entry_seq} LIMIT %s"
    )


_NO_END = 2**63 - 1


def stored_lines(workspace: Workspace, *, after: int, upto: int) -> list[tuple[int, bytes]]:
    """Up to CHUNK entries after seq `after` (to `upto`), each as an export writes it: its
    hashed content, in the canonical form, with its hash added: one JSON line a third party
    re-hashes by dropping `entry_hash`. Read raw, as a walk reads: a million entries export
    in seconds, not minutes."""
    chain = chain_id(workspace)
    with connection.cursor() as cursor:
        cursor.execute(_chunk_sql(connection), [workspace.pk, after + 1, upto, CHUNK])
        rows = cursor.fetchall()
    lines = []
    for row in rows:
        seq, recorded_at, actor, action, st, sid, payload, prev, stored = row
        data = _fast_canonical(chain, seq, recorded_at, actor, action, st, sid, payload, prev)
        if data is None:
            data = _exact_canonical(chain, seq, recorded_at, actor, action, st, sid, payload, prev)
        lines.append((seq, data[:-1] + b',"entry_hash":"' + stored.encode() + b'"}\n'))
    return lines


@dataclass
class _Walk:
    """What a walk over a range of the chain found."""

    start: int
    last_seq: int  # the last entry proven, start - 1 when none
    last_hash: str | None
    # The prev_hash of the entry at `start`, when found: a walk in parts checks each
    # part's first link against the part before.
    first_prev: str | None = None
    # Whether the entry at the workspace's recorded length is the recorded head; None when
    # the walk did not reach it.
    head_ok: bool | None = None
    broken: bool = False
    broken_seq: int | None = None
    reason: str = ""
    cut: bool = False  # stopped by the limit, with entries left to walk
    ended: bool = False  # no entry at all after last_seq: the chain ends there

    def break_at(self, seq: int | None, reason: str) -> _Walk:
        self.broken, self.broken_seq, self.reason = True, seq, reason
        return self


def _first_size(limit: int | None) -> int:
    """The first chunk of an incremental walk, read with the state: the checkpoint entry and
    `limit` entries after it."""
    return CHUNK if limit is None else min(CHUNK, limit + 1)


def _walk(
    workspace_id: int,
    *,
    start: int,
    expected_prev: str | None,
    anchor_hash: str | None,
    length: int,
    head: str,
    limit: int | None = None,
    stop: int = _NO_END,
    using=None,
    first_rows: list | None = None,
    chain: int | None = None,
) -> _Walk:
    """Walk the chain from entry `start` to `stop`, in order; stop at the first entry that
    does not hold. `anchor_hash` is the hash the first entry must still carry (the
    checkpoint); `expected_prev` its link to the entry before (None: not checked here, it was
    proven earlier or is checked by the caller). `limit` bounds the entries walked after
    `start`. `first_rows` are the first chunk, already read (with `_first_size(limit)`).
    `chain` is the workspace's `chain_id`, the id the hashes cover (`workspace_id` by default)."""
    db = using or connection
    hashed_id = workspace_id if chain is None else chain
    walk = _Walk(start=start, last_seq=start - 1, last_hash=expected_prev)
    sql = _chunk_sql(db)
    expected_seq = start
    # The checkpoint entry is walked again, on top of the `limit` entries after it.
    budget = None if limit is None else limit + (anchor_hash is not None)
    sha256 = hashlib.sha256
    fast = _fast_canonical
    with db.cursor() as cursor:
        while True:
            size = CHUNK if budget is None else min(CHUNK, budget)
            if size <= 0:
                walk.cut = True
                return walk
            if first_rows is not None:
                # Read for a walk from a checkpoint, one more than needed without one.
                rows, first_rows = first_rows[:size], None
            else:
                cursor.execute(sql, [workspace_id, expected_seq, stop, size])
                rows = cursor.fetchall()
            for row in rows:
                seq, recorded_at, actor, action, st, sid, payload, prev, stored = row
                if seq != expected_seq:
                    return walk.break_at(
                        expected_seq, f"entry #{expected_seq} is missing (next found is #{seq})"
                    )
                if seq == start:
                    walk.first_prev = prev
                    if anchor_hash is not None and stored != anchor_hash:
                        return walk.break_at(seq, "its hash changed after it was verified")
                if expected_prev is not None and prev != expected_prev:
                    return walk.break_at(
                        seq, "it does not follow the entry before it (deleted or reordered)"
                    )
                data = fast(hashed_id, seq, recorded_at, actor, action, st, sid, payload, prev)
                computed = (
                    sha256(data).hexdigest() if data is not None else _row_hash(hashed_id, row)
                )
                if computed != stored:
                    return walk.break_at(seq, "its content was altered after it was written")
                if seq == length:
                    walk.head_ok = stored == head
                walk.last_seq = seq
                walk.last_hash = expected_prev = stored
                expected_seq += 1
            if budget is not None:
                budget -= len(rows)
            if len(rows) < size:
                break
    if stop == _NO_END or walk.last_seq == stop:
        walk.ended = stop == _NO_END
        return walk
    # A part of the chain that ends before its last entry: is anything stored after it?
    with db.cursor() as cursor:
        cursor.execute(sql, [workspace_id, expected_seq, _NO_END, 1])
        after = cursor.fetchone()
    if after is None:
        walk.ended = True
        return walk
    return walk.break_at(
        expected_seq, f"entry #{expected_seq} is missing (next found is #{after[0]})"
    )


def _join(parts: list[_Walk]) -> _Walk:
    """The walks of consecutive parts of the chain, read as one walk from the first: each
    part's first link is checked against the part before, and the first break, in chain
    order, is the one reported (as a single walk would)."""
    whole = _Walk(start=parts[0].start, last_seq=parts[0].start - 1, last_hash=GENESIS)
    for part in parts:
        if part.first_prev is not None and part.first_prev != whole.last_hash:
            return whole.break_at(
                part.start, "it does not follow the entry before it (deleted or reordered)"
            )
        if part.head_ok is not None:
            whole.head_ok = part.head_ok
        if part.last_seq >= part.start:
            whole.last_seq, whole.last_hash = part.last_seq, part.last_hash
        if part.broken:
            return whole.break_at(part.broken_seq, part.reason)
        if part.ended:
            whole.ended = True
            return whole
    return whole


def _walk_part(
    alias: str, workspace_id: int, start: int, stop: int, length: int, head: str, chain: int
):
    """One part of a full walk, in a child process: on a connection of its own (a forked
    process must not use its parent's), without a pool."""
    settings_dict = copy.deepcopy(connections.settings[alias])
    settings_dict.get("OPTIONS", {}).pop("pool", None)
    own = load_backend(settings_dict["ENGINE"]).DatabaseWrapper(settings_dict, alias)
    try:
        return _walk(
            workspace_id,
            start=start,
            stop=stop,
            expected_prev=None,
            anchor_hash=None,
            length=length,
            head=head,
            using=own,
            chain=chain,
        )
    finally:
        own.close()


def _child_ignores_ctrl_c() -> None:
    """Ctrl+C is the parent's to handle (one line, no traceback per child)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _parts(length: int, count: int) -> list[tuple[int, int]]:
    """[1, length] cut into `count` consecutive ranges; the last one runs on to whatever
    was appended since the length was read."""
    if length < 1:
        return [(1, _NO_END)]
    size = -(-length // count)
    bounds = [(start, min(start + size - 1, length)) for start in range(1, length + 1, size)]
    return [*bounds[:-1], (bounds[-1][0], _NO_END)]


def _can_fork() -> bool:
    if "fork" not in multiprocessing.get_all_start_methods():
        return False
    # A child sees only what is committed, and never an in-memory database (tests).
    if connection.in_atomic_block:
        return False
    name = str(connection.settings_dict.get("NAME") or "")
    return not (connection.vendor == "sqlite" and connection.creation.is_in_memory_db(name))


def _full_walk(workspace_id: int, state: _State, processes: int, chain: int) -> _Walk:
    if processes > 1 and state.length >= PARALLEL_FROM and _can_fork():
        parts = _parts(state.length, processes)
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(
            max_workers=len(parts), mp_context=context, initializer=_child_ignores_ctrl_c
        ) as pool:
            futures = [
                pool.submit(
                    _walk_part,
                    connection.alias,
                    workspace_id,
                    a,
                    b,
                    state.length,
                    state.head,
                    chain,
                )
                for a, b in parts
            ]
            return _join([future.result() for future in futures])
    return _walk(
        workspace_id,
        start=1,
        expected_prev=GENESIS,
        anchor_hash=None,
        length=state.length,
        head=state.head,
        chain=chain,
    )


# --- verdicts ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Verification:
    workspace: Workspace
    ok: bool
    count: int  # entries proven (up to the break when broken)
    broken_seq: int | None = None
    reason: str = ""
    kind: str = FULL  # INCREMENTAL or FULL
    checked_at: datetime | None = None
    # A bounded check (pages) may stop before the end: entries still to check.
    pending: int = 0

    def describe(self) -> str:
        if self.ok:
            return f"OK {self.count} entries ({self.workspace.name})"
        where = f"entry #{self.broken_seq}" if self.broken_seq else "the end of the chain"
        return f"BROKEN at {where} ({self.workspace.name}): {self.reason}"


@dataclass(frozen=True)
class FullWalk:
    """The verdict of the last full walk, as recorded."""

    checked_at: datetime
    ok: bool
    count: int
    broken_seq: int | None
    reason: str


@dataclass(frozen=True)
class LedgerStatus:
    """What the ledger page and the dashboard show: the incremental check just made, the
    last full walk, and whether one is queued or running."""

    verification: Verification
    last_full: FullWalk | None
    full_requested_at: datetime | None
    full_started_at: datetime | None

    @property
    def ok(self) -> bool:
        """A break found by the last full walk stands until a later full walk holds."""
        return self.verification.ok and (self.last_full is None or self.last_full.ok)

    @property
    def full_state(self) -> str:
        """See `full_walk_state`."""
        return full_walk_state(
            requested_at=self.full_requested_at,
            started_at=self.full_started_at,
            checked_at=self.last_full.checked_at if self.last_full else None,
        )


def full_walk_state(*, requested_at, started_at, checked_at) -> str:
    """Where the full walk asked for stands: "running", "queued", "lost" (queued for longer
    than FULL_WALK_PATIENCE: is the worker running?) or "" (nothing asked, or done)."""
    now = timezone.now()
    if started_at and (checked_at is None or started_at > checked_at):
        if now - started_at < FULL_WALK_PATIENCE:
            return "running"
        return ""  # a walk killed half-way: the nightly walk or the button starts anew
    if (
        requested_at
        and (started_at is None or requested_at > started_at)
        and (checked_at is None or requested_at > checked_at)
    ):
        return "queued" if now - requested_at < FULL_WALK_PATIENCE else "lost"
    return ""


_STATE_FIELDS = (
    "ledger_length",
    "ledger_head",
    "ledger_checkpoint__pk",
    "ledger_checkpoint__seq",
    "ledger_checkpoint__entry_hash",
    "ledger_checkpoint__full_requested_at",
    "ledger_checkpoint__full_started_at",
    "ledger_checkpoint__full_checked_at",
    "ledger_checkpoint__full_ok",
    "ledger_checkpoint__full_count",
    "ledger_checkpoint__full_broken_seq",
    "ledger_checkpoint__full_reason",
)


@dataclass(frozen=True)
class _State:
    length: int
    head: str
    has_checkpoint: bool
    checkpoint_seq: int
    checkpoint_hash: str
    full_requested_at: datetime | None
    full_started_at: datetime | None
    last_full: FullWalk | None


def _aware(value):
    """A datetime read raw (a naive UTC datetime on SQLite), as the ORM would give it."""
    if isinstance(value, str):
        value = parse_datetime(value)
    if value is not None and timezone.is_naive(value):
        value = value.replace(tzinfo=UTC)
    return value


def _state(workspace: Workspace, values) -> _State:
    (
        length,
        head,
        checkpoint_pk,
        seq,
        anchor,
        requested,
        started,
        full_at,
        full_ok,
        full_count,
        full_broken,
        full_reason,
    ) = values
    # Keep the caller's object in step, as a refresh would.
    workspace.ledger_length, workspace.ledger_head = length, head
    full_at = _aware(full_at)
    last_full = (
        FullWalk(full_at, bool(full_ok), full_count or 0, full_broken, full_reason or "")
        if full_at is not None
        else None
    )
    return _State(
        length=length,
        head=head or GENESIS,
        has_checkpoint=checkpoint_pk is not None,
        checkpoint_seq=seq or 0,
        checkpoint_hash=anchor or "",
        full_requested_at=_aware(requested),
        full_started_at=_aware(started),
        last_full=last_full,
    )


def _read_state(workspace: Workspace) -> _State:
    """The workspace's head and its checkpoint, in one query."""
    return _state(
        workspace, Workspace.objects.filter(pk=workspace.pk).values_list(*_STATE_FIELDS).get()
    )


def _read_state_and_entries(workspace: Workspace, limit: int | None) -> tuple[_State, list]:
    """The state and the first entries of the incremental walk, in one query."""
    with connection.cursor() as cursor:
        cursor.execute(_state_sql(connection), [workspace.pk, _first_size(limit)])
        rows = cursor.fetchall()
    if not rows:
        raise Workspace.DoesNotExist(f"no workspace #{workspace.pk}")
    return _state(workspace, rows[0][:12]), [row[12:] for row in rows if row[12] is not None]


def _verdict(workspace, state: _State, walk: _Walk, *, kind: str) -> Verification:
    now = timezone.now()
    if walk.broken:
        return Verification(
            workspace,
            False,
            max(walk.last_seq, 0),
            walk.broken_seq,
            walk.reason,
            kind=kind,
            checked_at=now,
        )
    if walk.cut and walk.last_seq < state.length:
        return Verification(
            workspace,
            True,
            walk.last_seq,
            kind=kind,
            checked_at=now,
            pending=max(state.length - walk.last_seq, 0),
        )
    if walk.last_seq < state.length:
        return Verification(
            workspace,
            False,
            walk.last_seq,
            None,
            f"the workspace records {state.length} entries but {walk.last_seq} remain",
            kind=kind,
            checked_at=now,
        )
    if walk.head_ok is False:
        return Verification(
            workspace,
            False,
            walk.last_seq,
            state.length,
            "it is not the entry the workspace recorded as its last one (replaced)",
            kind=kind,
            checked_at=now,
        )
    return Verification(workspace, True, walk.last_seq, kind=kind, checked_at=now)


def _write_quietly(write) -> None:
    """Moving the checkpoint saves work for the next check; failing to (a locked SQLite
    under a burst of writes) must not fail the page that checked. Inside a caller's
    transaction an error is the caller's: a failed statement may have spoilt it."""
    if connection.in_atomic_block:
        write()
        return
    try:
        write()
    except DatabaseError as exc:
        logger.warning("The ledger checkpoint was not moved: %s", exc)


def _advance(workspace_id: int, *, exists: bool, seq: int, entry_hash: str) -> None:
    """Compare-and-set: the checkpoint only ever moves forward, whatever the order in which
    concurrent checks finish."""
    now = timezone.now()
    if exists:
        _write_quietly(
            lambda: LedgerCheckpoint.objects.filter(workspace=workspace_id, seq__lt=seq).update(
                seq=seq, entry_hash=entry_hash, checked_at=now
            )
        )
    else:
        # Another process may create it first: then theirs stands, and the next check
        # moves it.
        _write_quietly(
            lambda: LedgerCheckpoint.objects.bulk_create(
                [
                    LedgerCheckpoint(
                        workspace_id=workspace_id, seq=seq, entry_hash=entry_hash, checked_at=now
                    )
                ],
                ignore_conflicts=True,
            )
        )


def _incremental(
    workspace: Workspace, state: _State, limit: int | None, first_rows: list
) -> Verification:
    if state.checkpoint_seq > state.length:
        return Verification(
            workspace,
            False,
            state.length,
            None,
            f"the workspace records {state.length} entries but entry "
            f"#{state.checkpoint_seq} was verified before",
            kind=INCREMENTAL,
            checked_at=timezone.now(),
        )
    if state.checkpoint_seq > 0:
        walk = _walk(
            workspace.pk,
            start=state.checkpoint_seq,
            expected_prev=None,
            anchor_hash=state.checkpoint_hash,
            length=state.length,
            head=state.head,
            limit=limit,
            first_rows=first_rows,
            chain=chain_id(workspace),
        )
    else:
        walk = _walk(
            workspace.pk,
            start=1,
            expected_prev=GENESIS,
            anchor_hash=None,
            length=state.length,
            head=state.head,
            limit=limit,
            first_rows=first_rows,
            chain=chain_id(workspace),
        )
    result = _verdict(workspace, state, walk, kind=INCREMENTAL)
    if result.ok and walk.last_seq > state.checkpoint_seq:
        _advance(
            workspace.pk, exists=state.has_checkpoint, seq=walk.last_seq, entry_hash=walk.last_hash
        )
    return result


def verify(workspace: Workspace, *, limit: int | None = None) -> Verification:
    """The incremental check: the checkpoint entry still carries its hash, and every entry
    after it holds. `limit` bounds the entries walked (a page stays fast on a workspace that
    was never checked; the checkpoint still moves forward, and `pending` says what is left).

    The head and length are read first: entries appended while the walk runs continue the
    chain like any other, and are not mistaken for tampering."""
    state, first_rows = _read_state_and_entries(workspace, limit)
    return _incremental(workspace, state, limit, first_rows)


def status(workspace: Workspace, *, limit: int | None = None) -> LedgerStatus:
    """The incremental check and the last full walk, for pages: one read of the state."""
    state, first_rows = _read_state_and_entries(workspace, limit)
    return LedgerStatus(
        verification=_incremental(workspace, state, limit, first_rows),
        last_full=state.last_full,
        full_requested_at=state.full_requested_at,
        full_started_at=state.full_started_at,
    )


def _checkpoint_row(workspace: Workspace) -> None:
    LedgerCheckpoint.objects.bulk_create(
        [LedgerCheckpoint(workspace=workspace)], ignore_conflicts=True
    )


def verify_full(workspace: Workspace, *, processes: int = 1) -> Verification:
    """Walk the whole chain from the first entry, record the verdict for the pages, and
    move the checkpoint to the end when it holds.

    `processes` > 1 shares a long chain between that many forked processes (the command
    line and the worker pass the number of cores; a web request keeps to one)."""
    _checkpoint_row(workspace)
    checkpoints = LedgerCheckpoint.objects.filter(workspace=workspace)
    checkpoints.update(full_started_at=timezone.now())
    try:
        state = _read_state(workspace)
        walk = _full_walk(workspace.pk, state, processes, chain_id(workspace))
        result = _verdict(workspace, state, walk, kind=FULL)
    except BaseException:
        # Not "running" for ever: the page would wait for a verdict that never comes.
        checkpoints.update(full_started_at=None)
        raise
    values = {
        "full_checked_at": result.checked_at,
        "full_ok": result.ok,
        "full_count": result.count,
        "full_broken_seq": result.broken_seq,
        "full_reason": result.reason,
    }
    if result.ok and walk.last_seq > 0:
        # One UPDATE: every SET sees the row as it was, so the three move together, and
        # only forward.
        for name, value in (
            ("seq", walk.last_seq),
            ("entry_hash", walk.last_hash),
            ("checked_at", result.checked_at),
        ):
            field = LedgerCheckpoint._meta.get_field(name)
            values[name] = Case(
                When(seq__lt=walk.last_seq, then=Value(value, output_field=field)),
                default=F(name),
                output_field=field,
            )
    checkpoints.update(**values)
    return result
