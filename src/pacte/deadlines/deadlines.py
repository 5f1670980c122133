"""R-DEADLINE: every asset with a renewal date and a notice period has a cancel-by date.

*The registered letter arrived three weeks late: the subscription renewed itself.*

    cancel-by = next renewal − notice period

The arithmetic of one asset's renewal terms is `pacte.assets.renewals` (the asset page shows
it too); this module answers "what must I cancel soon?" across many assets at once.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from pacte.assets.renewals import cancel_by_dates

# The columns of an asset the deadlines are computed from, in the order `deadlines_from` and
# `schedule.occurrences_from` read them.
DEADLINE_COLUMNS = (
    "id",
    "client_id",
    "kind",
    "identifier",
    "renewal_date",
    "renewal_period",
    "auto_renew",
    "notice_days",
)


@dataclass(frozen=True)
class Deadline:
    asset_id: int
    client_id: int
    kind: str
    identifier: str
    renewal_date: dt.date  # the renewal this deadline protects against
    cancel_by: dt.date
    auto_renew: bool
    missed: bool  # the cancel-by date passed, the renewal is still to come

    def days_left(self, today: dt.date) -> int:
        return (self.cancel_by - today).days


def deadlines_from(rows, *, today: dt.date, within_days: int) -> list[Deadline]:
    """Deadlines whose cancel-by date falls within [today, today + within_days], plus those
    already missed before a renewal still to come. `rows` are tuples in the order of
    DEADLINE_COLUMNS.
    Pure Python on plain tuples: 100,000 assets take a fraction of a second."""
    horizon = today + dt.timedelta(days=within_days)
    found = []
    for asset_id, client_id, kind, identifier, renewal, period, auto, notice in rows:
        if renewal is None:
            continue
        for due in cancel_by_dates(renewal, period, auto, notice, today=today, horizon=horizon):
            found.append(
                Deadline(
                    asset_id,
                    client_id,
                    kind,
                    identifier,
                    due.renewal_date,
                    due.cancel_by,
                    auto,
                    due.missed,
                )
            )
    found.sort(key=lambda d: (d.cancel_by, d.asset_id))
    return found
