from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pacte.clients.selectors import client_get
from pacte.engagements.selectors import engagement_get
from pacte.handoff.services import (
    engagement_close,
)
from pacte.kernel.office import attachment, download_name
from pacte.kernel.permissions import Perm
from pacte.kernel.web import member_view, run_form_action

from . import selectors, services
from .dossier import dossier_get, dossier_zip
from .forms import CallForm, CloseForm, StepForm, TakeoverEventForm, TakeoverForm
from .models import HandoffStep


@member_view(Perm.ENGAGEMENT_VIEW)
def handoff(request, engagement_id: int):
    actor = request.actor
    engagement = engagement_get(actor=actor, engagement_id=engagement_id)
    return render(
        request,
        "handoff/handoff.html",
        {
            "engagement": engagement,
            "h": selectors.handoff_for(actor=actor, engagement=engagement),
            "call_form": CallForm(),
            "close_form": CloseForm(),
            "step_statuses": HandoffStep._meta.get_field("status").choices,
        },
    )


@require_POST
@member_view(Perm.HANDOFF_EDIT)
def handoff_step(request, engagement_id: int, step_id: int):
    run_form_action(
        request,
        StepForm(request.POST),
        services.handoff_step_update,
        step_id=step_id,
        success=_("Step updated."),
    )
    return redirect("handoff", engagement_id=engagement_id)


@require_POST
@member_view(Perm.HANDOFF_EDIT)
def handoff_call(request, engagement_id: int, plan_id: int):
    run_form_action(
        request,
        CallForm(request.POST),
        services.handoff_call_held,
        plan_id=plan_id,
        success=_("The handover call is on record."),
    )
    return redirect("handoff", engagement_id=engagement_id)


@require_POST
@member_view(Perm.ENGAGEMENT_EDIT)
def handoff_close(request, engagement_id: int):
    run_form_action(
        request,
        CloseForm(request.POST),
        engagement_close,
        engagement_id=engagement_id,
        success=_("The engagement is closed."),
    )
    return redirect("handoff", engagement_id=engagement_id)


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
    actor = request.actor
    client = client_get(actor=actor, client_id=client_id)
    return render(
        request,
        "handoff/takeover.html",
        {
            "client": client,
            "rows": selectors.takeover_list(actor=actor, client=client),
            "form": TakeoverForm(),
            "event_form": TakeoverEventForm(),
            "chase_after": selectors.CHASE_AFTER_DAYS,
        },
    )


@require_POST
@member_view(Perm.HANDOFF_EDIT)
def takeover_create(request, client_id: int):
    run_form_action(
        request,
        TakeoverForm(request.POST),
        services.takeover_item_create,
        client_id=client_id,
        success=_("Added to the checklist."),
    )
    return redirect("takeover", client_id=client_id)


@require_POST
@member_view(Perm.HANDOFF_EDIT)
def takeover_event(request, client_id: int, item_id: int):
    run_form_action(
        request,
        TakeoverEventForm(request.POST),
        services.takeover_record,
        item_id=item_id,
        success=_("Recorded, with its date."),
    )
    return redirect("takeover", client_id=client_id)
