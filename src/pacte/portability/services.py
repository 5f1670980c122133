"""The whole workspace out of Pacte and back in (DOMAIN §9: "a workspace exports entirely to
open formats and imports back without loss"), and nothing added to its ledger on the way.

An export is a zip (see `spec.py` for what each model becomes, and the README it carries for
the files). It is written by streaming: rows are read in chunks by id, and the only thing
held per row is its id in a sorted array, to turn a reference into the referenced row's key.

An import re-creates the workspace with new ids, in one transaction: the files' hashes are
checked first, rows are inserted in the order of their references, the ledger is copied as
it was stored and its whole chain verified again before the commit. Anything wrong, and the
database is left as it was.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import logging
import re
import shutil
import tempfile
import zipfile
from array import array
from bisect import bisect_left
from collections import namedtuple
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC
from pathlib import Path
from typing import BinaryIO

import orjson
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import connection, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from pacte import __version__
from pacte.attachments.models import Attachment, attachment_storage, content_path
from pacte.kernel import ledger
from pacte.kernel.errors import InvalidInput
from pacte.kernel.models import LedgerEntry, Member, OutboundEmail, User, Workspace
from pacte.kernel.office import formula_safe
from pacte.kernel.permissions import Perm
from pacte.kernel.tenancy import Actor
from pacte.workspace.invitations import send_invitation
from pacte.workspace.services import normalised_email

from .models import WorkspaceImport
from .rows import column_converter, column_encoder, insert_rows, reserve_ids
from .spec import FORMAT, USER_FIELDS, WORKSPACE_LEFT_OUT, ModelSpec, exported

logger = logging.getLogger(__name__)

# Rows read, or inserted, per query.
CHUNK = 2_000
USERS_FILE = "users.jsonl"
WORKSPACE_FILE = "workspace.json"
LEDGER_FILE = "ledger.jsonl"
SUBJECTS_FILE = "ledger_subjects.jsonl"
MANIFEST_FILE = "manifest.json"
ATTACHMENTS = "attachments/"
# Files an export holds besides the data: not in the manifest's list of hashes.
UNHASHED = {MANIFEST_FILE}
# workspace.json and manifest.json are read whole: far below this.
SMALL_FILE = 1024 * 1024
_SHA256 = re.compile(r"[0-9a-f]{64}")
OUTBOX_LABEL = OutboundEmail._meta.label_lower
# A message still waiting to be sent leaves as failed: the install it goes to sends nothing
# on its own (the old one may still send it); an owner sends it again from the outbox.
FAILED = OutboundEmail.Status.FAILED.value
NOT_SENT_BEFORE_EXPORT = "Not sent before the workspace was exported."
ATTACHMENT_LABEL = Attachment._meta.label_lower
SUBJECT_COLUMNS = ("seq", "subject_type", "subject_id", "local_subject_id")
# An entry's subject, as read for ledger_subjects.jsonl.
_Subject = namedtuple("_Subject", SUBJECT_COLUMNS)
WORKSPACE_LABEL = Workspace._meta.label_lower

Progress = Callable[[int, int], None]


def _dumps(row: dict) -> bytes:
    return orjson.dumps(row, option=orjson.OPT_SORT_KEYS) + b"\n"


_NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?")


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    if isinstance(value, str) and not _NUMBER.fullmatch(value):
        # Text typed by people (a client's, in the portal) never runs as a formula.
        return formula_safe(value)
    return str(value)


def _key(ids: array, pk) -> int | None:
    """The key (1-based position) of the row with id `pk` among the sorted `ids`."""
    if pk is None:
        return None
    at = bisect_left(ids, int(pk))
    return at + 1 if at < len(ids) and ids[at] == int(pk) else None


class _Hashing:
    """A writable file that hashes what goes through it."""

    def __init__(self, target):
        self.target, self.digest, self.size = target, hashlib.sha256(), 0

    def write(self, data: bytes) -> int:
        self.digest.update(data)
        self.size += len(data)
        return self.target.write(data)


@dataclass
class _Counter:
    total: int
    report: Progress | None
    done: int = 0
    _last: int = 0

    def add(self, count: int) -> None:
        self.done += count
        # A report per 1% of the rows at most, and always the last.
        if self.report and (self.done - self._last >= max(self.total // 100, 1)):
            self._last = self.done
            self.report(self.done, self.total)

    def finish(self) -> None:
        if self.report:
            self.report(self.total, self.total)


# --- export --------------------------------------------------------------------------------


def _user_emails(workspace: Workspace, specs) -> dict[int, str]:
    """Every person a row of the workspace names, by id."""
    ids: set[int] = set(Member.objects.filter(workspace=workspace).values_list("user", flat=True))
    for spec in specs:
        for column in spec.columns:
            if column.is_user:
                ids.update(
                    spec.rows(workspace)
                    .exclude(**{column.attname: None})
                    .values_list(column.attname, flat=True)
                    .distinct()
                )
        for many in spec.many:
            if many.target == "core.user":
                through = many.field.remote_field.through
                ids.update(
                    through.objects.filter(
                        **{f"{many.field.m2m_field_name()}__workspace": workspace}
                    )
                    .values_list(f"{many.field.m2m_reverse_field_name()}_id", flat=True)
                    .distinct()
                )
    return dict(User.objects.filter(pk__in=ids).values_list("pk", "email"))


def _counts(workspace: Workspace, specs) -> dict[str, int]:
    return {spec.label: spec.rows(workspace).count() for spec in specs}


class _Zip:
    """The export being written: each file's SHA-256 is kept for the manifest."""

    def __init__(self, out: BinaryIO):
        self.zip = zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=3)
        self.hashes: dict[str, str] = {}

    @contextmanager
    def open(self, name: str):
        with self.zip.open(name, "w", force_zip64=True) as handle:
            hashing = _Hashing(handle)
            yield hashing
        self.hashes[name] = hashing.digest.hexdigest()

    def write_bytes(self, name: str, data: bytes) -> None:
        with self.open(name) as handle:
            handle.write(data)

    def copy(self, name: str, source) -> None:
        with self.open(name) as handle:
            shutil.copyfileobj(source, handle, 1024 * 1024)


def _changed(label: str) -> InvalidInput:
    """A row refers to one written after the export began (the keys are taken first): the
    zip would not be whole. Rare, and the next export is."""
    return InvalidInput(
        f"{label} changed while it was exported; export again.", code="changed_during_export"
    )


def _column_encoder(column, keys, emails):
    """A column's value, as read, to its exported form: a person's email address, a row's
    key, or the value's JSON form. A reference that names no row of the export is refused
    rather than written as null."""
    if column.target is None:
        return column_encoder(column.field)
    found = emails if column.is_user else None
    target = keys.get(column.target)
    if found is None and target is None:
        return lambda value: None  # a model the export leaves out (none today)

    def encode(value):
        if value is None:
            return None
        key = found.get(value) if found is not None else _key(target, value)
        if key is None:
            raise _changed(column.field.model._meta.label_lower)
        return key

    return encode


def _export_model(pack: _Zip, spec: ModelSpec, workspace, keys, emails, counter: _Counter) -> None:
    ids = keys[spec.label]
    attnames = [c.attname for c in spec.columns]
    names = [c.name for c in spec.columns]
    header = ["key", *names, *(m.name for m in spec.many)]
    encoders = [_column_encoder(column, keys, emails) for column in spec.columns]
    unsent_as_failed = spec.label == OUTBOX_LABEL
    with tempfile.TemporaryFile() as spreadsheet:
        text = io.TextIOWrapper(spreadsheet, encoding="utf-8", newline="")
        sheet = csv.writer(text)
        sheet.writerow(header)
        with pack.open(spec.file) as lines:
            number, last = 0, 0
            while True:
                if not ids:
                    break
                chunk = list(
                    spec.rows(workspace)
                    # Rows added since the export began wait for the next one.
                    .filter(pk__gt=last, pk__lte=ids[-1])
                    .order_by("pk")
                    .values_list("pk", *attnames)[:CHUNK]
                )
                if not chunk:
                    break
                last = chunk[-1][0]
                many = _many_keys(spec, [row[0] for row in chunk], keys, emails)
                written, cells = [], []
                for values in chunk:
                    number += 1
                    row = {"key": number}
                    for name, encode, value in zip(names, encoders, values[1:], strict=True):
                        row[name] = encode(value)
                    if spec.generic:
                        kind, ref = spec.generic
                        target = keys.get(row[kind])
                        row[ref] = _key(target, row[ref]) if target is not None else None
                    for m in spec.many:
                        row[m.name] = many[m.name].get(values[0], [])
                    if unsent_as_failed and row["status"] == OutboundEmail.Status.QUEUED:
                        row["status"], row["last_error"] = FAILED, NOT_SENT_BEFORE_EXPORT
                    written.append(_dumps(row))
                    cells.append([_cell(row[name]) for name in header])
                # One write per chunk: the zip's and the hash's cost is per call.
                lines.write(b"".join(written))
                sheet.writerows(cells)
                counter.add(len(chunk))
            if number != len(ids):
                # Rows were removed while writing: references to them would point nowhere.
                raise _changed(spec.label)
        text.flush()
        text.detach()
        spreadsheet.seek(0)
        pack.copy(spec.csv_file, spreadsheet)


def _many_keys(spec: ModelSpec, pks: list[int], keys, emails) -> dict[str, dict[int, list]]:
    found: dict[str, dict[int, list]] = {}
    for m in spec.many:
        through = m.field.remote_field.through
        source, target = m.field.m2m_field_name(), m.field.m2m_reverse_field_name()
        per_row: dict[int, list] = {}
        for row_pk, target_pk in through.objects.filter(**{f"{source}_id__in": pks}).values_list(
            f"{source}_id", f"{target}_id"
        ):
            if m.target == "core.user":
                value = emails.get(target_pk)
            else:
                value = _key(keys[m.target], target_pk)
            if value is None:
                raise _changed(spec.label)
            per_row.setdefault(row_pk, []).append(value)
        found[m.name] = {pk: sorted(values) for pk, values in per_row.items()}
    return found


def _export_users(pack: _Zip, emails: dict[int, str]) -> int:
    people = sorted(
        User.objects.filter(pk__in=list(emails)).values_list(*USER_FIELDS), key=lambda r: r[0]
    )
    with pack.open(USERS_FILE) as lines:
        for values in people:
            lines.write(_dumps(dict(zip(USER_FIELDS, values, strict=True))))
    return len(people)


def _workspace_row(workspace: Workspace) -> dict:
    return {
        f.name: column_encoder(f)(getattr(workspace, f.attname))
        for f in Workspace._meta.concrete_fields
        if f.name not in WORKSPACE_LEFT_OUT
    }


def _export_attachments(pack: _Zip, workspace: Workspace) -> list[str]:
    """The files' bytes, once per content; the SHA-256s whose bytes are missing."""
    missing = []
    storage = attachment_storage()
    seen = set()
    for sha256, name in (
        Attachment.objects.filter(workspace=workspace)
        .order_by("sha256")
        .values_list("sha256", "file")
    ):
        if sha256 in seen:
            continue
        seen.add(sha256)
        try:
            with storage.open(name, "rb") as source:
                pack.copy(f"{ATTACHMENTS}{sha256}", source)
        except OSError:
            missing.append(sha256)
    return missing


def _export_ledger(pack: _Zip, workspace: Workspace, keys, counter: _Counter) -> None:
    """The chain exactly as stored, and beside it where each entry's subject went."""

    def subject_key(entry) -> int | None:
        here = entry.subject_id if entry.local_subject_id is None else entry.local_subject_id
        if entry.subject_type == WORKSPACE_LABEL:
            return 1 if here == str(workspace.pk) else None
        ids = keys.get(entry.subject_type)
        return _key(ids, here) if ids is not None and here.isdigit() else None

    with tempfile.TemporaryFile() as subjects:
        with pack.open(LEDGER_FILE) as lines:
            last = 0
            while last < workspace.ledger_length:
                chunk = ledger.stored_lines(workspace, after=last, upto=workspace.ledger_length)
                if not chunk:
                    break
                lines.write(b"".join(line for _seq, line in chunk))
                about = (
                    LedgerEntry.objects.filter(
                        workspace=workspace, seq__gt=last, seq__lte=chunk[-1][0]
                    )
                    .exclude(subject_type="")
                    .order_by("seq")
                    .values_list(*SUBJECT_COLUMNS)
                )
                subjects.write(
                    b"".join(
                        _dumps({"seq": entry.seq, "key": subject_key(entry)})
                        for entry in map(_Subject._make, about)
                    )
                )
                last = chunk[-1][0]
                counter.add(len(chunk))
        subjects.seek(0)
        pack.copy(SUBJECTS_FILE, subjects)


def workspace_export(*, actor: Actor, out: BinaryIO, progress: Progress | None = None) -> dict:
    """Write the whole workspace as a zip to the binary file `out`; its manifest.

    Appends nothing to the ledger. The data files (everything but the manifest) are the same
    bytes for the same workspace, whatever install it lives in."""
    actor.require(Perm.WORKSPACE_EXPORT)
    workspace = Workspace.objects.get(pk=actor.workspace.pk)
    specs = exported()
    counts = _counts(workspace, specs)
    counter = _Counter(sum(counts.values()) + workspace.ledger_length, progress)
    emails = _user_emails(workspace, specs)
    keys: dict[str, array] = {}
    for spec in specs:
        keys[spec.label] = array(
            "q", spec.rows(workspace).order_by("pk").values_list("pk", flat=True).iterator(CHUNK)
        )
    pack = _Zip(out)
    with pack.zip:
        pack.write_bytes(WORKSPACE_FILE, _dumps(_workspace_row(workspace)))
        people = _export_users(pack, emails)
        for spec in specs:
            _export_model(pack, spec, workspace, keys, emails, counter)
        missing = _export_attachments(pack, workspace)
        _export_ledger(pack, workspace, keys, counter)
        pack.write_bytes("verify.py", ledger.VERIFY_SCRIPT.read_bytes())
        manifest = {
            "format": FORMAT,
            "pacte_version": __version__,
            "made_at": timezone.now().astimezone(UTC).isoformat(timespec="seconds"),
            "workspace": workspace.name,
            "counts": {"core.user": people, **counts},
            "ledger_length": workspace.ledger_length,
            "ledger_head": workspace.ledger_head,
            "missing_attachments": missing,
            "imports": _import_history(workspace),
        }
        readme = render_to_string(
            "portability/readme.txt", {"manifest": manifest, "specs": specs}
        ).encode("utf-8")
        pack.write_bytes("README.txt", readme)
        manifest["files"] = dict(sorted(pack.hashes.items()))
        pack.zip.writestr(MANIFEST_FILE, json.dumps(manifest, ensure_ascii=False, indent=2) + "\n")
    counter.finish()
    return manifest


def _import_history(workspace: Workspace) -> list[dict]:
    history: list[dict] = []
    for made in WorkspaceImport.objects.filter(workspace=workspace):
        history.extend(made.earlier)
        history.append(
            {
                "imported_at": made.imported_at.astimezone(UTC).isoformat(timespec="seconds"),
                "exported_at": made.source_made_at,
                "pacte_version": made.source_version,
                "format": made.source_format,
                "sha256": made.source_sha256,
                "ledger_length": made.ledger_length,
            }
        )
    return history


# --- import --------------------------------------------------------------------------------

# Older formats this version reads: each function turns an export of its format into one of
# the next (the zip's path in, the path of the upgraded zip it wrote out), until the current
# one. Format 1 is the first, so there is none yet; a change of format adds one here.
UPGRADES: dict[int, Callable[[Path, Path], Path]] = {}


@dataclass
class ImportResult:
    workspace: Workspace
    rows: int
    ledger_length: int
    invited: int
    # People who had an account in this install already: they keep it, with their place.
    existing_people: list[str]


MISSING = object()


def _default_of(spec: ModelSpec, column, key: int):
    """A column a row does not name (an export made before it existed): the default a new
    row gets, in the exported form; refused when there is none."""
    field = column.field
    default = field.get_default()
    if default is None and not field.null:
        raise _refuse(f"{spec.file}, row {key}: {column.name} is missing.")
    return column_encoder(field)(default) if column.target is None else None


def _refuse(message: str, code: str = "invalid_export") -> InvalidInput:
    return InvalidInput(message, code=code)


def _read_manifest(archive: zipfile.ZipFile) -> dict:
    try:
        if archive.getinfo(MANIFEST_FILE).file_size > SMALL_FILE:
            raise _refuse("manifest.json is too large to be a Pacte export's.")
        manifest = json.loads(archive.read(MANIFEST_FILE))
    except KeyError:
        raise _refuse("this zip has no manifest.json: it is not a Pacte export.") from None
    except ValueError:
        raise _refuse("manifest.json is not valid JSON.") from None
    if not isinstance(manifest, dict) or not isinstance(manifest.get("format"), int):
        raise _refuse("manifest.json names no format version: it is not a Pacte export.")
    return manifest


def _check_files(archive: zipfile.ZipFile, manifest: dict) -> None:
    """Every file listed, none more, each with the SHA-256 the manifest gives."""
    listed = manifest.get("files")
    if not isinstance(listed, dict):
        raise _refuse("manifest.json lists no files.")
    present = {name for name in archive.namelist() if not name.endswith("/")} - UNHASHED
    if present - set(listed):
        raise _refuse(f"{sorted(present - set(listed))[0]} is not in manifest.json.")
    if set(listed) - present:
        raise _refuse(f"{sorted(set(listed) - present)[0]} is missing from the zip.")
    for name in sorted(listed):
        digest = hashlib.sha256()
        with archive.open(name) as handle:
            while block := handle.read(1024 * 1024):
                digest.update(block)
        if digest.hexdigest() != listed[name]:
            raise _refuse(f"{name} does not match its SHA-256 in manifest.json: it was changed.")


# No record comes near this (a text field holds 10,000 characters at most); a longer line is
# refused before it is held whole.
MAX_LINE = 16 * 1024 * 1024


def _lines(archive: zipfile.ZipFile, name: str) -> Iterator[dict]:
    with archive.open(name) as handle:
        number = 0
        while line := handle.readline(MAX_LINE + 1):
            number += 1
            if len(line) > MAX_LINE:
                raise _refuse(f"{name}, line {number}: too long for a record.")
            try:
                row = orjson.loads(line)
            except orjson.JSONDecodeError:
                raise _refuse(f"{name}, line {number}: not valid JSON.") from None
            if not isinstance(row, dict):
                raise _refuse(f"{name}, line {number}: not a JSON object.")
            yield row


class _Importer:
    def __init__(self, archive, manifest, progress):
        self.archive = archive
        self.manifest = manifest
        counts = manifest.get("counts") or {}
        total = sum(v for v in counts.values() if isinstance(v, int))
        self.counter = _Counter(total + int(manifest.get("ledger_length") or 0), progress)
        # Per model, the new id of each row, in key order.
        self.ids: dict[str, array] = {}
        self.users: dict[str, int] = {}
        self.created_users: set[int] = set()
        self.existing_users: list[str] = []
        self.files_written: list[str] = []
        self.rows = 0  # people and records (the ledger's entries aside)

    def new_id(self, label: str, key) -> int | None:
        if key is None:
            return None
        ids = self.ids.get(label)
        if ids is None or not isinstance(key, int) or not 1 <= key <= len(ids):
            raise _refuse(f"a row names {label} #{key}, which the export does not hold.")
        return ids[key - 1]

    def workspace(self) -> Workspace:
        row = self.small_json(WORKSPACE_FILE)
        name = str(row.get("name") or "").strip()
        if Workspace.objects.filter(name__iexact=name).exists():
            raise _refuse(
                f"a workspace named “{name}” exists already in this install.", code="name_taken"
            )
        # Only the settings: never an id (the workspace is new here) nor the ledger's state
        # (read off the ledger itself).
        values = {}
        for f in Workspace._meta.concrete_fields:
            if f.name in row and f.name not in WORKSPACE_LEFT_OUT:
                try:
                    values[f.attname] = None if row[f.name] is None else f.to_python(row[f.name])
                except ValidationError:
                    raise _refuse(f"{WORKSPACE_FILE}: {f.name} is not valid.") from None
        values["name"] = name
        created = values.pop("created_at", None)
        workspace = Workspace(**values)
        try:
            workspace.full_clean(validate_unique=False, validate_constraints=False)
        except ValidationError as exc:
            raise _refuse(f"{WORKSPACE_FILE} is not valid: {exc.messages[0]}") from None
        workspace.save(force_insert=True)
        if created is not None:
            Workspace.objects.filter(pk=workspace.pk).update(created_at=created)
        return workspace

    def small_json(self, name: str) -> dict:
        """A file of settings, read whole: refused past a size no workspace's settings reach."""
        try:
            info = self.archive.getinfo(name)
        except KeyError:
            raise _refuse(f"{name} is missing from the zip.") from None
        if info.file_size > SMALL_FILE:
            raise _refuse(f"{name} is too large to be a Pacte export's.")
        try:
            row = json.loads(self.archive.read(name))
        except ValueError:
            raise _refuse(f"{name} is not valid JSON.") from None
        if not isinstance(row, dict):
            raise _refuse(f"{name} is not a JSON object.")
        return row

    def people(self) -> None:
        for row in _lines(self.archive, USERS_FILE):
            given = row.get("email")
            try:
                email = normalised_email(given)
            except InvalidInput:
                raise _refuse(f"{USERS_FILE}: “{given}” is not an email address.") from None
            user = User.objects.filter(email__iexact=email).first()
            if user is None:
                user = User(email=email, full_name=str(row.get("full_name") or ""))
                user.is_active = bool(row.get("is_active", True))
                user.set_unusable_password()
                user.save()
                self.created_users.add(user.pk)
            else:
                # Someone with an account here already: their place in the workspace is
                # theirs on import; the command names them, so that the operator knows.
                self.existing_users.append(user.email)
            self.users[given] = user.pk
            self.counter.add(1)
            self.rows += 1

    def user_id(self, email):
        if email is None:
            return None
        try:
            return self.users[email]
        except KeyError:
            raise _refuse(f"a row names {email}, who is not in {USERS_FILE}.") from None

    def model(self, spec: ModelSpec, workspace: Workspace) -> None:
        ids = self.ids.setdefault(spec.label, array("q"))
        later: list[tuple[int, str, int]] = []  # (row's key, column, key) of self references
        many: list[tuple[int, dict]] = []
        meta = spec.model._meta
        columns = [meta.pk.column, "workspace_id", *(c.field.column for c in spec.columns)]
        converters = [column_converter(c.field) for c in spec.columns]
        attachment = spec.label == ATTACHMENT_LABEL
        if attachment:
            columns.append(meta.get_field("file").column)
        # Columns the export leaves out start as a new row's would.
        defaults = [
            f for f in meta.concrete_fields if f.column not in columns and not f.primary_key
        ]
        columns.extend(f.column for f in defaults)
        default_values = [f.get_db_prep_save(f.get_default(), connection) for f in defaults]
        generic_at = [c.name for c in spec.columns].index(spec.generic[1]) if spec.generic else None
        batch: list[list] = []

        def flush():
            reserved = reserve_ids(spec.model, len(batch))
            for new_id, values in zip(reserved, batch, strict=True):
                values[0] = new_id
            insert_rows(spec.model, columns, [tuple(values) for values in batch])
            ids.extend(reserved)
            self.counter.add(len(batch))
            self.rows += len(batch)
            batch.clear()

        for expected, row in enumerate(_lines(self.archive, spec.file), start=1):
            if row.get("key") != expected:
                raise _refuse(f"{spec.file}: row {expected} has the key {row.get('key')}.")
            values = [None, workspace.pk]
            for column, convert in zip(spec.columns, converters, strict=True):
                value = row.get(column.name, MISSING)
                if value is MISSING:
                    value = _default_of(spec, column, expected)
                if column.target is None:
                    try:
                        values.append(convert(value))
                    except (TypeError, ValueError, ValidationError):
                        raise _refuse(
                            f"{spec.file}, row {expected}: {column.name} is not valid."
                        ) from None
                elif column.is_user:
                    values.append(self.user_id(value))
                elif column.target == spec.label:
                    values.append(None)
                    if value is not None:
                        later.append((expected, column.attname, value))
                else:
                    values.append(self.new_id(column.target, value))
            if generic_at is not None:
                target, ref = row.get(spec.generic[0]), row.get(spec.generic[1])
                values[2 + generic_at] = (
                    self.new_id(target, ref) if target in self.ids and ref is not None else 0
                )
            if attachment:
                values.append(self.attachment_file(workspace, row.get("sha256") or ""))
            values.extend(default_values)
            if spec.many:
                many.append((expected, {m.name: row.get(m.name) or [] for m in spec.many}))
            batch.append(values)
            if len(batch) >= CHUNK:
                flush()
        if batch:
            flush()
        for key, attname, target_key in later:
            spec.model._base_manager.filter(pk=ids[key - 1]).update(
                **{attname: self.new_id(spec.label, target_key)}
            )
        for key, lists in many:
            for m in spec.many:
                through = m.field.remote_field.through
                source, target = m.field.m2m_field_name(), m.field.m2m_reverse_field_name()
                through.objects.bulk_create(
                    [
                        through(
                            **{
                                f"{source}_id": ids[key - 1],
                                f"{target}_id": self.user_id(value)
                                if m.target == "core.user"
                                else self.new_id(m.target, value),
                            }
                        )
                        for value in lists[m.name]
                    ]
                )

    def attachment_file(self, workspace: Workspace, sha256: str) -> str:
        """Where the file's bytes go, once they are checked against the SHA-256 the row and
        the ledger name: a file replaced in the zip is refused, whatever the manifest says."""
        if not _SHA256.fullmatch(sha256):
            raise _refuse("an attachment's sha256 is not a SHA-256.")
        path = content_path(workspace.pk, sha256)
        name = f"{ATTACHMENTS}{sha256}"
        if name not in self.names:
            if sha256 in self.manifest.get("missing_attachments", []):
                return path  # missing in the install that exported it, and said so
            raise _refuse(f"{name} is missing from the zip.")
        if path in self.files_written:
            return path  # the same file, attached twice
        storage = attachment_storage()
        with tempfile.TemporaryFile() as copy:
            digest = hashlib.sha256()
            with self.archive.open(name) as source:
                while block := source.read(1024 * 1024):
                    digest.update(block)
                    copy.write(block)
            if digest.hexdigest() != sha256:
                raise _refuse(f"{name} does not hold the file its name and its record promise.")
            if storage.exists(path):
                storage.delete(path)  # left by an import that failed after writing it
            copy.seek(0)
            self.files_written.append(storage.save(path, File(copy)))
        return path

    @property
    def names(self) -> set[str]:
        if not hasattr(self, "_names"):
            self._names = set(self.archive.namelist())
        return self._names

    def ledger(self, workspace: Workspace) -> None:
        subjects = _lines(self.archive, SUBJECTS_FILE)
        pending = next(subjects, None)
        chain = None
        length, head = 0, ""
        columns = (
            "workspace_id",
            "seq",
            "recorded_at",
            "actor",
            "action",
            "subject_type",
            "subject_id",
            "payload",
            "prev_hash",
            "entry_hash",
            "local_subject_id",
        )
        when = column_converter(LedgerEntry._meta.get_field("recorded_at"))
        payload = column_converter(LedgerEntry._meta.get_field("payload"))
        batch: list[tuple] = []

        def flush():
            insert_rows(LedgerEntry, columns, batch)
            self.counter.add(len(batch))
            batch.clear()

        for expected, row in enumerate(_lines(self.archive, LEDGER_FILE), start=1):
            if row.get("seq") != expected:
                raise _refuse(f"{LEDGER_FILE}: entry {expected} is missing.")
            chain = row.get("workspace") if chain is None else chain
            length, head = expected, row.get("entry_hash")
            local = None
            if row.get("subject_type"):
                if pending is None or pending.get("seq") != expected:
                    raise _refuse(f"{SUBJECTS_FILE} says nothing of entry {expected}.")
                key, pending = pending.get("key"), next(subjects, None)
                target = (
                    array("q", [workspace.pk])
                    if row["subject_type"] == WORKSPACE_LABEL
                    else self.ids.get(row["subject_type"])
                )
                local = (
                    str(target[key - 1])
                    if target is not None and isinstance(key, int) and 1 <= key <= len(target)
                    else ""
                )
            try:
                batch.append(
                    (
                        workspace.pk,
                        expected,
                        when(row["recorded_at"]),
                        row["actor"],
                        row["action"],
                        row["subject_type"],
                        row["subject_id"],
                        payload(row["payload"]),
                        row["prev_hash"],
                        row["entry_hash"],
                        local,
                    )
                )
            except (KeyError, TypeError, ValueError):
                raise _refuse(f"{LEDGER_FILE}: entry {expected} is not complete.") from None
            if len(batch) >= CHUNK:
                flush()
        flush()
        if pending is not None:
            raise _refuse(f"{SUBJECTS_FILE} names entry {pending.get('seq')}, past the ledger.")
        # The chain's end is the last entry read, and the manifest must say the same.
        if (self.manifest.get("ledger_length"), self.manifest.get("ledger_head") or "") != (
            length,
            head or "",
        ):
            raise _refuse(
                f"manifest.json says the ledger ends at entry {self.manifest.get('ledger_length')}"
                f" but {LEDGER_FILE} ends at entry {length}.",
                code="ledger_broken",
            )
        if length and not isinstance(chain, int):
            raise _refuse(f"{LEDGER_FILE}: the first entry names no workspace.")
        Workspace.objects.filter(pk=workspace.pk).update(
            ledger_length=length, ledger_head=head, chain_id=chain if length else None
        )
        workspace.refresh_from_db()
        verdict = ledger.verify_full(workspace)
        if not verdict.ok:
            raise _refuse(f"the ledger does not verify: {verdict.describe()}", code="ledger_broken")


def workspace_import(
    *, source: Path, invite: bool = True, progress: Progress | None = None
) -> ImportResult:
    """Re-create the exported workspace in this install, with new ids; the result.

    Refuses (InvalidInput, nothing written) an export whose files do not match its manifest,
    of a newer format, whose ledger does not verify, or whose workspace name is taken here.
    People new to this install are created without a password and, with `invite`, sent the
    link to choose one."""
    try:
        archive = zipfile.ZipFile(source)
    except (OSError, zipfile.BadZipFile) as exc:
        raise _refuse(f"{source} is not a zip file ({exc}).") from None
    with archive:
        manifest = _read_manifest(archive)
        version = manifest["format"]
        if version > FORMAT:
            raise _refuse(
                f"this export is in format {version}, newer than this Pacte reads ({FORMAT}): "
                "upgrade Pacte first.",
                code="newer_format",
            )
        _check_files(archive, manifest)
        if version < FORMAT:
            with tempfile.TemporaryDirectory() as folder:
                upgraded = source
                while version < FORMAT:
                    if version not in UPGRADES:
                        raise _refuse(
                            f"this export is in format {version}, which this Pacte cannot upgrade.",
                            code="old_format",
                        )
                    upgraded = UPGRADES[version](upgraded, Path(folder) / f"format-{version}.zip")
                    version += 1
                result = workspace_import(source=upgraded, invite=invite, progress=progress)
            return result
        return _import(archive, manifest, source, invite=invite, progress=progress)


def _file_sha256(source: Path) -> str:
    digest = hashlib.sha256()
    with open(source, "rb") as handle:
        while block := handle.read(1024 * 1024):
            digest.update(block)
    return digest.hexdigest()


def _import(archive, manifest, source: Path, *, invite: bool, progress) -> ImportResult:
    importer = _Importer(archive, manifest, progress)
    specs = exported()
    missing = [spec.file for spec in specs if spec.file not in importer.names]
    if missing:
        raise _refuse(f"{missing[0]} is missing: this export was made by another version.")
    try:
        with transaction.atomic():
            workspace = importer.workspace()
            importer.people()
            for spec in specs:
                importer.model(spec, workspace)
            importer.ledger(workspace)
            rows = importer.rows
            WorkspaceImport.objects.create(
                workspace=workspace,
                source_format=manifest["format"],
                source_version=str(manifest.get("pacte_version", ""))[:40],
                source_made_at=str(manifest.get("made_at", ""))[:40],
                source_sha256=_file_sha256(source),
                ledger_length=workspace.ledger_length,
                ledger_head=workspace.ledger_head,
                rows=rows,
                earlier=manifest.get("imports") or [],
            )
            invited = _invite(workspace, importer.created_users) if invite else 0
    except BaseException:
        storage = attachment_storage()
        for name in importer.files_written:
            storage.delete(name)
        raise
    importer.counter.finish()
    logger.info(
        "Imported workspace %s (#%s) from %s: %s rows, %s ledger entries",
        workspace.name,
        workspace.pk,
        source,
        rows,
        workspace.ledger_length,
    )
    return ImportResult(workspace, rows, workspace.ledger_length, invited, importer.existing_users)


# The rows that give a person a place in the workspace: they are invited when new here.
PLACES = ("core.member", "portal.portaluser")


def _invite(workspace: Workspace, created: set[int]) -> int:
    """The link to choose a password, after the commit, to each person new to this install
    who has a place in the workspace (a member or a portal user)."""
    placed: set[int] = set()
    for spec in exported():
        if spec.label in PLACES:
            placed.update(spec.rows(workspace).values_list("user", flat=True))
    people = list(User.objects.filter(pk__in=created & placed, is_active=True))
    for user in people:
        transaction.on_commit(lambda user=user: send_invitation(user=user, workspace=workspace))
    return len(people)
