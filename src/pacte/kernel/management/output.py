"""How a `pacte` command prints a list: an aligned table for people, CSV or JSON for scripts.

    add_format_argument(parser)
    ...
    write_rows(self.stdout, rows, format=format, columns=COLUMNS, headers=[...],
               cells=lambda r: [...], empty="Nothing in …", summary="3 thing(s) in …")

`rows` are dicts of plain values (str, int, bool): JSON prints them as they are, CSV prints
the `columns` in that order, and the table shows `cells(row)` under `headers`. `out` is the
command's `self.stdout`, which ends each write with a new line.

No format hands the terminal a control character of the data, even one stored before the
models refused them: a name holding ESC [31m would otherwise colour, move or rewrite what
the terminal shows. The table and CSV show it as an escape (`\\x1b`), JSON as its own
(`\\u001b`), so the data stays readable and the JSON stays exact.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Callable, Iterable, Sequence

from pacte.kernel.validation import UNPRINTABLE

FORMATS = ("table", "csv", "json")


def _escape(found: re.Match) -> str:
    code = ord(found.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text, *, keep: str = "") -> str:
    """`text` with each control character, line break, lone surrogate or bidirectional
    override shown as a visible escape (ESC as `\\x1b`, U+202E as `\\u202e`), but those in
    `keep`: what a `pacte` command prints of data."""
    text = str(text)
    return UNPRINTABLE.sub(lambda m: m.group() if m.group() in keep else _escape(m), text)


def _json_escape(found: re.Match) -> str:
    # Outside strings json.dumps writes only the new lines of its indentation; inside them
    # it has already escaped every C0 control, so what is left is escaped the JSON way.
    char = found.group()
    return char if char == "\n" else f"\\u{ord(char):04x}"


def add_format_argument(parser) -> None:
    parser.add_argument("--format", default="table", choices=list(FORMATS))


def write_json(out, rows: list[dict]) -> None:
    out.write(UNPRINTABLE.sub(_json_escape, json.dumps(rows, ensure_ascii=False, indent=2)))


def write_csv(out, rows: Iterable[dict], columns: Sequence[str]) -> None:
    writer = csv.DictWriter(out, fieldnames=list(columns), lineterminator="\n")
    writer.writeheader()
    writer.writerows(
        {k: printable(v) if isinstance(v, str) else v for k, v in row.items()} for row in rows
    )


def write_table(out, headers: Sequence[str], table: Sequence[Sequence[str]]) -> None:
    """Columns padded to their widest cell, two spaces apart, under a dashed rule."""
    table = [[printable(cell) for cell in row] for row in table]
    widths = [max(len(h), *(len(row[i]) for row in table)) for i, h in enumerate(headers)]
    out.write("  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip())
    out.write("  ".join("-" * w for w in widths))
    for row in table:
        out.write("  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip())


def write_rows(
    out,
    rows: list[dict],
    *,
    format: str,
    columns: Sequence[str],
    headers: Sequence[str],
    cells: Callable[[dict], Sequence[str]],
    empty: str,
    summary: str,
) -> None:
    """`rows` in the chosen format. The table says `empty` when there is no row, and ends
    with `summary` after a blank line."""
    if format == "json":
        write_json(out, rows)
    elif format == "csv":
        write_csv(out, rows, columns)
    elif not rows:
        out.write(empty)
    else:
        write_table(out, headers, [list(cells(r)) for r in rows])
        out.write(f"\n{summary}")
