"""How a `pacte` command prints a list: an aligned table for people, CSV or JSON for scripts.

    add_format_argument(parser)
    ...
    write_rows(self.stdout, rows, format=format, columns=COLUMNS, headers=[...],
               cells=lambda r: [...], empty="Nothing in …", summary="3 thing(s) in …")

`rows` are dicts of plain values (str, int, bool): JSON prints them as they are, CSV prints
the `columns` in that order, and the table shows `cells(row)` under `headers`. `out` is the
command's `self.stdout`, which ends each write with a new line.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable, Sequence

FORMATS = ("table", "csv", "json")


def add_format_argument(parser) -> None:
    parser.add_argument("--format", default="table", choices=list(FORMATS))


def write_json(out, rows: list[dict]) -> None:
    out.write(json.dumps(rows, ensure_ascii=False, indent=2))


def write_csv(out, rows: Iterable[dict], columns: Sequence[str]) -> None:
    writer = csv.DictWriter(out, fieldnames=list(columns), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)


def write_table(out, headers: Sequence[str], table: Sequence[Sequence[str]]) -> None:
    """Columns padded to their widest cell, two spaces apart, under a dashed rule."""
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
