"""Reads for R-DEADLINE: the cancel-by dates coming up, for the API, the command and the
dashboard. Always scoped to the actor."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from pacte.assets.models import Asset
from pacte.kernel.permissions import Perm
from pacte.kernel.tenancy import Actor

from .deadlines import Deadline, DeadlinePage, deadline_page
from .months import MonthCalendar
from .schedule import CALENDAR_MONTHS, urgency_for, warning_days

# How many cancel-by dates the dashboard lists; the rest are a link to the deadlines page.
WARNINGS_SHOWN = 8


def _assets(actor: Actor, client=None):
    qs = Asset.objects.for_actor(actor)
    return qs.filter(client=client) if client is not None else qs


def deadline_list_page(
    *,
    actor: Actor,
    within_days: int,
    offset: int = 0,
    limit: int | None = None,
    client=None,
    today: dt.date | None = None,
) -> DeadlinePage:
    """R-DEADLINE: cancel-by dates in the next `within_days` days, and the missed ones whose
    renewal is still to come, ordered by (cancel-by date, asset); one page of them and how
    many there are. Two queries whatever the number of assets."""
    actor.require(Perm.CLIENT_VIEW)
    return deadline_page(
        _assets(actor, client),
        today=today or timezone.localdate(),
        within_days=within_days,
        offset=offset,
        limit=limit,
    )


def deadline_list(
    *, actor: Actor, within_days: int, client=None, today: dt.date | None = None
) -> list[Deadline]:
    """Every deadline of `deadline_list_page` (the command, the bench)."""
    return deadline_list_page(
        actor=actor, within_days=within_days, client=client, today=today
    ).items


@dataclass(frozen=True)
class DeadlineWarnings:
    """The dashboard's cancel-by dates: the first few, each with its badge level, and how
    many there are in all."""

    shown: list[tuple[str, Deadline]]
    count: int

    @property
    def more(self) -> int:
        return self.count - len(self.shown)


def deadline_warnings(*, actor: Actor, today: dt.date | None = None) -> DeadlineWarnings:
    """R-DEADLINE on the dashboard: cancel-by dates within the workspace's farthest warning
    (60 days by default), each with its badge level (see `schedule.urgency_for`): the first
    WARNINGS_SHOWN of them and the count of all."""
    today = today or timezone.localdate()
    thresholds = warning_days(actor.workspace)
    page = deadline_list_page(
        actor=actor, within_days=max(thresholds), limit=WARNINGS_SHOWN, today=today
    )
    return DeadlineWarnings(
        shown=[
            (urgency_for(d.missed, d.days_left(today), thresholds) or "info", d) for d in page.items
        ],
        count=page.count,
    )


def deadline_months(
    *, actor: Actor, months: int = CALENDAR_MONTHS, today: dt.date | None = None
) -> MonthCalendar:
    """R-DEADLINE's calendar over the next `months` months, a month at a time (the deadlines
    page): counts per month, and each month's rows a page at a time. Two queries, and one
    per page of rows read, whatever the number of assets."""
    actor.require(Perm.CLIENT_VIEW)
    return MonthCalendar(
        Asset.objects.for_actor(actor), today=today or timezone.localdate(), months=months
    )
