"""R-DEADLINE on the web: the deadlines page, the member's secret calendar address, and the
iCalendar document behind it."""

from __future__ import annotations

from itertools import groupby

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from pacte.kernel.errors import DomainError, NotFound
from pacte.kernel.permissions import Perm
from pacte.kernel.web import member_view, report_domain_error

from . import feeds
from .schedule import CALENDAR_MONTHS, deadline_calendar, urgency, warning_days


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
