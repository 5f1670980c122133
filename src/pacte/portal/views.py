from django.shortcuts import render

from pacte.clients.selectors import client_get
from pacte.core.web import portal_view

from .selectors import provider_contacts


@portal_view()
def home(request):
    actor = request.actor
    return render(
        request,
        "portal/home.html",
        {
            "client": client_get(actor=actor, client_id=actor.client_id),
            "contacts": provider_contacts(actor=actor),
        },
    )
