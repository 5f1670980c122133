"""Consents' reminder kind (R-CONSENT): the grants that run out within 30 days, and those
already run out while a publication still depends on them, read with the selector of the
consents page and the dashboard (`expiring_consents`), as it is.

Stages: 30 days before the end, then 7, then "0" once it has run out (only while something
still depends on it). A consent recorded 5 days before its end gets the 7-day reminder alone
(`most_urgent_stage`), and a renewal is a new record, hence new reminders."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from pacte.reminders.kinds import (
    Delivery,
    Due,
    Message,
    ReminderKind,
    most_urgent_stage,
    register_reminder_kind,
)

from .models import ConsentScope
from .selectors import EXPIRY_NOTICE_DAYS, expiring_consents

CONSENT_EXPIRING = "consents.expiring"
THRESHOLDS = (EXPIRY_NOTICE_DAYS, 7)
RAN_OUT = "0"


def consents_expiring(actor, today: dt.date) -> list[Due]:
    """Two queries (plus one per registered publication dependent, when one has run out)."""
    found = []
    for row in expiring_consents(actor=actor, on=today, within_days=EXPIRY_NOTICE_DAYS):
        consent = row.consent
        stage = RAN_OUT if row.expired else str(most_urgent_stage(row.days_left, THRESHOLDS))
        found.append(
            Due(
                object_type="consents.consent",
                object_id=consent.pk,
                due_on=consent.until,
                stage=stage,
                client_id=consent.client_id,
                params={
                    "client": consent.client.name,
                    "scope": consent.scope,
                    "given_on": consent.given_on.isoformat(),
                    "days_left": row.days_left,
                },
            )
        )
    return found


def consent_expiring_message(due: Due) -> Message:
    p = due.params
    values = {
        "client": p["client"],
        "scope": ConsentScope(p["scope"]).label,
        "date": date_format(due.due_on, "DATE_FORMAT"),
        "given": date_format(dt.date.fromisoformat(p["given_on"]), "DATE_FORMAT"),
        "days": p["days_left"],
    }
    if due.stage == RAN_OUT:
        subject = _("Consent of %(client)s for “%(scope)s” ran out on %(date)s") % values
        when = (
            _(
                "Granted on %(given)s, it ran out on %(date)s, and what you publish still "
                "depends on it."
            )
            % values
        )
        next_step = _(
            "Ask the client to renew it, or withdraw what it covered: without their consent "
            "in force, their name stays out of your publications."
        )
    else:
        subject = _("Consent of %(client)s for “%(scope)s” ends on %(date)s") % values
        when = (
            ngettext(
                "Granted on %(given)s, it ends on %(date)s, in %(days)d day.",
                "Granted on %(given)s, it ends on %(date)s, in %(days)d days.",
                p["days_left"],
            )
            % values
        )
        next_step = _(
            "Ask the client whether they renew it and record their answer, yes or no. A no is "
            "respected: once it ends, their name is no longer used for this."
        )
    return Message(
        subject,
        (when, next_step),
        reverse("consent_register", kwargs={"client_id": due.client_id}),
    )


def register() -> None:
    register_reminder_kind(
        ReminderKind(
            key=CONSENT_EXPIRING,
            label=gettext_lazy("Consents running out"),
            find_due=consents_expiring,
            message=consent_expiring_message,
            default=Delivery.DAILY,
        )
    )
