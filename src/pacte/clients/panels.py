"""The client page: its object, the links of its header, and the panels and actions the
clients app owns on it (profile, contacts, timeline).

Engagements, billing, decisions, exchanges, assets and portal add their own panels, links
and actions to the same page from their own `panels.py`; this module imports none of them.
The timeline's items come from sources they register in `clients.timeline`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from pacte.kernel.actions import Action, Page, fresh_form, register_action, register_page
from pacte.kernel.panels import Panel, Registry, register_panel
from pacte.kernel.permissions import Perm

from . import selectors, services
from .forms import ContactForm
from .timeline import client_timeline

PAGE = "client"


@dataclass(frozen=True)
class ClientLink:
    """A button in the client page's header, towards another app's page about the client."""

    name: str
    label: Any
    url: Callable[[Any], str] = field(compare=False)  # client -> address
    order: int = 100
    perm: Perm | None = None
    primary: bool = False


client_links: Registry[ClientLink] = Registry("client page link")


def register_client_link(link: ClientLink) -> ClientLink:
    return client_links.add((link.name,), link)


def load_client(*, actor, pk):
    return selectors.client_get(actor=actor, client_id=pk)


def page_context(*, actor, obj):
    links = sorted(client_links.entries(), key=lambda link: (link.order, link.name))
    return {
        "client": obj,
        "links": [
            (link, link.url(obj)) for link in links if link.perm is None or actor.can(link.perm)
        ],
    }


def profile_panel(*, actor, obj, forms):
    return {"client": obj}


def contacts_panel(*, actor, obj, forms):
    return {
        "contacts": selectors.contact_list(actor=actor, client=obj),
        "contact_form": fresh_form(actor, obj, PAGE, "contact", forms)
        if actor.can(Perm.CLIENT_EDIT)
        else None,
    }


def timeline_panel(*, actor, obj, forms):
    return {"timeline": client_timeline(actor=actor, client=obj)}


def register():
    register_page(
        Page(
            name=PAGE,
            load=load_client,
            template="clients/detail.html",
            url_name="client_detail",
            perm=Perm.CLIENT_VIEW,
            context=page_context,
        )
    )
    register_client_link(
        ClientLink(
            "edit",
            _("Edit profile"),
            lambda client: reverse("client_edit", args=[client.pk]),
            order=50,
            perm=Perm.CLIENT_EDIT,
        )
    )
    for panel in (
        Panel(PAGE, "profile", "clients/panels/profile.html", profile_panel, 10),
        Panel(PAGE, "contacts", "clients/panels/contacts.html", contacts_panel, 30),
        Panel(PAGE, "timeline", "clients/panels/timeline.html", timeline_panel, 90),
    ):
        register_panel(panel)
    register_action(
        Action(
            page=PAGE,
            name="contact",
            perm=Perm.CLIENT_EDIT,
            panel="contacts",
            service=services.contact_create,
            success=_("Contact added."),
            form=ContactForm,
            object_kw="client_id",
        )
    )
