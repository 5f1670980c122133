"""Decisions' reminder kind: recommendations the client has not answered within the
workspace's wait (`Workspace.decision_wait_days`, the same wait the scorecard's "is
available" line allows). Due on the day the wait ends: one reminder per recommendation."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from pacte.reminders.kinds import Delivery, Due, Message, ReminderKind, register_reminder_kind

from .selectors import awaiting_decision

DECISION_AWAITED = "decisions.awaited"


def decisions_awaited(actor, today: dt.date) -> list[Due]:
    """Open recommendations made `decision_wait_days` ago or more (one query, the status
    index)."""
    wait = actor.workspace.decision_wait_days
    found = []
    for recommendation in awaiting_decision(
        actor=actor, limit=None, made_by=today - dt.timedelta(days=wait)
    ):
        engagement = recommendation.engagement
        found.append(
            Due(
                object_type="decisions.recommendation",
                object_id=recommendation.pk,
                due_on=recommendation.made_on + dt.timedelta(days=wait),
                client_id=engagement.client_id,
                params={
                    "engagement_id": engagement.pk,
                    "engagement": engagement.title,
                    "client": engagement.client.name,
                    "title": recommendation.title,
                    "made_on": recommendation.made_on.isoformat(),
                    "wait_days": wait,
                    "days_waiting": (today - recommendation.made_on).days,
                },
            )
        )
    return found


def decision_awaited_message(due: Due) -> Message:
    p = due.params
    values = {
        "title": p["title"],
        "client": p["client"],
        "engagement": p["engagement"],
        "made": date_format(dt.date.fromisoformat(p["made_on"]), "DATE_FORMAT"),
        "date": date_format(due.due_on, "DATE_FORMAT"),
        "days": p["days_waiting"],
    }
    subject = _("Decision awaited from %(client)s on “%(title)s” (recommended on %(made)s)") % (
        values
    )
    waiting = (
        ngettext(
            "Recommended on %(made)s for %(engagement)s, unanswered for %(days)d day: the "
            "client's decision was expected by %(date)s.",
            "Recommended on %(made)s for %(engagement)s, unanswered for %(days)d days: the "
            "client's decision was expected by %(date)s.",
            p["days_waiting"],
        )
        % values
    )
    next_step = _(
        "Ask the client for their decision: accept, refuse or put off. The choice is theirs; "
        "record it in their own words, a refusal included."
    )
    return Message(
        subject,
        (waiting, next_step),
        reverse("engagement_detail", kwargs={"engagement_id": p["engagement_id"]}),
    )


def register() -> None:
    register_reminder_kind(
        ReminderKind(
            key=DECISION_AWAITED,
            label=gettext_lazy("Decisions awaited from clients"),
            find_due=decisions_awaited,
            message=decision_awaited_message,
            default=Delivery.DAILY,
        )
    )
