"""The action log (R-OWN 11) and the asset sheet as rows for office files (DOMAIN §6): one
row per entry, in the order of their headers. The writers are `pacte.kernel.office`.

Pure functions: nothing here queries the database beyond the related rows the caller already
loaded (`select_related`).
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext_lazy

from pacte.kernel.office import yes_no

from .renewals import cancel_by, next_renewal

ACTION_LOG_HEADERS = (
    gettext_lazy("Date"),
    gettext_lazy("Client"),
    gettext_lazy("Asset"),
    gettext_lazy("Engagement"),
    gettext_lazy("What was done"),
    gettext_lazy("Why"),
    gettext_lazy("Result"),
    gettext_lazy("Author"),
)

ASSET_SHEET_HEADERS = (
    gettext_lazy("Kind"),
    gettext_lazy("Identifier"),
    gettext_lazy("Vendor or registrar"),
    gettext_lazy("Legal owner"),
    gettext_lazy("Third party"),
    gettext_lazy("Who pays"),
    gettext_lazy("Client holds admin access"),
    gettext_lazy("We hold admin access"),
    gettext_lazy("Licence"),
    gettext_lazy("Where the credentials live"),
    gettext_lazy("Renewal date"),
    gettext_lazy("Renews"),
    gettext_lazy("Tacit renewal"),
    gettext_lazy("Notice (days)"),
    gettext_lazy("Cancel by"),
    gettext_lazy("Cost"),
    gettext_lazy("Currency"),
    gettext_lazy("Last verified on"),
)


def _person(user) -> str:
    if user is None:
        return ""
    return user.get_full_name()


def action_log_rows(entries) -> list[list]:
    """One row per action: date, client, asset, engagement, what, why, result, author.
    `entries` should come from `action_log_list` (asset, engagement and author joined) and
    carry their client (joined, or all of one client already loaded)."""
    return [
        [
            entry.done_on,
            entry.client.name,
            str(entry.asset) if entry.asset_id else "",
            entry.engagement.title if entry.engagement_id else "",
            entry.what,
            entry.why,
            entry.result,
            _person(entry.author),
        ]
        for entry in entries
    ]


def asset_dates(asset, today: dt.date) -> tuple[dt.date | None, dt.date | None]:
    """(the renewal to come, its cancel-by date) — R-DEADLINE's arithmetic. A tacit renewal
    rolls forward; a renewal that passed without being tacit lapsed: nothing to cancel."""
    if asset.renewal_date is None:
        return None, None
    renewal = next_renewal(asset.renewal_date, asset.renewal_period, asset.auto_renew, today)
    if renewal < today:
        return renewal, None
    return renewal, cancel_by(renewal, asset.notice_days or 0)


def asset_sheet_rows(assets, *, today: dt.date | None = None) -> list[list]:
    """One row per asset, in the order of ASSET_SHEET_HEADERS. The renewal date is the next
    one (rolled forward for a tacit renewal), so that it matches its cancel-by date."""
    today = today or timezone.localdate()
    rows = []
    for asset in assets:
        renewal, cancel = asset_dates(asset, today)
        rows.append(
            [
                asset.get_kind_display(),
                asset.identifier,
                asset.vendor,
                asset.get_legal_owner_display(),
                asset.third_party_name,
                asset.get_payer_display(),
                yes_no(asset.client_has_admin),
                yes_no(asset.we_have_admin),
                asset.get_licence_display() if asset.licence else "",
                asset.credentials_reference,
                renewal,
                asset.get_renewal_period_display() if asset.renewal_date else "",
                yes_no(asset.auto_renew),
                asset.notice_days,
                cancel,
                asset.cost,
                asset.currency,
                asset.last_verified_on,
            ]
        )
    return rows
