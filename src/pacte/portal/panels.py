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
from pacte.deadlines.feeds import calendar_feed_of
from pacte.kernel.actions import Action, Page, fresh_form, register_action, register_page
from pacte.kernel.panels import Panel, register_panel
from pacte.kernel.permissions import Perm

from .forms import PortalAccessForm, PortalRightsForm, RenewalRemindersForm
from .models import PortalUser
from .selectors import (
    own_access,
    portal_assets,
    portal_deadlines,
    portal_handoffs,
    portal_overview,
    portal_users_of,
    provider_contacts,
)
from .services import portal_renewal_reminders_set, portal_user_create, portal_user_rights_set

PAGE = "portal-home"
ASSETS_PAGE = "portal-assets"
DEADLINES_PAGE = "portal-deadlines"
HANDOFF_PAGE = "portal-handoff"


def load_own_client(*, actor, pk):
    """The portal user's own client, whatever id was asked for: the portal has one client."""
    return client_get(actor=actor, client_id=actor.client_id)


def provider_panel(*, actor, obj, forms):
    return {"contacts": provider_contacts(actor=actor)}


def _rights_form(access: PortalUser, forms: dict):
    """The rights of one portal user, as they stand, or as just posted with errors."""
    if forms.get("portal-rights") is not None and forms.get("row_id") == access.pk:
        return forms["portal-rights"]
    return PortalRightsForm(
        initial={name: getattr(access, name) for name in ("finance", "operations", "decisions")},
        auto_id=f"id_rights{access.pk}_%s",
    )


def _rights_labels(access: PortalUser) -> list[str]:
    fields = PortalRightsForm.base_fields
    return [str(fields[name].label) for name in fields if getattr(access, name)]


def portal_access_panel(*, actor, obj, forms):
    manage = actor.can(Perm.PORTAL_USER_MANAGE)
    return {
        "portal_users": [
            (access, _rights_labels(access), _rights_form(access, forms) if manage else None)
            for access in portal_users_of(actor=actor, client=obj)
        ],
        "portal_form": fresh_form(actor, obj, CLIENT_PAGE, "portal-access", forms)
        if manage
        else None,
    }


# --- The portal's own pages -------------------------------------------------------------------


def overview_panel(*, actor, obj, forms):
    overview = portal_overview(actor=actor)
    return {"overview": overview} if overview.deadlines is not None else None


def assets_panel(*, actor, obj, forms):
    return {"assets": portal_assets(actor=actor, client=obj)}


def deadlines_panel(*, actor, obj, forms):
    return {"deadlines": portal_deadlines(actor=actor)}


def calendar_panel(*, actor, obj, forms):
    access = own_access(actor=actor)
    posted = forms.get("renewal-reminders")
    return {
        "feed": calendar_feed_of(actor=actor),
        "reminders_form": posted
        or RenewalRemindersForm(initial={"subscribed": access.renewal_reminders}),
        "subscribed": access.renewal_reminders,
    }


def handoff_panel(*, actor, obj, forms):
    return {"handoffs": portal_handoffs(actor=actor)}


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
    register_panel(Panel(PAGE, "overview", "portal/panels/overview.html", overview_panel, 5))
    for name, template, url_name in (
        (ASSETS_PAGE, "portal/assets.html", "portal:assets"),
        (DEADLINES_PAGE, "portal/deadlines.html", "portal:deadlines"),
        (HANDOFF_PAGE, "portal/handoff.html", "portal:handoff"),
    ):
        register_page(
            Page(
                name=name,
                load=load_own_client,
                template=template,
                url_name=url_name,
                perm=Perm.OPERATIONS_VIEW,
                audience="portal",
            )
        )
    register_panel(Panel(ASSETS_PAGE, "assets", "portal/panels/assets.html", assets_panel, 10))
    register_panel(
        Panel(DEADLINES_PAGE, "deadlines", "portal/panels/deadlines.html", deadlines_panel, 10)
    )
    register_panel(
        Panel(DEADLINES_PAGE, "calendar", "portal/panels/calendar.html", calendar_panel, 20)
    )
    register_panel(Panel(HANDOFF_PAGE, "handoff", "portal/panels/handoff.html", handoff_panel, 10))
    register_action(
        Action(
            page=DEADLINES_PAGE,
            name="renewal-reminders",
            perm=Perm.OPERATIONS_VIEW,
            panel="calendar",
            service=portal_renewal_reminders_set,
            success=_("Your choice is saved."),
            form=RenewalRemindersForm,
            form_prefix=None,
        )
    )
    register_action(
        Action(
            page=CLIENT_PAGE,
            name="portal-rights",
            perm=Perm.PORTAL_USER_MANAGE,
            panel="portal-access",
            service=portal_user_rights_set,
            success=_("Portal rights saved."),
            form=PortalRightsForm,
            form_prefix=None,
            row_model=PortalUser,
            row_parent="client",
            row_kw="portal_user_id",
        )
    )
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
