from django.shortcuts import render

from pacte.engagements.selectors import engagement_get
from pacte.kernel.actions import action_view, get_page, render_page
from pacte.kernel.office import attachment, download_name
from pacte.kernel.permissions import Perm
from pacte.kernel.web import member_view

from .dossier import dossier_get, dossier_zip
from .pages import HANDOFF, TAKEOVER


@member_view(Perm.ENGAGEMENT_VIEW)
def handoff(request, engagement_id: int):
    """The handoff page: the call, the progress, the close, and every step."""
    page = get_page(HANDOFF)
    return render_page(request, page, page.load(actor=request.actor, pk=engagement_id))


def handoff_step(request, engagement_id: int, step_id: int):
    return action_view(request, HANDOFF, engagement_id, "step", step_id)


def handoff_call(request, engagement_id: int, plan_id: int):
    return action_view(request, HANDOFF, engagement_id, "call", plan_id)


def handoff_close(request, engagement_id: int):
    return action_view(request, HANDOFF, engagement_id, "close")


# The handoff dossier (DOMAIN §6): a printable page and a zip of office files.


@member_view(Perm.CLIENT_VIEW)
def handoff_dossier(request, engagement_id: int):
    actor = request.actor
    engagement = engagement_get(actor=actor, engagement_id=engagement_id)
    dossier = dossier_get(actor=actor, engagement=engagement)
    return render(request, "handoff/dossier.html", {"d": dossier, "engagement": engagement})


@member_view(Perm.CLIENT_VIEW)
def handoff_dossier_zip(request, engagement_id: int):
    actor = request.actor
    engagement = engagement_get(actor=actor, engagement_id=engagement_id)
    content = dossier_zip(actor=actor, engagement=engagement)
    return attachment(
        content, ext="zip", filename=download_name(engagement.client, "handoff-dossier", "zip")
    )


@member_view(Perm.CLIENT_VIEW)
def takeover(request, client_id: int):
    """The takeover checklist: what to recover from the previous provider, dated."""
    page = get_page(TAKEOVER)
    return render_page(request, page, page.load(actor=request.actor, pk=client_id))


def takeover_create(request, client_id: int):
    return action_view(request, TAKEOVER, client_id, "new")


def takeover_event(request, client_id: int, item_id: int):
    return action_view(request, TAKEOVER, client_id, "event", item_id)
