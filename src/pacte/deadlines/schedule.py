"""The deadline calendar (R-DEADLINE) over the coming months: each renewal still to come and
its cancel-by date, for the deadlines page and the calendar feed.

`deadlines.deadlines_from` answers "what must I cancel soon?" with one date per asset; the
calendar needs every renewal in the window (a monthly tacit renewal twelve times a year).
Both rest on the same arithmetic: `pacte.assets.renewals`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.db.models import Q
from django.utils import timezone

from pacte.assets.models import Asset, AssetKind
from pacte.assets.renewals import RENEWAL_STEP_MONTHS, cancel_by
from pacte.kernel.permissions import Perm
from pacte.kernel.tenancy import Actor

from .deadlines import DEADLINE_COLUMNS, fresh, stale

CALENDAR_MONTHS = 12
DEFAULT_WARNING_DAYS = (60, 30, 7)


@dataclass(frozen=True)
class Occurrence:
    """One renewal still to come, and the date by which to cancel it."""

    asset_id: int
    client_id: int
    client_name: str
    kind: str
    identifier: str
    renewal_date: dt.date
    cancel_by: dt.date
    auto_renew: bool
    notice_days: int
    days_left: int  # until the cancel-by date; negative once it has passed

    @property
    def kind_label(self) -> str:
        try:
            return str(AssetKind(self.kind).label)
        except ValueError:
            return self.kind

    @property
    def missed(self) -> bool:
        """The cancel-by date passed; the renewal is still to come."""
        return self.days_left < 0

    @property
    def sort_key(self) -> tuple:
        """The calendar's order: by cancel-by date, then renewal, then asset."""
        return (self.cancel_by, self.renewal_date, self.asset_id)


def renewals_between(
    renewal_date: dt.date, period: str, auto_renew: bool, start: dt.date, end: dt.date
) -> Iterator[dt.date]:
    """The renewals on or after `start` and before `end`. A tacit monthly or yearly renewal
    repeats, anchored on the original day (31 January → 28/29 February → 31 March); any
    other renewal happens once, on its recorded date."""
    months = RENEWAL_STEP_MONTHS.get(period)
    if not auto_renew or months is None:
        if start <= renewal_date < end:
            yield renewal_date
        return
    k = 0
    if renewal_date < start:
        # Jump close to `start` arithmetically, as `renewals.next_renewal` does.
        elapsed = (start.year - renewal_date.year) * 12 + (start.month - renewal_date.month)
        k = max(0, elapsed // months - 1)
    while True:
        candidate = renewal_date + relativedelta(months=k * months)
        if candidate >= end:
            return
        if candidate >= start:
            yield candidate
        k += 1


def occurrences_from(
    rows: Iterable[tuple], client_names: dict[int, str], *, today: dt.date, months: int
) -> list[Occurrence]:
    """Every renewal still to come whose cancel-by date falls before `today + months`: the
    missed ones (cancel-by passed, renewal ahead) included. `rows` are tuples in the order of
    `deadlines.DEADLINE_COLUMNS`. Sorted by cancel-by date."""
    horizon = today + relativedelta(months=months)
    found = []
    for asset_id, client_id, kind, identifier, renewal, period, auto, notice in rows:
        if renewal is None:
            continue
        notice = notice or 0
        # A renewal up to `notice` days past the horizon has its cancel-by date inside it.
        for upcoming in renewals_between(
            renewal, period, auto, today, horizon + dt.timedelta(days=notice)
        ):
            deadline = cancel_by(upcoming, notice)
            found.append(
                Occurrence(
                    asset_id=asset_id,
                    client_id=client_id,
                    client_name=client_names.get(client_id, ""),
                    kind=kind,
                    identifier=identifier,
                    renewal_date=upcoming,
                    cancel_by=deadline,
                    auto_renew=auto,
                    notice_days=notice,
                    days_left=(deadline - today).days,
                )
            )
    found.sort(key=lambda o: o.sort_key)
    return found


def deadline_calendar(
    *, actor: Actor, months: int = CALENDAR_MONTHS, today: dt.date | None = None
) -> list[Occurrence]:
    """R-DEADLINE over the next `months` months, for the actor's workspace (or client), in
    full: the calendar feed. One query whatever the number of assets and clients.

    A full computation, unlike the deadlines page (`months.MonthCalendar`): one member's
    calendar application reads it now and then, and wants every date at once. It still
    loads only the rows that can have a date in the window: a fresh stored state whose next
    cancel-by date comes before the horizon, or a stale one (see renewals.py)."""
    actor.require(Perm.CLIENT_VIEW)
    actor.require(Perm.OPERATIONS_VIEW)  # per-contact rights (DOMAIN §9): operations
    today = today or timezone.localdate()
    horizon = today + relativedelta(months=months)
    candidates = Asset.objects.for_actor(actor).filter(
        (fresh(today) & Q(next_renewal_on__gte=today, next_cancel_by__lt=horizon)) | stale(today)
    )
    names, rows = {}, []
    for *row, name in (
        candidates.order_by()
        .values_list(*DEADLINE_COLUMNS, "client__name")
        .iterator(chunk_size=5000)
    ):
        names[row[1]] = name
        rows.append(row)
    return occurrences_from(rows, names, today=today, months=months)


def warning_days(workspace) -> tuple[int, ...]:
    """The workspace's warning thresholds ("60,30,7"), largest first; the defaults when the
    setting holds nothing usable."""
    days = set()
    for part in str(getattr(workspace, "deadline_warning_days", "") or "").split(","):
        part = part.strip()
        if part.isdigit() and int(part) > 0:
            days.add(int(part))
    return tuple(sorted(days, reverse=True)) or DEFAULT_WARNING_DAYS


def urgency(occurrence: Occurrence, thresholds: tuple[int, ...]) -> str:
    """The CSS class of a cancel-by date's badge, with thresholds (60, 30, 7): "bad" when
    missed or within the nearest warning (7 days), "warn" within the next one (30 days),
    "" beyond. The same levels as the dashboard's `selectors.deadline_warnings`."""
    return urgency_for(occurrence.missed, occurrence.days_left, thresholds)


def urgency_for(missed: bool, days_left: int, thresholds: tuple[int, ...]) -> str:
    nearest_first = sorted(thresholds)
    if missed or days_left <= nearest_first[0]:
        return "bad"
    if len(nearest_first) > 1 and days_left <= nearest_first[1]:
        return "warn"
    return ""


def strip_level(missed: bool, days_left: int, thresholds: tuple[int, ...]) -> str:
    """The colour of a cancel-by date in the 12-month strip, one step finer than `urgency_for`:
    with (60, 30, 7), "bad" when missed or within 7 days, "warn" within 30, "info" within 60,
    "neutral" beyond. The furthest threshold is "info" only when there are three or more."""
    level = urgency_for(missed, days_left, thresholds)
    if level:
        return level
    if len(thresholds) > 2 and days_left <= max(thresholds):
        return "info"
    return "neutral"
