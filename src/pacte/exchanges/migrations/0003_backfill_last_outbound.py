"""R-SILENCE: fill the stored last outbound dates (engagement and client in general) from the
journal. Lives in exchanges, the app that keeps those columns right, so that no lower app
reads the exchanges. Batched by ranges of primary keys: one UPDATE with a correlated
subquery per range, which SQLite and PostgreSQL both run from exchange_silence_idx and
exchange_client_silence_idx."""

from django.db import migrations
from django.db.models import Max, Min, OuterRef, Subquery

BATCH = 2_000


def _latest(rows):
    return Subquery(
        rows.filter(direction="outbound").order_by("-occurred_on").values("occurred_on")[:1]
    )


def _fill(model, field, latest):
    bounds = model._base_manager.aggregate(low=Min("pk"), high=Max("pk"))
    if bounds["low"] is None:
        return
    for start in range(bounds["low"], bounds["high"] + 1, BATCH):
        model._base_manager.filter(pk__gte=start, pk__lt=start + BATCH).update(**{field: latest})


def backfill(apps, schema_editor):
    Exchange = apps.get_model("exchanges", "Exchange")
    exchanges = Exchange._base_manager
    _fill(
        apps.get_model("engagements", "Engagement"),
        "last_outbound_on",
        _latest(exchanges.filter(engagement=OuterRef("pk"))),
    )
    _fill(
        apps.get_model("clients", "Client"),
        "last_general_outbound_on",
        _latest(exchanges.filter(client=OuterRef("pk"), engagement__isnull=True)),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("exchanges", "0002_list_indexes"),
        ("engagements", "0003_last_outbound_on"),
        ("clients", "0004_last_general_outbound_on"),
    ]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop, elidable=True)]
