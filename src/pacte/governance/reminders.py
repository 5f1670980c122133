"""Governance's reminder kind (DOMAIN §4 cadence): reviews not held on time, read with the
same selector as the dashboard (`overdue_reviews`, the workspace's `review_grace_days`).

A cadence ignored for months has many periods overdue; the reminder speaks of the latest
period of each kind of review only, so the first scan sends one email per engagement and not
one per missed week. Kinds whose periods end on the same day (a month's and a quarter's) are
overdue on the same day and go in one reminder, which keeps one reminder per engagement and
due date."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from pacte.reminders.kinds import Delivery, Due, Message, ReminderKind, register_reminder_kind

from .models import ReviewKind
from .selectors import overdue_reviews

REVIEW_OVERDUE = "governance.review_overdue"


def reviews_overdue(actor, today: dt.date) -> list[Due]:
    """The latest overdue period of each kind of review, per engagement (two queries)."""
    latest = {}
    overdue_count: dict[int, int] = defaultdict(int)
    engagements = {}
    for row in overdue_reviews(actor=actor, limit=None, today=today):
        engagement, overdue = row.engagement, row.overdue
        engagements[engagement.pk] = engagement
        overdue_count[engagement.pk] += 1
        key = (engagement.pk, overdue.kind)
        if key not in latest or overdue.period.due_on > latest[key].period.due_on:
            latest[key] = overdue
    by_day: dict[tuple[int, dt.date], list] = defaultdict(list)
    for (engagement_id, _kind), overdue in latest.items():
        by_day[(engagement_id, overdue.period.due_on)].append(overdue)
    found = []
    for (engagement_id, due_on), overdues in sorted(by_day.items(), key=lambda i: i[0][1]):
        engagement = engagements[engagement_id]
        kinds = [k for k in ReviewKind.values if k in {o.kind for o in overdues}]
        found.append(
            Due(
                object_type="engagements.engagement",
                object_id=engagement_id,
                due_on=due_on,
                client_id=engagement.client_id,
                params={
                    "engagement": engagement.title,
                    "client": engagement.client.name,
                    "kinds": kinds,
                    "days_late": max(o.days_late for o in overdues),
                    "overdue_in_all": overdue_count[engagement_id],
                },
            )
        )
    return found


def review_overdue_message(due: Due) -> Message:
    p = due.params
    values = {
        "engagement": p["engagement"],
        "client": p["client"],
        "date": date_format(due.due_on, "DATE_FORMAT"),
        "reviews": ", ".join(str(ReviewKind(k).label) for k in p["kinds"]),
        "days": p["days_late"],
        "count": p["overdue_in_all"],
    }
    subject = _("Review overdue for %(engagement)s (%(client)s): due on %(date)s") % values
    late = (
        ngettext(
            "%(reviews)s: due on %(date)s, not held, %(days)d day late.",
            "%(reviews)s: due on %(date)s, not held, %(days)d days late.",
            p["days_late"],
        )
        % values
    )
    if p["overdue_in_all"] > len(p["kinds"]):
        late += (
            " "
            + ngettext(
                "%(count)d review of this engagement is overdue in all.",
                "%(count)d reviews of this engagement are overdue in all.",
                p["overdue_in_all"],
            )
            % values
        )
    next_step = _(
        "Set a date with the client and keep to it: the cadence you agreed is what keeps the "
        "partnership on course. Record the review and its minutes once held."
    )
    return Message(
        subject,
        (late, next_step),
        reverse("engagement_detail", kwargs={"engagement_id": due.object_id}),
    )


def register() -> None:
    register_reminder_kind(
        ReminderKind(
            key=REVIEW_OVERDUE,
            label=gettext_lazy("Reviews overdue"),
            find_due=reviews_overdue,
            message=review_overdue_message,
            default=Delivery.DAILY,
        )
    )
