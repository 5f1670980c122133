"""Office files from rows: CSV, XLSX and ODS that open in LibreOffice and Excel, a zip of
such files, and the response that downloads one (DOMAIN §6).

Pure writers: a header row and rows of plain values in, bytes out; what the rows hold is the
caller's business (the action log and asset sheet of `pacte.assets`, the handoff dossier of
`pacte.handoff`). In XLSX and ODS a date is a real date and an amount a real number, so the
client can sort, filter and add them up; in CSV a cell that looks like a formula stays text.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal

from django.http import HttpResponse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "zip": "application/zip",
}


def headers(lazy_headers: Iterable) -> list[str]:
    """The column titles in the active language."""
    return [str(h) for h in lazy_headers]


def yes_no(value: bool) -> str:
    return _("yes") if value else _("no")


# Writers.

# A cell starting with one of these is run as a formula by spreadsheets opening a CSV
# ("CSV injection"); a leading apostrophe keeps it text.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Characters XML 1.0 cannot carry (XLSX and ODS are XML): dropped rather than failing.
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# Sheet names: at most 31 characters, none of []:*?/\ (Excel's rules, the stricter).
_SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def _plain_date(value):
    """A datetime as a naive local one (spreadsheets have no time zones)."""
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        return timezone.localtime(value).replace(tzinfo=None)
    return value


def formula_safe(text: str) -> str:
    """Text that a spreadsheet opening a CSV shows as text, never runs as a formula."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def _csv_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return _plain_date(value).isoformat(sep=" ", timespec="minutes")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return yes_no(value)
    text = str(value)
    if isinstance(value, int | float | Decimal):
        return text
    return formula_safe(text)


def to_csv(header_row: Sequence, rows: Iterable[Sequence]) -> bytes:
    """RFC 4180 CSV: commas, quotes where needed, CRLF line ends, UTF-8 with a byte order mark
    so that Excel reads the accents right. Dates ISO 8601, amounts with a decimal point."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, dialect="excel")
    writer.writerow([str(h) for h in header_row])
    for row in rows:
        writer.writerow([_csv_text(value) for value in row])
    return buffer.getvalue().encode("utf-8-sig")


def _sheet_name(title) -> str:
    name = _SHEET_NAME_FORBIDDEN.sub(" ", _ILLEGAL_XML.sub("", str(title)))
    return " ".join(name.split())[:31].strip() or "Sheet1"


def _width(value) -> int:
    if value is None:
        return 0
    if isinstance(value, dt.date):
        return 10
    longest = max((len(line) for line in str(value).splitlines()), default=0)
    return longest


def _column_widths(header_row: Sequence, rows: Sequence[Sequence]) -> list[int]:
    """Wide enough for the header and the content, within reason."""
    widths = [len(str(h)) for h in header_row]
    for row in rows:
        for i, value in enumerate(row):
            if i < len(widths):
                widths[i] = max(widths[i], _width(value))
    return [min(max(w + 2, 8), 60) for w in widths]


XLSX_DATE_FORMAT = "yyyy-mm-dd"
XLSX_DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
XLSX_AMOUNT_FORMAT = "#,##0.00"


def to_xlsx(sheet_title, header_row: Sequence, rows: Iterable[Sequence]) -> bytes:
    """An Excel workbook of one sheet: a bold, frozen header row; dates as dates and
    amounts as numbers; columns sized to their content; a filter on the header."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    rows = [list(row) for row in rows]
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _sheet_name(sheet_title)
    bold = Font(bold=True)
    for col, title in enumerate(header_row, start=1):
        cell = sheet.cell(row=1, column=col, value=_ILLEGAL_XML.sub("", str(title)))
        cell.font = bold
    wrap = Alignment(wrap_text=True, vertical="top")
    for r, row in enumerate(rows, start=2):
        for col, value in enumerate(row, start=1):
            value = _plain_date(value)
            if isinstance(value, str):
                value = _ILLEGAL_XML.sub("", value)
            cell = sheet.cell(row=r, column=col, value=value if value != "" else None)
            if isinstance(value, dt.datetime):
                cell.number_format = XLSX_DATETIME_FORMAT
            elif isinstance(value, dt.date):
                cell.number_format = XLSX_DATE_FORMAT
            elif isinstance(value, Decimal | float):
                cell.number_format = XLSX_AMOUNT_FORMAT
            elif isinstance(value, str):
                # Text stays text: never a formula, whatever it starts with.
                cell.data_type = "s"
                if "\n" in value:
                    cell.alignment = wrap
    for col, width in enumerate(_column_widths(header_row, rows), start=1):
        sheet.column_dimensions[get_column_letter(col)].width = width
    sheet.freeze_panes = "A2"
    if header_row:
        last = get_column_letter(len(header_row))
        sheet.auto_filter.ref = f"A1:{last}{max(len(rows) + 1, 1)}"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _ods_styles(document):
    """The few styles an ODS sheet needs: bold header, date and amount formats."""
    from odf import number
    from odf.style import Style, TableCellProperties, TextProperties

    date_format = number.DateStyle(name="pacte-date")
    date_format.addElement(number.Year(style="long"))
    date_format.addElement(number.Text(text="-"))
    date_format.addElement(number.Month(style="long"))
    date_format.addElement(number.Text(text="-"))
    date_format.addElement(number.Day(style="long"))
    document.automaticstyles.addElement(date_format)

    amount_format = number.NumberStyle(name="pacte-amount")
    amount_format.addElement(
        number.Number(decimalplaces="2", minintegerdigits="1", grouping="true")
    )
    document.automaticstyles.addElement(amount_format)

    header = Style(name="pacte-header", family="table-cell")
    header.addElement(TextProperties(fontweight="bold"))
    document.automaticstyles.addElement(header)

    date = Style(name="pacte-date-cell", family="table-cell", datastylename="pacte-date")
    document.automaticstyles.addElement(date)
    amount = Style(name="pacte-amount-cell", family="table-cell", datastylename="pacte-amount")
    document.automaticstyles.addElement(amount)
    top = Style(name="pacte-text-cell", family="table-cell")
    top.addElement(TableCellProperties(verticalalign="top"))
    document.automaticstyles.addElement(top)
    return {"header": header, "date": date, "amount": amount, "text": top}


def _ods_text_cell(text: str, style=None):
    from odf import teletype
    from odf.table import TableCell
    from odf.text import P

    cell = TableCell(valuetype="string", **({"stylename": style} if style else {}))
    for line in _ILLEGAL_XML.sub("", text).split("\n"):
        paragraph = P()
        teletype.addTextToElement(paragraph, line)
        cell.addElement(paragraph)
    return cell


def _ods_cell(value, styles):
    from odf.table import TableCell
    from odf.text import P

    value = _plain_date(value)
    if value is None or value == "":
        return TableCell()
    if isinstance(value, bool):
        return _ods_text_cell(yes_no(value), styles["text"])
    if isinstance(value, dt.datetime):
        cell = TableCell(
            valuetype="date",
            datevalue=value.isoformat(timespec="seconds"),
            stylename=styles["date"],
        )
        cell.addElement(P(text=value.isoformat(sep=" ", timespec="minutes")))
        return cell
    if isinstance(value, dt.date):
        cell = TableCell(valuetype="date", datevalue=value.isoformat(), stylename=styles["date"])
        cell.addElement(P(text=value.isoformat()))
        return cell
    if isinstance(value, int | float | Decimal):
        is_amount = isinstance(value, Decimal | float)
        style = {"stylename": styles["amount"]} if is_amount else {}
        cell = TableCell(valuetype="float", value=str(value), **style)
        cell.addElement(P(text=f"{value:.2f}" if is_amount else str(value)))
        return cell
    return _ods_text_cell(str(value), styles["text"])


def _ods_freeze_header(document, sheet_name: str) -> None:
    """Keep the header row in view while scrolling (LibreOffice's view settings)."""
    from odf.config import (
        ConfigItem,
        ConfigItemMapEntry,
        ConfigItemMapIndexed,
        ConfigItemMapNamed,
        ConfigItemSet,
    )

    def item(name, kind, value):
        element = ConfigItem(name=name, type=kind)
        element.addText(str(value))
        return element

    view_settings = ConfigItemSet(name="ooo:view-settings")
    views = ConfigItemMapIndexed(name="Views")
    view = ConfigItemMapEntry()
    view.addElement(item("ViewId", "string", "view1"))
    tables = ConfigItemMapNamed(name="Tables")
    table = ConfigItemMapEntry(name=sheet_name)
    for name, kind, value in (
        ("HorizontalSplitMode", "short", 0),
        ("VerticalSplitMode", "short", 2),
        ("VerticalSplitPosition", "int", 1),
        ("ActiveSplitRange", "short", 2),
        ("PositionTop", "int", 0),
        ("PositionBottom", "int", 1),
    ):
        table.addElement(item(name, kind, value))
    tables.addElement(table)
    view.addElement(tables)
    view.addElement(item("ActiveTable", "string", sheet_name))
    views.addElement(view)
    view_settings.addElement(views)
    document.settings.addElement(view_settings)


def to_ods(sheet_title, header_row: Sequence, rows: Iterable[Sequence]) -> bytes:
    """An OpenDocument spreadsheet of one sheet: cells typed `date` and `float` with their
    office values, a bold frozen header row, columns sized to their content."""
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.style import Style, TableColumnProperties
    from odf.table import Table, TableColumn, TableRow

    rows = [list(row) for row in rows]
    document = OpenDocumentSpreadsheet()
    styles = _ods_styles(document)
    name = _sheet_name(sheet_title)
    table = Table(name=name)
    for i, width in enumerate(_column_widths(header_row, rows)):
        column_style = Style(name=f"pacte-col-{i}", family="table-column")
        # About one character of 10-point text per 0.2 cm.
        column_style.addElement(TableColumnProperties(columnwidth=f"{width * 0.2:.2f}cm"))
        document.automaticstyles.addElement(column_style)
        table.addElement(TableColumn(stylename=column_style))
    header = TableRow()
    for title in header_row:
        header.addElement(_ods_text_cell(str(title), styles["header"]))
    table.addElement(header)
    for row in rows:
        line = TableRow()
        for value in row:
            line.addElement(_ods_cell(value, styles))
        table.addElement(line)
    document.spreadsheet.addElement(table)
    _ods_freeze_header(document, name)
    buffer = io.BytesIO()
    document.write(buffer)
    return buffer.getvalue()


def to_zip(files: Mapping[str, bytes], *, when: dt.datetime | None = None) -> bytes:
    """A zip of `files` (name → content, in that order), each stamped `when` (local time,
    now by default) and readable by everyone once extracted."""
    stamp = timezone.localtime(when).timetuple()[:6]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, content)
    return buffer.getvalue()


# Downloads.


def download_name(owner, what: str, ext: str) -> str:
    """`boulangerie-alpha-action-log-2026-03-01.xlsx`: whose (an object with a name, a client
    say), what, when."""
    slug = slugify(owner.name) or f"client-{owner.pk}"
    return f"{slug}-{what}-{timezone.localdate().isoformat()}.{ext}"


def attachment(content: bytes, *, ext: str, filename: str) -> HttpResponse:
    """`content` as a download named `filename`, typed by its extension."""
    response = HttpResponse(content, content_type=CONTENT_TYPES[ext])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
