"""Rows in and out at the speed a million of them needs.

The ORM's `bulk_create` spends most of its time building model instances and compiling the
INSERT (about 200 µs a row of ten columns); an import of a large workspace would take many
minutes. Here each column gets its converter once, values go straight to `executemany`, and
the new rows' ids are reserved beforehand, so that no insert has to return them:

- on PostgreSQL from the table's sequence (`nextval`), safe beside other writers;
- on SQLite above the largest id ever handed out (`sqlite_sequence`), which nobody else can
  move while the import's IMMEDIATE transaction holds the database's write lock.

Reading goes the other way: each column gets its encoder to JSON once.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime
from decimal import Decimal

import orjson
from django.db import connection, models


def _identity(value):
    return value


def _as_datetime(field):
    adapt = connection.ops.adapt_datetimefield_value
    if connection.vendor == "sqlite":
        # SQLite keeps a naive UTC text ("2026-11-30 11:35:43.696647"); the export writes
        # UTC with microseconds ("2026-11-30T11:35:43.696647+00:00"): a slice, not a parse.
        def convert(value):
            if value is None:
                return None
            if len(value) == 32 and value.endswith("+00:00"):
                # As Django writes it: no fraction when there are no microseconds.
                if value[20:26] == "000000":
                    return f"{value[:10]} {value[11:19]}"
                return f"{value[:10]} {value[11:26]}"
            return adapt(datetime.fromisoformat(value))

        return convert

    def convert(value):
        return None if value is None else adapt(datetime.fromisoformat(value))

    return convert


def _as_date(field):
    adapt = connection.ops.adapt_datefield_value

    def convert(value):
        return None if value is None else adapt(date.fromisoformat(value))

    return convert


def _as_decimal(field):
    adapt = connection.ops.adapt_decimalfield_value

    def convert(value):
        return (
            None if value is None else adapt(Decimal(value), field.max_digits, field.decimal_places)
        )

    return convert


def _as_json(field):
    if connection.vendor == "sqlite" and field.encoder is None:
        # What SQLite keeps is JSON text; orjson writes it ten times faster than json.
        def convert(value):
            return None if value is None and field.null else orjson.dumps(value).decode()

        return convert
    return _prepared(field)


def _prepared(field):
    def convert(value):
        return field.get_db_prep_save(field.to_python(value), connection)

    return convert


def column_converter(field: models.Field) -> Callable:
    """The function from a column's exported JSON value to what the database driver takes."""
    if field.is_relation:
        return _identity
    kind = field.get_internal_type()
    if kind in {"CharField", "TextField", "EmailField", "SlugField", "URLField"}:
        return _identity
    if kind in {
        "IntegerField",
        "BigIntegerField",
        "SmallIntegerField",
        "PositiveIntegerField",
        "PositiveBigIntegerField",
        "PositiveSmallIntegerField",
        "BooleanField",
    }:
        return _identity
    if kind == "DateTimeField":
        return _as_datetime(field)
    if kind == "DateField":
        return _as_date(field)
    if kind == "DecimalField":
        return _as_decimal(field)
    if kind == "JSONField":
        return _as_json(field)
    return _prepared(field)


def _datetime_out(value):
    return None if value is None else value.astimezone(UTC).isoformat(timespec="microseconds")


def _iso_out(value):
    return None if value is None else value.isoformat()


def _str_out(value):
    return None if value is None else str(value)


def column_encoder(field: models.Field) -> Callable:
    """The function from a column's value, as the ORM reads it, to its JSON form: the same on
    SQLite and PostgreSQL."""
    kind = field.get_internal_type()
    if kind == "DateTimeField":
        return _datetime_out
    if kind in {"DateField", "TimeField"}:
        return _iso_out
    if kind in {"DecimalField", "UUIDField", "DurationField"}:
        return _str_out
    return _identity


def reserve_ids(model: type[models.Model], count: int) -> list[int]:
    """`count` ids no other row has or will get, for rows inserted with them."""
    if count <= 0:
        return []
    table = model._meta.db_table
    pk = model._meta.pk.column
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [connection.ops.quote_name(table), pk, count],
            )
            return [row[0] for row in cursor.fetchall()]
        quote = connection.ops.quote_name
        cursor.execute(
            f"SELECT MAX({quote(pk)}) FROM {quote(table)}"  # noqa: S608 - the model's names
        )
        highest = cursor.fetchone()[0] or 0
        cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
        found = cursor.fetchone()
        start = max(highest, found[0] if found else 0) + 1
    return list(range(start, start + count))


def insert_rows(model: type[models.Model], columns: Sequence[str], rows: list[tuple]) -> None:
    """INSERT the rows (tuples in `columns` order, database-ready values) in one
    `executemany`."""
    if not rows:
        return
    quote = connection.ops.quote_name
    names = ", ".join(quote(c) for c in columns)
    marks = ", ".join(["%s"] * len(columns))
    sql = f"INSERT INTO {quote(model._meta.db_table)} ({names}) VALUES ({marks})"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)
