"""Conflicts' reminder kind (DOMAIN §3): a running case whose agreed follow-up date has
passed, read with the dashboard's selector (`past_follow_up`). The follow-up date is the
reminder's due date, so a new date agreed at the next step brings a new reminder."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pacte.reminders.kinds import Delivery, Due, Message, ReminderKind, register_reminder_kind

from .advice import advice_for
from .models import ConflictStatus
from .selectors import past_follow_up

FOLLOW_UP = "conflicts.follow_up"


def follow_ups_due(actor, today: dt.date) -> list[Due]:
    """Running cases past their follow-up date (one query, the partial follow-up index)."""
    return [
        Due(
            object_type="conflicts.conflictcase",
            object_id=case.pk,
            due_on=case.follow_up_on,
            client_id=case.client_id,
            params={
                "client": case.client.name,
                "summary": case.summary,
                "status": case.status,
                "opened_on": case.opened_on.isoformat(),
            },
        )
        for case in past_follow_up(actor=actor, today=today)
    ]


def follow_up_message(due: Due) -> Message:
    p = due.params
    values = {
        "client": p["client"],
        "summary": p["summary"],
        "date": date_format(due.due_on, "DATE_FORMAT"),
        "status": ConflictStatus(p["status"]).label,
    }
    subject = _("Conflict with %(client)s: follow-up of “%(summary)s” due on %(date)s") % values
    lines = [
        _(
            "The follow-up agreed with the client was on %(date)s and the case is still open "
            "(%(status)s). Call back as agreed: a promised call that does not come revives the "
            "conflict."
        )
        % values
    ]
    advice = advice_for(p["status"])
    if advice:
        lines.append(_("%(title)s: %(advice)s") % {"title": advice[0], "advice": advice[1]})
    return Message(
        subject, tuple(lines), reverse("conflict_detail", kwargs={"case_id": due.object_id})
    )


def register() -> None:
    register_reminder_kind(
        ReminderKind(
            key=FOLLOW_UP,
            label=gettext_lazy("Conflict follow-ups"),
            find_due=follow_ups_due,
            message=follow_up_message,
            default=Delivery.DAILY,
        )
    )
