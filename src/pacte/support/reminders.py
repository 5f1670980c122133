"""Support's reminder kind (DOMAIN §4): requests that breached an agreed SLA, read with the
dashboard's selector (the last 30 days' requests, `recent_breach_clocks`). Each breach is
dated by the day its clock passed the target, so a request that misses its first response
and later its resolution brings two reminders, and the clocks of one day share one."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pacte.reminders.kinds import Delivery, Due, Message, ReminderKind, register_reminder_kind

from .models import SlaMetric
from .selectors import recent_breach_clocks

SLA_BREACH = "support.sla_breach"


def breaches_due(actor, today: dt.date) -> list[Due]:
    """One Due per request and day of breach, with the metrics breached that day (four
    queries). The clocks are read as they stand when the scan runs."""
    found = []
    for request, breaches in recent_breach_clocks(actor=actor):
        by_day: dict[dt.date, list[str]] = defaultdict(list)
        for sla, clock in breaches:
            # A clock past its target but not yet stamped counts from the request's day: a
            # stable date, so that the scan does not remind it again every morning.
            day = timezone.localdate(clock.breached_at or request.received_at)
            if sla.metric not in by_day[day]:
                by_day[day].append(sla.metric)
        for day, metrics in sorted(by_day.items()):
            found.append(
                Due(
                    object_type="support.supportrequest",
                    object_id=request.pk,
                    due_on=day,
                    client_id=request.client_id,
                    params={
                        "summary": request.summary,
                        "client": request.client.name,
                        "received_on": timezone.localdate(request.received_at).isoformat(),
                        "metrics": metrics,
                    },
                )
            )
    return found


def sla_breach_message(due: Due) -> Message:
    p = due.params
    values = {
        "summary": p["summary"],
        "client": p["client"],
        "date": date_format(due.due_on, "DATE_FORMAT"),
        "received": date_format(dt.date.fromisoformat(p["received_on"]), "DATE_FORMAT"),
        "metrics": ", ".join(str(SlaMetric(m).label) for m in p["metrics"]),
    }
    subject = _("SLA breached on “%(summary)s” (%(client)s) on %(date)s") % values
    what = (
        _(
            "Request received on %(received)s. %(metrics)s: the agreed target was passed on "
            "%(date)s."
        )
        % values
    )
    next_step = _(
        "Answer the client now and tell them what happens next. If the target no longer fits, "
        "negotiate a new one with them rather than miss it again: an SLA is agreed, not imposed."
    )
    return Message(
        subject,
        (what, next_step),
        reverse("support_request_detail", kwargs={"request_id": due.object_id}),
    )


def register() -> None:
    register_reminder_kind(
        ReminderKind(
            key=SLA_BREACH,
            label=gettext_lazy("SLA breaches"),
            find_due=breaches_due,
            message=sla_breach_message,
            default=Delivery.DAILY,
        )
    )
