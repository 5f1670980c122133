"""The portal home, and what the portal adds to the client page (who may sign in).

The portal home is a page of the client's own people: its object is the portal user's
client, and engagements, billing and decisions register its panels (their engagements, the
invoices to pay, the decisions waiting for them). Nothing of the provider's own (notes,
silence, unannounced risks, override reasons) is on it: each panel shows only what is
meant for the client.
"""

from django.utils.translation import gettext_lazy as _

from pacte.clients.panels import PAGE as CLIENT_PAGE
from pacte.clients.selectors import client_get
from pacte.kernel.actions import Action, Page, fresh_form, register_action, register_page
from pacte.kernel.panels import Panel, register_panel
from pacte.kernel.permissions import Perm

from .forms import PortalAccessForm
from .selectors import portal_users_of, provider_contacts
from .services import portal_user_create

PAGE = "portal-home"


def load_own_client(*, actor, pk):
    """The portal user's own client, whatever id was asked for: the portal has one client."""
    return client_get(actor=actor, client_id=actor.client_id)


def provider_panel(*, actor, obj, forms):
    return {"contacts": provider_contacts(actor=actor)}


def portal_access_panel(*, actor, obj, forms):
    return {
        "portal_users": portal_users_of(actor=actor, client=obj),
        "portal_form": fresh_form(actor, obj, CLIENT_PAGE, "portal-access", forms)
        if actor.can(Perm.PORTAL_USER_MANAGE)
        else None,
    }


def register():
    register_page(
        Page(
            name=PAGE,
            load=load_own_client,
            template="portal/home.html",
            url_name="portal:home",
            perm=Perm.PORTAL_VIEW,
            audience="portal",
        )
    )
    register_panel(Panel(PAGE, "provider", "portal/panels/provider.html", provider_panel, 50))
    register_panel(
        Panel(
            CLIENT_PAGE,
            "portal-access",
            "portal/panels/portal_access.html",
            portal_access_panel,
            40,
        )
    )
    register_action(
        Action(
            page=CLIENT_PAGE,
            name="portal-access",
            perm=Perm.PORTAL_USER_MANAGE,
            panel="portal-access",
            service=portal_user_create,
            success=_("Invitation sent: they will choose their password by email."),
            form=PortalAccessForm,
            form_prefix="portal",
            object_kw="client_id",
        )
    )
