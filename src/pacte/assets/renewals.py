"""An asset's renewal terms as dates: the next renewal, and the date by which to cancel it.

    cancel-by = next renewal − notice period

For a tacit (automatic) monthly or yearly renewal, once a renewal date has passed the next
one rolls forward, anchored on the original day: a renewal on 31 January renews on 28 or 29
February, then 31 March; one on 29 February renews on 28 February in common years and on
29 February in leap years.

Pure functions of an asset's own fields, kept here because the asset page and the asset sheet
show them. R-DEADLINE itself (the deadlines across a workspace, the calendar, its feed, the
API and the command) is the `pacte.deadlines` app, which builds on these.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta

from .models import RenewalPeriod

RENEWAL_STEP_MONTHS = {RenewalPeriod.MONTHLY: 1, RenewalPeriod.YEARLY: 12}


def next_renewal(renewal_date: dt.date, period: str, auto_renew: bool, today: dt.date) -> dt.date:
    """The first renewal on or after `today`, or the recorded date when it does not roll
    (a one-off date, or a renewal that is not tacit: it simply lapses once passed)."""
    months = RENEWAL_STEP_MONTHS.get(period)
    if not auto_renew or months is None or renewal_date >= today:
        return renewal_date
    # Jump close to today arithmetically, then step: anchored on the original day.
    elapsed = (today.year - renewal_date.year) * 12 + (today.month - renewal_date.month)
    k = max(0, elapsed // months - 1)
    candidate = renewal_date + relativedelta(months=k * months)
    while candidate < today:
        k += 1
        candidate = renewal_date + relativedelta(months=k * months)
    return candidate


def cancel_by(renewal: dt.date, notice_days: int) -> dt.date:
    return renewal - dt.timedelta(days=notice_days)


@dataclass(frozen=True)
class CancelBy:
    renewal_date: dt.date  # the renewal this date protects against
    cancel_by: dt.date
    missed: bool  # the cancel-by date passed, the renewal is still to come


def cancel_by_dates(
    renewal_date: dt.date | None,
    period: str,
    auto_renew: bool,
    notice_days: int | None,
    *,
    today: dt.date,
    horizon: dt.date,
) -> list[CancelBy]:
    """The cancel-by dates of one asset that matter on `today`: the one falling within
    [today, horizon], or the missed one before a renewal still to come. With a notice longer
    than the gap between tacit renewals, a later renewal may still be cancellable: the first
    such one comes after the missed one when its cancel-by date is within the horizon."""
    if renewal_date is None:
        return []
    upcoming = next_renewal(renewal_date, period, auto_renew, today)
    if upcoming < today:
        return []  # lapsed: nothing left to cancel
    notice = dt.timedelta(days=notice_days or 0)
    deadline = upcoming - notice
    if deadline >= today:
        return [CancelBy(upcoming, deadline, False)] if deadline <= horizon else []
    found = [CancelBy(upcoming, deadline, True)]
    if auto_renew and period in RENEWAL_STEP_MONTHS:
        later = upcoming
        while later - notice < today:
            later = next_renewal(renewal_date, period, auto_renew, later + dt.timedelta(days=1))
        if later - notice <= horizon:
            found.append(CancelBy(later, later - notice, False))
    return found


def asset_cancel_by(asset, *, today: dt.date, within_days: int) -> CancelBy | None:
    """The cancel-by date the asset page shows next to an asset: the next one still
    cancellable within `within_days`, else the missed one, else none."""
    dates = cancel_by_dates(
        asset.renewal_date,
        asset.renewal_period,
        asset.auto_renew,
        asset.notice_days,
        today=today,
        horizon=today + dt.timedelta(days=within_days),
    )
    return dates[-1] if dates else None
