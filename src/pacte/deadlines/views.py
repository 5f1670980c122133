"""R-DEADLINE on the web: the deadlines page, the member's secret calendar address, and the
iCalendar document behind it."""

from __future__ import annotations

import datetime as dt

from dateutil.relativedelta import relativedelta
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe

from pacte.kernel.charts import StripMonth, month_label, month_strip
from pacte.kernel.errors import DomainError, NotFound
from pacte.kernel.permissions import Perm
from pacte.kernel.web import member_view, report_domain_error

from . import feeds
from .months import MISSED, Bucket
from .schedule import CALENDAR_MONTHS, strip_level, urgency, warning_days
from .selectors import deadline_months

PER_PAGE = 100  # rows of a month's page
MISSED_PREVIEW = 10  # passed cancel-by dates shown above the current month


def month_param(month: dt.date) -> str:
    """How a month is named in the page's address: ?month=2027-03."""
    return f"{month:%Y-%m}"


def month_href(key) -> str:
    return f"?month={MISSED if key == MISSED else month_param(key)}"


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


def strip_months(buckets: dict, *, today: dt.date, months: int = CALENDAR_MONTHS) -> list:
    """The months the strip shows: twelve from today's, and the thirteenth when dates fall
    in it (the window ends twelve months from today, not on a month's end)."""
    first = today.replace(day=1)
    shown = [first + relativedelta(months=i) for i in range(months)]
    return shown + sorted(m for m in buckets if m != MISSED and m > shown[-1])


def summarise(occurrences) -> dict:
    """{MISSED or month: Bucket} of a list of occurrences (as `MonthCalendar.buckets`)."""
    found: dict = {}
    for o in occurrences:
        key = MISSED if o.missed else o.cancel_by.replace(day=1)
        count, first = found.get(key, (0, None))
        found[key] = (count + 1, o.cancel_by if first is None else min(first, o.cancel_by))
    return {key: Bucket(count, first) for key, (count, first) in found.items()}


def deadline_strip(occurrences, *, today: dt.date, thresholds, months: int = CALENDAR_MONTHS):
    """The strip of a list of occurrences (a test's, or a small calendar's)."""
    return strip_of(summarise(occurrences), today=today, thresholds=thresholds, months=months)


def strip_of(buckets: dict, *, today: dt.date, thresholds, months: int = CALENDAR_MONTHS):
    """The 12-month strip above the calendar: how many cancel-by dates fall in each month,
    coloured by the most urgent (its earliest date), each month leading to its page. The
    missed dates come first in a cell of their own."""
    cells = []
    missed = buckets.get(MISSED)
    if missed:
        cells.append(
            StripMonth(
                label=_("Passed"),
                short="!",
                count=missed.count,
                level="bad",
                href=month_href(MISSED),
                full_label=_("Cancel-by date passed"),
            )
        )
    shown = strip_months(buckets, today=today, months=months)
    for month in shown:
        bucket = buckets.get(month)
        cells.append(
            StripMonth(
                label=month_label(month),
                short=month_label(month)[:1].upper(),
                count=bucket.count if bucket else 0,
                level=strip_level(False, (bucket.first - today).days, thresholds) if bucket else "",
                href=month_href(month),
                full_label=date_format(month, "F Y").capitalize(),
            )
        )
    total = sum(b.count for b in buckets.values())
    desc = ngettext(
        "%(count)d cancel-by date from %(first)s to %(last)s, %(missed)d passed.",
        "%(count)d cancel-by dates from %(first)s to %(last)s, %(missed)d passed.",
        total,
    ) % {
        "count": total,
        "first": date_format(shown[0], "F Y"),
        "last": date_format(shown[-1], "F Y"),
        "missed": missed.count if missed else 0,
    }
    return month_strip(
        cells,
        title=_("Cancel-by dates per month"),
        desc=desc,
        columns=(_("Month"), _("Cancel-by dates")),
        ident="deadline-strip",
    )


def _chosen_month(request, shown: list):
    """The month of ?month= (one of `shown`), MISSED, or None for the first view; None
    too, with a message, for a month the page does not show."""
    raw = request.GET.get("month", "")
    if not raw:
        return None
    if raw == MISSED:
        return MISSED
    try:
        month = dt.datetime.strptime(raw, "%Y-%m").date()
    except ValueError:
        month = None
    if month not in shown:
        messages.warning(
            request,
            _("There is no page for that month: choose one from %(first)s to %(last)s.")
            % {
                "first": date_format(shown[0], "F Y"),
                "last": date_format(shown[-1], "F Y"),
            },
        )
        return None
    return month


def _rows(page_rows, thresholds):
    return [{"occurrence": o, "level": urgency(o, thresholds)} for o in page_rows]


def _deadlines_page(request, *, calendar_url: str = ""):
    actor = request.actor
    today = timezone.localdate()
    thresholds = warning_days(actor.workspace)
    calendar = deadline_months(actor=actor, months=CALENDAR_MONTHS, today=today)
    buckets = calendar.buckets()
    shown = strip_months(buckets, today=today)
    chosen = _chosen_month(request, shown)
    # By default this month, or the first month with a date when this one has none left.
    key = chosen or next((m for m in shown if m in buckets), shown[0])
    page = Paginator(calendar.rows(key), PER_PAGE).get_page(request.GET.get("page"))
    missed = buckets.get(MISSED)
    # The first view leads with what can no longer be stopped, then this month.
    preview = (
        _rows(calendar.rows(MISSED)[:MISSED_PREVIEW], thresholds)
        if chosen is None and missed
        else []
    )
    months = [MISSED, *shown] if missed or key == MISSED else shown
    at = months.index(key)
    return render(
        request,
        "deadlines/deadlines.html",
        {
            "key": key,
            "is_missed": key == MISSED,
            "month": None if key == MISSED else key,
            "page": page,
            "rows": _rows(page.object_list, thresholds),
            "preview": preview,
            "previous": months[at - 1] if at > 0 else None,
            "next": months[at + 1] if at + 1 < len(months) else None,
            "previous_href": month_href(months[at - 1]) if at > 0 else "",
            "next_href": month_href(months[at + 1]) if at + 1 < len(months) else "",
            "strip": strip_of(buckets, today=today, thresholds=thresholds),
            "strip_legend": strip_legend(thresholds),
            "count": sum(b.count for b in buckets.values()),
            "missed_count": missed.count if missed else 0,
            "missed_href": month_href(MISSED),
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
