"""Import from a spreadsheet (DOMAIN §1): clients, contacts and invoices read from a CSV file.

Every row goes through the service that creates such a record by hand (so every rule applies
and each record is journaled as usual), each in a savepoint of one transaction. A row that a
service refuses is reported with its line and column, and the import goes on to the next one,
so that the report lists every failing line at once. Then either nothing is kept (a dry run,
or any line refused) or everything is, with one more ledger entry for the import itself that
gives the counts and the SHA-256 of the file.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import Value
from django.db.models.functions import Lower
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from pacte.billing.models import Invoice
from pacte.billing.services import invoice_create, payment_record
from pacte.clients.models import Client, Contact
from pacte.clients.services import PROFILE_FIELDS, client_create, contact_create
from pacte.engagements.models import Engagement
from pacte.kernel import ledger
from pacte.kernel.errors import DomainError, InvalidInput, PermissionDenied
from pacte.kernel.permissions import Perm
from pacte.kernel.tenancy import Actor
from pacte.kernel.validation import UNPRINTABLE, parse_choice

from .columns import ImportKind, column_names, required_names

# A spreadsheet of a small firm is far below both. Every row goes through its service (about
# 3 ms a client on SQLite), all in one transaction that holds SQLite's write lock: 5,000 rows
# keep it under the 20 s other writers wait before they give up.
MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5_000
# One value may be as long as the whole file (the csv module's default stops at 128 KiB).
csv.field_size_limit(MAX_BYTES)
DELIMITERS = (";", ",", "\t")
FILE_FIELD = "file"


@dataclass(frozen=True)
class LineError:
    line: int  # as the spreadsheet numbers it: the header is line 1
    column: str  # "" when the refusal names no column of the file
    message: str


@dataclass
class ImportReport:
    kind: str
    dry_run: bool
    sha256: str
    rows: int = 0
    created: int = 0
    payments: int = 0
    errors: list[LineError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def written(self) -> bool:
        return self.ok and not self.dry_run


def _refuse_file(message: str, code: str) -> InvalidInput:
    return InvalidInput(message, code=code, fields={FILE_FIELD: [message]})


# --- Reading the file ------------------------------------------------------------------------


def _bytes_of(file) -> bytes:
    if isinstance(file, str):
        return file.encode("utf-8")
    if hasattr(file, "read"):
        data = file.read(MAX_BYTES + 1)
        return data.encode("utf-8") if isinstance(data, str) else bytes(data)
    return bytes(file)


# A UTF-8 accented letter of Latin-1 (é, è, à, ç, ô…): two bytes, C3 then 80–BF. In a
# Windows-1252 text those bytes are "Ã" and a symbol, which no French or English text holds.
_UTF8_ACCENT = re.compile(rb"\xc3[\x80-\xbf]")


def _decode(raw: bytes) -> str:
    """UTF-8 with or without its BOM (what Excel writes as "CSV UTF-8"), else Windows-1252
    (what it writes as plain "CSV" in France)."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        if _UTF8_ACCENT.search(raw):
            # Not UTF-8 throughout, yet with UTF-8's accents: read as Windows-1252 it would
            # turn every "é" into "Ã©". A file pasted together from two sources.
            raise _refuse_file(
                _(
                    "This file mixes two encodings (UTF-8 and Windows-1252): open it in your "
                    "spreadsheet and save it again as “CSV UTF-8”."
                ),
                "csv_unreadable",
            ) from None
        try:
            text = raw.decode("cp1252")
        except UnicodeDecodeError:
            raise _refuse_file(
                _("This file is not text in UTF-8 or Windows-1252: save it as CSV."),
                "csv_unreadable",
            ) from None
    if "\x00" in text:
        raise _refuse_file(
            _("This file is not a CSV text file (it holds NUL characters): save it as CSV."),
            "csv_unreadable",
        )
    return text


def _header_name(cell: str) -> str:
    return cell.strip().strip("\ufeff").strip().lower()


def _delimiter(text: str, kind: str) -> str:
    """The separator under which the first line names the most columns of `kind`: French
    spreadsheets write `;`, the others `,`."""
    known = set(column_names(kind))

    def score(delimiter: str) -> int:
        # The first record as the reader will read it (any line ending, even CR alone).
        try:
            cells = next(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), [])
        except csv.Error:
            return -1
        return len({_header_name(cell) for cell in cells} & known)

    return max(DELIMITERS, key=lambda d: (score(d), d == ","))


def _header(cells: list[str], kind: str) -> list[str]:
    names = [_header_name(cell) for cell in cells]
    expected = column_names(kind)
    unknown = [name for name in names if name and name not in expected]
    if unknown:
        raise _refuse_file(
            _("Unknown column(s): %(names)s. The columns are: %(expected)s.")
            % {"names": ", ".join(unknown), "expected": ", ".join(expected)},
            "csv_columns",
        )
    repeated = sorted({name for name in names if name and names.count(name) > 1})
    if repeated:
        raise _refuse_file(
            _("Column(s) given twice: %(names)s.") % {"names": ", ".join(repeated)},
            "csv_columns",
        )
    missing = [name for name in required_names(kind) if name not in names]
    if missing:
        raise _refuse_file(
            _("Required column(s) missing from the first line: %(names)s.")
            % {"names": ", ".join(missing)},
            "csv_columns",
        )
    return names


def _rows(text: str, kind: str) -> Iterator[tuple[int, dict[str, str] | LineError]]:
    """(line, the row's cells by column name) for each row that is not blank, or (line, the
    error) for a row with more cells than the header has columns."""
    # Strict: a quote left open is refused, rather than swallowing the lines after it.
    reader = csv.reader(
        io.StringIO(text, newline=""), delimiter=_delimiter(text, kind), strict=True
    )
    line = 1
    try:
        header = _header(next(reader, []), kind)
        count = 0
        while True:
            line = reader.line_num + 1
            cells = next(reader, None)
            if cells is None:
                return
            if not any(cell.strip() for cell in cells):
                continue
            count += 1
            if count > MAX_ROWS:
                raise _refuse_file(
                    _("This file has more than %(max)s rows: split it into several files.")
                    % {"max": f"{MAX_ROWS:,}"},
                    "csv_too_many_rows",
                )
            extra = [cell for cell in cells[len(header) :] if cell.strip()]
            if extra:
                yield (
                    line,
                    LineError(
                        line,
                        "",
                        _("This line has %(cells)s values for %(columns)s columns.")
                        % {"cells": len(cells), "columns": len(header)},
                    ),
                )
                continue
            values = {name: (cell.strip()) for name, cell in zip(header, cells, strict=False)}
            values.pop("", None)
            yield line, values
    except csv.Error:
        # The csv module's own words are English and technical: the line, and what to check.
        raise _refuse_file(
            _(
                "Line %(line)s cannot be read as CSV: check its quotes (a value that opens "
                'with " must close with ") and that no value is longer than the file allows.'
            )
            % {"line": line},
            "csv_unreadable",
        ) from None


# --- One row of each kind --------------------------------------------------------------------


class RowRefused(DomainError):
    """A row's own problem found before any service is called (a client not found)."""

    def __init__(self, column: str, message: str):
        super().__init__(message, fields={column: [message]})


_TRUE = {"yes", "y", "oui", "o", "true", "vrai", "1", "x"}
_FALSE = {"no", "n", "non", "false", "faux", "0", ""}
_FRENCH_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


def _boolean(values: dict, column: str) -> bool:
    text = values.get(column, "").lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise RowRefused(column, _("Write yes or no (oui or non)."))


def _date(values: dict, column: str) -> str:
    """A date as written in France (31/01/2026) made ISO, for the service to judge."""
    text = values.get(column, "")
    found = _FRENCH_DATE.match(text)
    if found:
        day, month, year = (int(part) for part in found.groups())
        try:
            return dt.date(year, month, day).isoformat()
        except ValueError:
            raise RowRefused(column, _("“%(value)s” is not a date.") % {"value": text}) from None
    return text


def _client_named(actor: Actor, values: dict) -> Client:
    name = values["client"]
    # As the unique constraint compares names, by its index.
    found = (
        Client.objects.for_actor(actor)
        .alias(lower_name=Lower("name"))
        .filter(lower_name=Lower(Value(name)))
        .first()
    )
    if found is None:
        raise RowRefused(
            "client", _("There is no client named “%(name)s” in Pacte.") % {"name": name}
        )
    return found


def _given(values: dict, names) -> dict:
    return {name: values[name] for name in names if values.get(name, "") != ""}


def _import_client(actor: Actor, values: dict) -> int:
    client_create(
        actor=actor,
        name=values["name"],
        confidentiality=values.get("confidentiality", ""),
        **_given(values, PROFILE_FIELDS),
    )
    return 0


def _import_contact(actor: Actor, values: dict) -> int:
    client = _client_named(actor, values)
    full_name = values["full_name"]
    if Contact.objects.for_actor(actor).filter(client=client, full_name__iexact=full_name).exists():
        # So that a file imported twice does not give each person twice.
        raise RowRefused(
            "full_name",
            _("“%(client)s” already has a contact named “%(name)s”.")
            % {"client": client.name, "name": full_name},
        )
    contact_create(
        actor=actor,
        client_id=client.pk,
        full_name=full_name,
        **_given(values, ("job_title", "email", "phone")),
        **{
            name: _boolean(values, name)
            for name in ("for_decisions", "for_operations", "for_billing")
        },
    )
    return 0


def _engagement_of(actor: Actor, client: Client, title: str) -> Engagement:
    found = list(Engagement.objects.for_actor(actor).filter(client=client, title__iexact=title)[:2])
    if not found:
        raise RowRefused(
            "engagement",
            _("“%(client)s” has no engagement titled “%(title)s”.")
            % {"client": client.name, "title": title},
        )
    if len(found) > 1:
        raise RowRefused(
            "engagement",
            _("“%(client)s” has several engagements titled “%(title)s”: rename one in Pacte.")
            % {"client": client.name, "title": title},
        )
    return found[0]


def _import_invoice(actor: Actor, values: dict) -> int:
    client = _client_named(actor, values)
    engagement = _engagement_of(actor, client, values["engagement"])
    number = values.get("number", "")
    if number and Invoice.objects.for_actor(actor).filter(number__iexact=number).exists():
        # So that a file imported twice does not bill the client twice.
        raise RowRefused(
            "number",
            _("An invoice numbered “%(number)s” is already in Pacte.") % {"number": number},
        )
    paid_amount, paid_on = values.get("paid_amount", ""), _date(values, "paid_on")
    if bool(paid_amount) != bool(paid_on):
        column = "paid_on" if paid_amount else "paid_amount"
        raise RowRefused(column, _("Give both paid_amount and paid_on, or neither."))
    invoice = invoice_create(
        actor=actor,
        engagement_id=engagement.pk,
        kind=values["kind"],
        amount=values["amount"],
        due_on=_date(values, "due_on"),
        issued_on=_date(values, "issued_on") or None,
        number=number,
        currency=values.get("currency") or None,
    )
    if not paid_amount:
        return 0
    try:
        payment_record(actor=actor, invoice_id=invoice.pk, amount=paid_amount, paid_on=paid_on)
    except DomainError as exc:
        # The payment service names its own fields: say them as the file's columns.
        exc.fields = {
            {"amount": "paid_amount"}.get(name, name): messages
            for name, messages in exc.fields.items()
        }
        raise
    return 1


# Each importer creates one row's records and answers how many payments it recorded.
IMPORTERS: dict[str, Callable[[Actor, dict], int]] = {
    ImportKind.CLIENTS: _import_client,
    ImportKind.CONTACTS: _import_contact,
    ImportKind.INVOICES: _import_invoice,
}

# A service's field, said as the file's column.
COLUMN_OF_FIELD = {"engagement_id": "engagement", "client_id": "client"}


def _line_error(line: int, kind: str, exc: DomainError) -> LineError:
    names = column_names(kind)
    column = next(
        (
            COLUMN_OF_FIELD.get(name, name)
            for name in exc.fields
            if COLUMN_OF_FIELD.get(name, name) in names
        ),
        "",
    )
    return LineError(line, column, exc.detail)


def _missing_cells(line: int, kind: str, values: dict) -> list[LineError]:
    return [
        LineError(line, name, _("This column is required."))
        for name in required_names(kind)
        if not values.get(name)
    ]


def _file_name(name: str) -> str:
    return UNPRINTABLE.sub("", name or "")[:200]


def csv_import(
    *, actor: Actor, kind: str, file, dry_run: bool, file_name: str = ""
) -> ImportReport:
    """Read `file` (text, bytes or an open file) as a CSV of `kind` and create its records
    through the services, in one transaction. A dry run, or a file with any line refused,
    writes nothing and journals nothing: the report says what would be created and every
    line refused. Otherwise all the rows are kept, and the import is journaled."""
    actor.require(Perm.CSV_IMPORT)
    kind = parse_choice(kind, ImportKind, field="kind")
    raw = _bytes_of(file)
    if len(raw) > MAX_BYTES:
        raise _refuse_file(
            _("This file is larger than %(max)s: split it into several files.")
            % {"max": filesizeformat(MAX_BYTES)},
            "too_large",
        )
    report = ImportReport(kind=kind, dry_run=dry_run, sha256=hashlib.sha256(raw).hexdigest())
    text = _decode(raw)
    importer = IMPORTERS[kind]
    # Read whole before any write: a file refused whole (too many rows, broken quoting) is
    # refused at once, without running thousands of rows first.
    rows = list(_rows(text, kind))
    if not rows:
        raise _refuse_file(_("This file has no rows to import."), "csv_empty")
    with transaction.atomic():
        for line, values in rows:
            report.rows += 1
            if isinstance(values, LineError):
                report.errors.append(values)
                continue
            missing = _missing_cells(line, kind, values)
            if missing:
                report.errors.extend(missing)
                continue
            try:
                # A savepoint per row: a row refused half-way leaves nothing behind, and
                # the next rows still run, so that the report names every failing line.
                with transaction.atomic():
                    report.payments += importer(actor, values)
            except PermissionDenied:
                raise
            except DomainError as exc:
                report.errors.append(_line_error(line, kind, exc))
                continue
            except IntegrityError:
                report.errors.append(
                    LineError(line, "", _("This line conflicts with a record already saved."))
                )
                continue
            report.created += 1
        if report.errors or dry_run:
            transaction.set_rollback(True)
        else:
            ledger.append(
                actor=actor,
                action="csv.imported",
                payload={
                    "kind": kind,
                    "rows": report.rows,
                    "created": report.created,
                    "payments": report.payments,
                    "sha256": report.sha256,
                    "file": _file_name(file_name),
                },
            )
    if not report.written:
        # The rollback undid the rows the services journaled, not the caller's copy of the
        # ledger's head, which each append moved forward.
        actor.workspace.refresh_from_db(fields=["ledger_length", "ledger_head"])
    return report
