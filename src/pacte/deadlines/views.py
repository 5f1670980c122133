"""R-DEADLINE on the web: the deadlines page, the member's secret calendar address, and the
iCalendar document behind it."""

from __future__ import annotations

import datetime as dt
from itertools import groupby

from dateutil.relativedelta import relativedelta
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe

from pacte.kernel.charts import StripMonth, month_label, month_strip, most_urgent
from pacte.kernel.errors import DomainError, NotFound
from pacte.kernel.permissions import Perm
from pacte.kernel.web import member_view, report_domain_error

from . import feeds
from .schedule import CALENDAR_MONTHS, deadline_calendar, strip_level, urgency, warning_days


def month_anchor(month: dt.date) -> str:
    """The id of a month's section on the deadlines page."""
    return f"month-{month:%Y-%m}"


def strip_legend(thresholds) -> list[tuple[str, str]]:
    """What each colour of the strip means, with the workspace's thresholds: (class, text)."""
    nearest_first = sorted(thresholds)
    legend = [
        (
            "bad",
            ngettext(
                "Passed or within %(days)d day", "Passed or within %(days)d days", nearest_first[0]
            )
            % {"days": nearest_first[0]},
        )
    ]
    for level, days in zip(("warn", "info"), nearest_first[1:3], strict=False):
        if level == "info" and len(nearest_first) < 3:
            break
        legend.append(
            (level, ngettext("Within %(days)d day", "Within %(days)d days", days) % {"days": days})
        )
    legend.append(("neutral", _("Later")))
    return legend


def deadline_strip(occurrences, *, today: dt.date, thresholds, months: int = CALENDAR_MONTHS):
    """The 12-month strip above the calendar: how many cancel-by dates fall in each month,
    coloured by the most urgent, each month leading to its section. The missed dates come
    first in a cell of their own, as on the page; a month past the twelfth shows only when
    dates fall in it (the window ends twelve months from today, not on a month's end)."""
    first = today.replace(day=1)
    by_month: dict[dt.date, list[str]] = {}
    missed = []
    for o in occurrences:
        level = strip_level(o.missed, o.days_left, thresholds)
        if o.missed:
            missed.append(level)
        else:
            by_month.setdefault(o.cancel_by.replace(day=1), []).append(level)
    cells = []
    if missed:
        cells.append(
            StripMonth(
                label=_("Passed"),
                short="!",
                count=len(missed),
                level="bad",
                href="#missed",
                full_label=_("Cancel-by date passed"),
            )
        )
    shown = [first + relativedelta(months=i) for i in range(months)]
    shown += sorted(m for m in by_month if m > shown[-1])
    for month in shown:
        levels = by_month.get(month, [])
        cells.append(
            StripMonth(
                label=month_label(month),
                short=month_label(month)[:1].upper(),
                count=len(levels),
                level=most_urgent(levels),
                href=f"#{month_anchor(month)}",
                full_label=date_format(month, "F Y").capitalize(),
            )
        )
    total = len(occurrences)
    desc = ngettext(
        "%(count)d cancel-by date from %(first)s to %(last)s, %(missed)d passed.",
        "%(count)d cancel-by dates from %(first)s to %(last)s, %(missed)d passed.",
        total,
    ) % {
        "count": total,
        "first": date_format(shown[0], "F Y"),
        "last": date_format(shown[-1], "F Y"),
        "missed": len(missed),
    }
    return month_strip(
        cells,
        title=_("Cancel-by dates per month"),
        desc=desc,
        columns=(_("Month"), _("Cancel-by dates")),
        ident="deadline-strip",
    )


def _deadlines_page(request, *, calendar_url: str = ""):
    actor = request.actor
    today = timezone.localdate()
    thresholds = warning_days(actor.workspace)
    occurrences = deadline_calendar(actor=actor, months=CALENDAR_MONTHS, today=today)
    # Missed cancel-by dates first, under their own heading, then month by month.
    groups = [
        {
            "missed": key == "missed",
            "month": None if key == "missed" else key,
            "anchor": "missed" if key == "missed" else month_anchor(key),
            "rows": [{"occurrence": o, "level": urgency(o, thresholds)} for o in rows],
        }
        for key, rows in groupby(
            occurrences, key=lambda o: "missed" if o.missed else o.cancel_by.replace(day=1)
        )
    ]
    return render(
        request,
        "deadlines/deadlines.html",
        {
            "groups": groups,
            "strip": deadline_strip(occurrences, today=today, thresholds=thresholds),
            "strip_legend": strip_legend(thresholds),
            "count": len(occurrences),
            "missed_count": sum(1 for o in occurrences if o.missed),
            "months": CALENDAR_MONTHS,
            "thresholds": thresholds,
            "feed": feeds.calendar_feed_of(actor=actor) if actor.can(Perm.CALENDAR_FEED) else None,
            "calendar_url": calendar_url,
        },
    )


@member_view(Perm.CLIENT_VIEW)
def deadlines(request):
    return _deadlines_page(request)


@require_POST
@member_view(Perm.CALENDAR_FEED)
def deadline_feed_create(request):
    try:
        _feed, raw = feeds.calendar_feed_create(actor=request.actor)
    except DomainError as exc:
        report_domain_error(request, None, exc)
        return redirect("deadlines")
    messages.success(request, _("Your calendar address is ready. Any earlier one stopped working."))
    # Shown once, like an API token: only its fingerprint is kept.
    url = request.build_absolute_uri(reverse("deadline_calendar", args=[raw]))
    return _deadlines_page(request, calendar_url=url)


@require_POST
@member_view(Perm.CALENDAR_FEED)
def deadline_feed_revoke(request):
    try:
        revoked = feeds.calendar_feed_revoke(actor=request.actor)
    except DomainError as exc:
        report_domain_error(request, None, exc)
    else:
        if revoked:
            messages.success(request, _("Your calendar address was revoked: it no longer works."))
        else:
            messages.info(request, _("You had no calendar address."))
    return redirect("deadlines")


@require_safe
def deadline_calendar_ics(request, secret: str):
    """No sign-in: calendar applications only know the address. An unknown or revoked
    address is simply not found."""
    try:
        body = feeds.calendar_for_secret(secret)
    except NotFound:
        raise Http404() from None
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="pacte-deadlines.ics"'
    # The address is a secret: keep it and its content out of shared caches and indexes.
    response["Cache-Control"] = "private, max-age=0, must-revalidate"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
