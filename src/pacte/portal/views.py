from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from pacte.deadlines.feeds import calendar_feed_create, calendar_feed_revoke
from pacte.handoff.dossier import dossier_zip
from pacte.kernel.actions import action_view, get_page, render_page
from pacte.kernel.errors import DomainError
from pacte.kernel.office import attachment, download_name
from pacte.kernel.panels import build_panels, page_reads
from pacte.kernel.permissions import Perm
from pacte.kernel.web import portal_view, report_domain_error

from .panels import ASSETS_PAGE, DEADLINES_PAGE, HANDOFF_PAGE, PAGE
from .selectors import portal_dossier_engagement


@portal_view()
def home(request):
    """The portal home: the panels engagements, billing and decisions register for it."""
    page = get_page(PAGE)
    return render_page(request, page, page.load(actor=request.actor, pk=None))


def _own_page(request, name: str, **extra):
    page = get_page(name)
    actor = request.actor
    obj = page.load(actor=actor, pk=None)
    if not extra:
        return render_page(request, page, obj)
    with page_reads():
        panels = build_panels(page.name, actor=actor, obj=obj)
    return render(request, page.template, {"object": obj, "page": page, "panels": panels, **extra})


@require_safe
@portal_view(Perm.OPERATIONS_VIEW)
def assets(request):
    """The client's assets: who owns, pays and holds each one (R-OWN)."""
    return _own_page(request, ASSETS_PAGE)


@require_safe
@portal_view(Perm.OPERATIONS_VIEW)
def deadlines(request):
    """The client's cancel-by dates, their calendar address and renewal reminders."""
    return _own_page(request, DEADLINES_PAGE)


@require_safe
@portal_view(Perm.OPERATIONS_VIEW)
def handoff(request):
    """The handoff of the client's engagements that are closing or ended."""
    return _own_page(request, HANDOFF_PAGE)


@require_safe
@portal_view(Perm.OPERATIONS_VIEW)
def handoff_dossier_zip(request, engagement_id: int):
    """The handoff dossier of one of the client's engagements, once it is closing or ended;
    another client's, or a running one, answers 404."""
    actor = request.actor
    engagement = portal_dossier_engagement(actor=actor, engagement_id=engagement_id)
    content = dossier_zip(actor=actor, engagement=engagement)
    return attachment(
        content, ext="zip", filename=download_name(engagement.client, "handoff-dossier", "zip")
    )


@require_POST
@portal_view(Perm.CALENDAR_FEED)
def deadline_feed_create(request):
    """A new secret calendar address, shown once (the members' mechanism, scoped by the
    portal actor to their client's dates)."""
    try:
        _feed, raw = calendar_feed_create(actor=request.actor)
    except DomainError as exc:
        report_domain_error(request, None, exc)
        return redirect("portal:deadlines")
    messages.success(request, _("Your calendar address is ready. Any earlier one stopped working."))
    url = request.build_absolute_uri(reverse("deadline_calendar", args=[raw]))
    return _own_page(request, DEADLINES_PAGE, calendar_url=url)


@require_POST
@portal_view(Perm.CALENDAR_FEED)
def deadline_feed_revoke(request):
    try:
        revoked = calendar_feed_revoke(actor=request.actor)
    except DomainError as exc:
        report_domain_error(request, None, exc)
    else:
        if revoked:
            messages.success(request, _("Your calendar address was revoked: it no longer works."))
        else:
            messages.info(request, _("You had no calendar address."))
    return redirect("portal:deadlines")


@portal_view(Perm.DECISION_RECORD)
def decide(request, recommendation_id: int):
    """The client answers a recommendation in the portal: their own written record. The
    recommendation is reached through their client: another client's answers 404."""
    return action_view(request, PAGE, request.actor.client_id, "decide", recommendation_id)


def portal_action(request, action: str, row_id: int | None = None):
    """An action another area registered on the portal home, on the portal user's client."""
    return action_view(request, PAGE, None, action, row_id)


def deadlines_action(request, action: str):
    """An action on the deadlines page (subscribing to renewal reminders)."""
    return action_view(request, DEADLINES_PAGE, None, action)
