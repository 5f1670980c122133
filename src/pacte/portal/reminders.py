"""Renewal reminders for the client's own people (DOMAIN §9): a portal user with the
operations right who subscribed gets an email before each tacit renewal of their client's
assets, at the workspace's thresholds (60, 30 and 7 days before the cancel-by date).

French practice (the Chatel law for consumers, good faith for businesses) is to tell the
client, before a contract renews tacitly, by when they may still cancel it: R-DEADLINE said to
the client."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pacte.assets.models import Asset, AssetKind
from pacte.deadlines.deadlines import DEADLINE_COLUMNS, deadlines_from
from pacte.deadlines.schedule import warning_days
from pacte.kernel.tenancy import Actor
from pacte.reminders.kinds import (
    Delivery,
    Due,
    Message,
    Recipient,
    ReminderKind,
    most_urgent_stage,
    register_reminder_kind,
)

from .models import PortalUser

KEY = "portal.client_renewal"


def client_renewals_due(actor: Actor, today: dt.date) -> list[Due]:
    """One Due per asset of a client with subscribed portal users whose next cancel-by date
    has reached one of the workspace's thresholds, addressed to those people. Two queries
    per workspace whatever the number of clients, people and assets."""
    thresholds = warning_days(actor.workspace)
    recipients: dict[int, list[Recipient]] = {}
    for access in (
        PortalUser.objects.in_workspace(actor.workspace)
        # Only those who may see the assets (DOMAIN §9) and asked for it.
        .filter(renewal_reminders=True, operations=True, user__is_active=True)
        .select_related("user", "client")
        .order_by("client_id", "user__email")
    ):
        recipients.setdefault(access.client_id, []).append(
            Recipient(
                access.user.email,
                language=access.client.language or "fr",
                name=access.full_name or access.user.get_full_name(),
            )
        )
    if not recipients:
        return []
    rows = (
        Asset.objects.in_workspace(actor.workspace)
        .filter(client_id__in=list(recipients), renewal_date__isnull=False)
        .order_by()
        .values_list(*DEADLINE_COLUMNS)
    )
    due, seen = [], set()
    for deadline in deadlines_from(rows, today=today, within_days=max(thresholds)):
        if deadline.missed or deadline.asset_id in seen:
            continue
        stage = most_urgent_stage(deadline.days_left(today), thresholds)
        if stage is None:
            continue
        seen.add(deadline.asset_id)  # the nearest cancel-by date of the asset only
        due.append(
            Due(
                object_type="assets.asset",
                object_id=deadline.asset_id,
                due_on=deadline.cancel_by,
                stage=str(stage),
                client_id=deadline.client_id,
                recipients=tuple(recipients[deadline.client_id]),
                params={
                    "identifier": deadline.identifier,
                    "kind": deadline.kind,
                    "cancel_by": deadline.cancel_by.isoformat(),
                    "renewal": deadline.renewal_date.isoformat(),
                    "auto_renew": deadline.auto_renew,
                },
            )
        )
    return due


def _day(value: str) -> str:
    return date_format(dt.date.fromisoformat(value), "DATE_FORMAT")


def client_renewal_message(due: Due) -> Message:
    params = due.params
    try:
        kind = str(AssetKind(params.get("kind", "")).label)
    except ValueError:
        kind = ""
    what = f"{params['identifier']} ({kind.lower()})" if kind else params["identifier"]
    values = {
        "what": what,
        "cancel_by": _day(params["cancel_by"]),
        "renewal": _day(params["renewal"]),
    }
    if params.get("auto_renew", True):
        body = _(
            "Your contract for %(what)s renews tacitly on %(renewal)s unless you cancel it "
            "by %(cancel_by)s."
        )
    else:
        body = _(
            "%(what)s comes up for renewal on %(renewal)s. If you do not want to keep it, "
            "give notice by %(cancel_by)s."
        )
    return Message(
        subject=_("Renewal of %(what)s: cancel by %(cancel_by)s if you wish") % values,
        lines=(
            body % values,
            _(
                "If you wish to keep it, there is nothing to do. If not, tell the provider or "
                "the vendor in writing by that date."
            ),
            _("All your dates are in your client portal."),
        ),
        path=reverse("portal:deadlines"),
    )


def register() -> None:
    register_reminder_kind(
        ReminderKind(
            key=KEY,
            label=gettext_lazy("Renewals of your assets"),
            find_due=client_renewals_due,
            message=client_renewal_message,
            default=Delivery.IMMEDIATE,
            audience="client",
        )
    )
