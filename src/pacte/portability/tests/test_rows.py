"""The import's own converters write what the ORM would: a row read back is the same."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection

from pacte.kernel.models import ClosureDay, LedgerEntry, Workspace
from pacte.portability.rows import column_converter, column_encoder

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "moment",
    [
        dt.datetime(2026, 11, 30, 11, 35, 43, 696647, tzinfo=dt.UTC),
        dt.datetime(2026, 11, 30, 11, 35, 43, tzinfo=dt.UTC),
    ],
)
def test_a_datetime_goes_in_as_the_orm_writes_it(moment):
    field = LedgerEntry._meta.get_field("recorded_at")
    exported = column_encoder(field)(moment)
    assert column_converter(field)(exported) == connection.ops.adapt_datetimefield_value(moment)


def test_values_read_back_unchanged():
    workspace = Workspace.objects.create(name="Essai")
    day = ClosureDay.objects.create(workspace=workspace, date=dt.date(2026, 12, 24), label="Noël")
    field = ClosureDay._meta.get_field("date")
    assert column_converter(field)(column_encoder(field)(day.date)) == (
        connection.ops.adapt_datefield_value(day.date)
    )
    rate = Workspace._meta.get_field("default_deposit_percent")
    assert column_encoder(rate)(Decimal("30.00")) == "30.00"
    weights = Workspace._meta.get_field("health_weights")
    converted = column_converter(weights)({"b": 1, "a": [1, 2]})
    if connection.vendor == "sqlite":  # PostgreSQL takes the driver's Jsonb wrapper
        assert weights.from_db_value(converted, None, connection) == {"a": [1, 2], "b": 1}
