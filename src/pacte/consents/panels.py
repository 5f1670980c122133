"""What the consent register adds to other pages: the client page's consents panel, the
dashboard's consents to renew, and the portal's consents section with its actions."""

from functools import partial

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pacte.clients.panels import PAGE as CLIENT_PAGE
from pacte.kernel.actions import Action, register_action
from pacte.kernel.errors import PermissionDenied
from pacte.kernel.panels import Panel, register_panel
from pacte.kernel.permissions import Perm

from .forms import PortalConsentForm, PortalRevokeForm
from .models import Consent
from .selectors import consent_register, expiring_consents, may_be_named
from .services import consent_record, consent_revoke, portal_decision_contact

PORTAL_HOME = "portal-home"
DASHBOARD = "dashboard"
DASHBOARD_ROWS = 8


def client_consents_panel(*, actor, obj, forms):
    today = timezone.localdate()
    return {
        "scopes": consent_register(actor=actor, client=obj, on=today),
        "may_be_named": may_be_named(obj),
    }


def expiring_panel(*, actor, obj, forms):
    rows = expiring_consents(actor=actor, on=timezone.localdate())
    return {"expiring": rows[:DASHBOARD_ROWS], "more": len(rows) > DASHBOARD_ROWS} if rows else None


def portal_consents_panel(*, actor, obj, forms):
    try:
        portal_decision_contact(actor)
        can_decide = actor.can(Perm.CONSENT_RECORD)
    except PermissionDenied:
        can_decide = False
    return {
        "scopes": consent_register(actor=actor, client=obj, on=timezone.localdate()),
        "can_decide": can_decide,
        "revoke_form": PortalRevokeForm() if can_decide else None,
    }


grant = partial(consent_record, granted=True)
refuse = partial(consent_record, granted=False)


def register():
    register_panel(
        Panel(
            CLIENT_PAGE,
            "consents",
            "consents/panels/client.html",
            client_consents_panel,
            46,
            perm=Perm.INTERNAL_VIEW,
        )
    )
    register_panel(
        Panel(
            DASHBOARD,
            "expiring-consents",
            "consents/panels/expiring.html",
            expiring_panel,
            29,
            perm=Perm.INTERNAL_VIEW,
            group="attention",
        )
    )
    # The portal: the client's people see every scope and, when designated for decisions,
    # grant, refuse and revoke; the row is reached through their own client.
    register_panel(
        Panel(
            PORTAL_HOME,
            "consents",
            "consents/portal/consents.html",
            portal_consents_panel,
            60,
            perm=Perm.CONSENT_VIEW,
        )
    )
    for name, service, success in (
        ("grant-consent", grant, _("Thank you: your consent is recorded.")),
        ("refuse-consent", refuse, _("Your refusal is recorded. We will respect it.")),
    ):
        register_action(
            Action(
                page=PORTAL_HOME,
                name=name,
                perm=Perm.CONSENT_RECORD,
                panel="consents",
                service=service,
                success=success,
                form=PortalConsentForm,
                form_prefix=None,
                object_kw="client_id",
            )
        )
    register_action(
        Action(
            page=PORTAL_HOME,
            name="revoke-consent",
            perm=Perm.CONSENT_RECORD,
            panel="consents",
            service=consent_revoke,
            success=_("Your withdrawal is recorded. We will respect it from today."),
            form=PortalRevokeForm,
            form_prefix=None,
            row_model=Consent,
            row_parent="client",
            row_kw="consent_id",
        )
    )
