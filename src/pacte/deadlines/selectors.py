"""Reads for R-DEADLINE: the cancel-by dates coming up, for the API, the command and the
dashboard. Always scoped to the actor."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from pacte.assets.models import Asset
from pacte.kernel.permissions import Perm
from pacte.kernel.tenancy import Actor

from .deadlines import DEADLINE_COLUMNS, Deadline, deadlines_from
from .schedule import urgency_for, warning_days


def deadline_list(
    *, actor: Actor, within_days: int, client=None, today: dt.date | None = None
) -> list[Deadline]:
    """R-DEADLINE: cancel-by dates in the next `within_days` days, and the missed ones whose
    renewal is still to come. One query."""
    actor.require(Perm.CLIENT_VIEW)
    today = today or timezone.localdate()
    qs = Asset.objects.for_actor(actor).filter(renewal_date__isnull=False)
    if client is not None:
        qs = qs.filter(client=client)
    return deadlines_from(
        qs.values_list(*DEADLINE_COLUMNS).iterator(chunk_size=5000),
        today=today,
        within_days=within_days,
    )


def deadline_warnings(*, actor: Actor, today: dt.date | None = None) -> list[tuple[str, Deadline]]:
    """R-DEADLINE on the dashboard: cancel-by dates within the workspace's farthest warning
    (60 days by default), each with its badge level (see `schedule.urgency_for`)."""
    today = today or timezone.localdate()
    thresholds = warning_days(actor.workspace)
    return [
        (urgency_for(d.missed, d.days_left(today), thresholds) or "info", d)
        for d in deadline_list(actor=actor, within_days=max(thresholds), today=today)
    ]
