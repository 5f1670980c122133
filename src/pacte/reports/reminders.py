"""The reminder that a client's status report is due (DOMAIN §2, the client profile's report
frequency): registered with the reminders' registry, which finds, stores and sends."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pacte.clients.models import ReportFrequency
from pacte.kernel.tenancy import Actor
from pacte.reminders.kinds import Delivery, Due, Message, ReminderKind, register_reminder_kind

from .selectors import report_due_clients

KEY = "reports.report_due"


def reports_due(actor: Actor, today: dt.date) -> list[Due]:
    """One Due per active engagement whose client's report is due (one query)."""
    return [
        Due(
            object_type="engagements.engagement",
            object_id=due.engagement.pk,
            due_on=due.due_on,
            client_id=due.client.pk,
            params={
                "client": due.client.name,
                "engagement": due.engagement.title,
                "frequency": due.frequency,
                "last_sent_on": due.last_sent_on.isoformat() if due.last_sent_on else "",
            },
        )
        for due in report_due_clients(actor=actor, today=today)
    ]


def _day(iso: str) -> str:
    return date_format(dt.date.fromisoformat(iso), "DATE_FORMAT")


def report_due_message(due: Due) -> Message:
    """What the reminder says, in the active language."""
    p = due.params
    frequency = p.get("frequency", "")
    how_often = (
        str(ReportFrequency(frequency).label).lower()
        if frequency in ReportFrequency.values
        else frequency
    )
    names = {"client": p.get("client", ""), "engagement": p.get("engagement", "")}
    if p.get("last_sent_on"):
        since = _("The last one was sent on %(date)s.") % {"date": _day(p["last_sent_on"])}
    else:
        since = _("None has been sent since the engagement started.")
    return Message(
        subject=_("Status report due: %(client)s, %(engagement)s") % names,
        lines=(
            _("%(client)s expects a status report on “%(engagement)s” (%(frequency)s).")
            % {**names, "frequency": how_often}
            + " "
            + since,
            _("Generate it from the engagement page, review it, then send it."),
        ),
        path=reverse("engagement_detail", args=[due.object_id]) + "#status-reports",
    )


def register():
    register_reminder_kind(
        ReminderKind(
            key=KEY,
            label=gettext_lazy("Status reports due"),
            find_due=reports_due,
            message=report_due_message,
            default=Delivery.DAILY,
        )
    )
