"""R-DEADLINE by email: the cancel-by dates at the workspace's thresholds, and the notice
missed. *The registered letter was processed three weeks late: the subscription renewed
itself.* Both kinds go out immediately by default: a digest may come too late."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pacte.assets.models import AssetKind
from pacte.reminders.kinds import (
    Delivery,
    Due,
    Message,
    ReminderKind,
    most_urgent_stage,
    register_reminder_kind,
)

from .schedule import warning_days
from .selectors import deadline_list


def _params(deadline) -> dict:
    return {
        "identifier": deadline.identifier,
        "kind": deadline.kind,
        "client_id": deadline.client_id,
        "cancel_by": deadline.cancel_by.isoformat(),
        "renewal": deadline.renewal_date.isoformat(),
    }


def cancel_by_due(actor, today: dt.date):
    """Each cancel-by date within the farthest threshold, at the most urgent threshold it has
    reached: an asset registered 7 days before its date gets the 7-day reminder only. Two
    queries whatever the number of assets."""
    thresholds = warning_days(actor.workspace)
    for deadline in deadline_list(actor=actor, within_days=max(thresholds), today=today):
        if deadline.missed:
            continue
        stage = most_urgent_stage(deadline.days_left(today), thresholds)
        if stage is None:
            continue
        yield Due(
            object_type="assets.asset",
            object_id=deadline.asset_id,
            due_on=deadline.cancel_by,
            stage=str(stage),
            client_id=deadline.client_id,
            params=_params(deadline),
        )


def notice_missed_due(actor, today: dt.date):
    """Each cancel-by date that passed while its renewal is still to come: the notice was
    missed, the contract will renew. Once per cancel-by date."""
    for deadline in deadline_list(actor=actor, within_days=0, today=today):
        if deadline.missed:
            yield Due(
                object_type="assets.asset",
                object_id=deadline.asset_id,
                due_on=deadline.cancel_by,
                stage="missed",
                client_id=deadline.client_id,
                params=_params(deadline),
            )


def _what(params: dict) -> str:
    kind = params.get("kind", "")
    label = AssetKind(kind).label if kind in AssetKind.values else kind
    return f"{params['identifier']} ({str(label).lower()})"


def _day(iso: str) -> str:
    return date_format(dt.date.fromisoformat(iso), "DATE_FORMAT")


def cancel_by_message(due: Due) -> Message:
    p = due.params
    values = {"what": _what(p), "cancel_by": _day(p["cancel_by"]), "renewal": _day(p["renewal"])}
    return Message(
        subject=_("Cancel by %(cancel_by)s: %(what)s") % values,
        lines=(
            _("%(what)s renews on %(renewal)s unless notice is given by %(cancel_by)s.") % values,
            _(
                "Decide now with the client whether to renew. If not, send the notice the "
                "contract asks for (a registered letter takes days) and keep its proof."
            ),
        ),
        path=reverse("deadlines"),
    )


def notice_missed_message(due: Due) -> Message:
    p = due.params
    values = {"what": _what(p), "cancel_by": _day(p["cancel_by"]), "renewal": _day(p["renewal"])}
    return Message(
        subject=_("Notice missed: %(what)s renews on %(renewal)s") % values,
        lines=(
            _(
                "The cancel-by date of %(what)s was %(cancel_by)s and no notice was recorded: "
                "it renews on %(renewal)s."
            )
            % values,
            _(
                "Tell the client today, check whether the vendor still accepts a late "
                "cancellation, and note the next cancel-by date."
            ),
        ),
        path=reverse("deadlines"),
    )


def register():
    register_reminder_kind(
        ReminderKind(
            key="deadlines.cancel_by",
            label=gettext_lazy("Cancel-by dates coming up"),
            find_due=cancel_by_due,
            message=cancel_by_message,
            default=Delivery.IMMEDIATE,
        )
    )
    register_reminder_kind(
        ReminderKind(
            key="deadlines.notice_missed",
            label=gettext_lazy("Notice missed before a renewal"),
            find_due=notice_missed_due,
            message=notice_missed_message,
            default=Delivery.IMMEDIATE,
        )
    )
