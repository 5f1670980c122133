from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pacte.clients.selectors import client_get
from pacte.decisions.services import recommendation_decide
from pacte.kernel.permissions import Perm
from pacte.kernel.web import portal_view, run_form_action

from .forms import PortalDecisionForm
from .selectors import portal_overview, provider_contacts


@portal_view()
def home(request):
    actor = request.actor
    return render(
        request,
        "portal/home.html",
        {
            "client": client_get(actor=actor, client_id=actor.client_id),
            "contacts": provider_contacts(actor=actor),
            "decision_form": PortalDecisionForm(),
            **portal_overview(actor=actor),
        },
    )


@require_POST
@portal_view(Perm.DECISION_RECORD)
def decide(request, recommendation_id: int):
    """The client answers a recommendation in the portal: their own written record."""
    run_form_action(
        request,
        PortalDecisionForm(request.POST),
        recommendation_decide,
        recommendation_id=recommendation_id,
        success=_("Your decision is recorded. Thank you."),
    )
    return redirect("portal:home")
