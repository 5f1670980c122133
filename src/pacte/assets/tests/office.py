"""Read office files back with real readers, as the client's spreadsheet would."""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
from decimal import Decimal


def csv_rows(content: bytes) -> list[list[str]]:
    assert content.startswith(codecs.BOM_UTF8), "Excel needs the BOM to read UTF-8"
    text = content[len(codecs.BOM_UTF8) :].decode("utf-8")
    return list(csv.reader(io.StringIO(text, newline="")))


def xlsx_sheet(content: bytes):
    from openpyxl import load_workbook

    return load_workbook(io.BytesIO(content)).active


def xlsx_rows(content: bytes) -> list[list]:
    return [list(row) for row in xlsx_sheet(content).iter_rows(values_only=True)]


def ods_cells(content: bytes) -> list[list[tuple[str, object]]]:
    """Each cell as (office:value-type, value): a date for `date`, a Decimal for `float`,
    the text (lines joined by newlines) for `string`, ("", None) for an empty cell."""
    from odf import teletype
    from odf.opendocument import load
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    document = load(io.BytesIO(content))
    table = document.spreadsheet.getElementsByType(Table)[0]
    rows = []
    for row in table.getElementsByType(TableRow):
        cells = []
        for cell in row.getElementsByType(TableCell):
            kind = cell.getAttribute("valuetype") or ""
            if kind == "date":
                value = dt.date.fromisoformat(cell.getAttribute("datevalue")[:10])
            elif kind == "float":
                value = Decimal(cell.getAttribute("value"))
            elif kind == "string":
                value = "\n".join(teletype.extractText(p) for p in cell.getElementsByType(P))
            else:
                value = None
            cells.append((kind, value))
        rows.append(cells)
    return rows


def ods_sheet_name(content: bytes) -> str:
    from odf.opendocument import load
    from odf.table import Table

    return load(io.BytesIO(content)).spreadsheet.getElementsByType(Table)[0].getAttribute("name")
