"""What support adds to other pages: the client page's requests and service levels, the
engagement page's service levels, and the portal home's requests and SLAs, with their
actions."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from pacte.clients.panels import PAGE as CLIENT_PAGE
from pacte.clients.selectors import contact_list
from pacte.engagements.panels import PAGE as ENGAGEMENT_PAGE
from pacte.engagements.panels import client_engagements
from pacte.kernel.actions import Action, fresh_form, register_action, row_form
from pacte.kernel.panels import Panel, once_per_page, register_panel
from pacte.kernel.permissions import Perm

from .contacts import client_requesters
from .forms import AgreeForm, MeasurementForm, PortalRequestForm, SlaForm, SupportRequestForm
from .models import Sla, SlaMetric
from .selectors import (
    breaches_of,
    compliance_of_slas,
    recent_breaches,
    slas_for_page,
    support_request_list,
)
from .services import sla_agree, sla_measurement_record, sla_propose, support_request_open

PORTAL_HOME = "portal-home"
# Requests shown on the client page (the list page has them all).
RECENT = 10
PORTAL_RECENT = 20


def page_contacts(actor, client):
    """The client's contacts, read once per page (the exchange form offers them too)."""
    return once_per_page(
        client, "contact-choices", lambda: list(contact_list(actor=actor, client=client))
    )


def _request_form_kwargs(actor, client, posted):
    kwargs = {
        "engagements": client_engagements(actor, client),
        "contacts": page_contacts(actor, client),
    }
    if not posted:
        kwargs["initial"] = {"channel": client.preferred_channel or "email"}
    return kwargs


def client_slas(actor, client) -> list[Sla]:
    """Every SLA of the client, its engagements' included, read once per page (the request
    flags and the service levels both use them)."""
    return once_per_page(
        client,
        "slas",
        lambda: list(
            Sla.objects.for_actor(actor)
            .filter(client=client)
            .select_related("engagement")
            .order_by("metric", "pk")
        ),
    )


def client_requests_panel(*, actor, obj, forms):
    rows = list(support_request_list(actor=actor, client=obj)[:RECENT])
    breaches = breaches_of(actor=actor, requests=rows, slas=client_slas(actor, obj))
    return {
        "rows": [(r, breaches.get(r.pk, [])) for r in rows],
        "requesters": client_requesters(
            actor=actor, client=obj, contacts=page_contacts(actor, obj)
        ),
        "all_url": reverse("client_requests", args=[obj.pk]),
        "form": fresh_form(actor, obj, CLIENT_PAGE, "support-request", forms)
        if actor.can(Perm.SUPPORT_REQUEST_OPEN)
        else None,
    }


def _service_levels(actor, obj, forms, *, page, client, engagement):
    if engagement is None:
        slas = [s for s in client_slas(actor, client) if s.engagement_id is None]
    else:
        slas = slas_for_page(actor=actor, client=client, engagement=engagement)
    compliance = compliance_of_slas(actor=actor, slas=slas)
    url_name = "engagement_row_action" if page == ENGAGEMENT_PAGE else "client_row_action"
    rows = []
    for sla in slas:
        # Actions on a row go through the page it belongs to: the engagement's own SLAs
        # here, the client's on the client page.
        own = sla.engagement_id == (engagement.pk if engagement else None)
        agree = (
            row_form(actor, obj, page, "agree-sla", forms, sla.pk)
            if own and not sla.is_agreed and actor.can(Perm.SLA_AGREE)
            else None
        )
        measure = (
            row_form(actor, obj, page, "sla-measurement", forms, sla.pk)
            if own and sla.metric == SlaMetric.AVAILABILITY and actor.can(Perm.SLA_EDIT)
            else None
        )
        rows.append(
            {
                "sla": sla,
                "compliance": compliance[sla.pk],
                "agree_form": agree,
                "agree_url": reverse(url_name, args=[obj.pk, "agree-sla", sla.pk]),
                "measure_form": measure,
                "measure_url": reverse(url_name, args=[obj.pk, "sla-measurement", sla.pk]),
            }
        )
    action_name = "engagement_action" if page == ENGAGEMENT_PAGE else "client_action"
    return {
        "rows": rows,
        "form": fresh_form(actor, obj, page, "sla", forms) if actor.can(Perm.SLA_EDIT) else None,
        "form_url": reverse(action_name, args=[obj.pk, "sla"]),
        "level": "engagement" if engagement is not None else "client",
    }


def engagement_service_levels_panel(*, actor, obj, forms):
    return _service_levels(
        actor, obj, forms, page=ENGAGEMENT_PAGE, client=obj.client, engagement=obj
    )


def client_service_levels_panel(*, actor, obj, forms):
    return _service_levels(actor, obj, forms, page=CLIENT_PAGE, client=obj, engagement=None)


# --- The portal -----------------------------------------------------------------------------


def portal_requests_panel(*, actor, obj, forms):
    return {
        "requests": list(support_request_list(actor=actor, client=obj)[:PORTAL_RECENT]),
        "form": fresh_form(actor, obj, PORTAL_HOME, "open-request", forms)
        if actor.can(Perm.SUPPORT_REQUEST_OPEN)
        else None,
    }


def portal_slas_panel(*, actor, obj, forms):
    slas = client_slas(actor, obj)
    compliance = compliance_of_slas(actor=actor, slas=slas)
    return {
        "rows": [(sla, compliance[sla.pk]) for sla in slas],
        "can_agree": actor.can(Perm.SLA_AGREE),
    }


def breaches_panel(*, actor, obj, forms):
    """The dashboard: requests of the last 30 days over an agreed SLA's target."""
    found = recent_breaches(actor=actor)
    return {"breaches": found} if found else None


def register():
    register_panel(
        Panel(
            "dashboard",
            "sla-breaches",
            "support/panels/dashboard_breaches.html",
            breaches_panel,
            25,
            perm=Perm.INTERNAL_VIEW,
            group="attention",
        )
    )
    register_panel(
        Panel(
            CLIENT_PAGE,
            "support-requests",
            "support/panels/client_requests.html",
            client_requests_panel,
            45,
            perm=Perm.CLIENT_VIEW,
        )
    )
    register_action(
        Action(
            page=CLIENT_PAGE,
            name="support-request",
            perm=Perm.SUPPORT_REQUEST_OPEN,
            panel="support-requests",
            service=support_request_open,
            success=_("Request logged."),
            form=SupportRequestForm,
            form_kwargs=_request_form_kwargs,
            object_kw="client_id",
        )
    )
    for page, context, order, parent, object_kw in (
        (ENGAGEMENT_PAGE, engagement_service_levels_panel, 55, "engagement", "engagement_id"),
        (CLIENT_PAGE, client_service_levels_panel, 46, "client", "client_id"),
    ):
        register_panel(
            Panel(
                page,
                "service-levels",
                "support/panels/service_levels.html",
                context,
                order,
                perm=Perm.CLIENT_VIEW,
            )
        )
        register_action(
            Action(
                page=page,
                name="sla",
                perm=Perm.SLA_EDIT,
                panel="service-levels",
                service=sla_propose,
                success=_("SLA recorded."),
                form=SlaForm,
                object_kw=object_kw,
            )
        )
        register_action(
            Action(
                page=page,
                name="agree-sla",
                perm=Perm.SLA_AGREE,
                panel="service-levels",
                service=sla_agree,
                success=_("The agreement is recorded."),
                form=AgreeForm,
                row_model=Sla,
                row_parent=parent,
                row_kw="sla_id",
            )
        )
        register_action(
            Action(
                page=page,
                name="sla-measurement",
                perm=Perm.SLA_EDIT,
                panel="service-levels",
                service=sla_measurement_record,
                success=_("Measurement recorded."),
                form=MeasurementForm,
                row_model=Sla,
                row_parent=parent,
                row_kw="sla_id",
            )
        )
    # The portal: the client's people see their requests and SLAs, open a request and
    # agree a proposal; the row is reached through their own client (another's answers 404).
    register_panel(
        Panel(
            PORTAL_HOME,
            "requests",
            "support/portal/requests.html",
            portal_requests_panel,
            30,
            perm=Perm.OPERATIONS_VIEW,
        )
    )
    register_panel(
        Panel(
            PORTAL_HOME,
            "slas",
            "support/portal/slas.html",
            portal_slas_panel,
            35,
            perm=Perm.OPERATIONS_VIEW,
        )
    )
    register_action(
        Action(
            page=PORTAL_HOME,
            name="open-request",
            perm=Perm.SUPPORT_REQUEST_OPEN,
            panel="requests",
            service=support_request_open,
            success=_("Your request is sent. We will get back to you."),
            form=PortalRequestForm,
            form_prefix=None,
            object_kw="client_id",
        )
    )
    register_action(
        Action(
            page=PORTAL_HOME,
            name="agree-sla",
            perm=Perm.SLA_AGREE,
            panel="slas",
            service=sla_agree,
            success=_("Thank you: your agreement is recorded."),
            row_model=Sla,
            row_parent="client",
            row_kw="sla_id",
        )
    )
