"""The dashboard's own cards: what needs attention today, and the workspace at a glance."""

from pacte.clients.models import Client
from pacte.engagements.selectors import attention_today
from pacte.kernel.panels import Panel, register_panel
from pacte.kernel.permissions import Perm


def attention_panel(*, actor, obj, forms):
    return {"attention": attention_today(actor=actor)}


def workspace_panel(*, actor, obj, forms):
    return {"client_count": Client.objects.for_actor(actor).count()}


def register():
    register_panel(
        Panel(
            page="dashboard",
            name="attention",
            order=20,
            template="dashboard/attention_panel.html",
            context=attention_panel,
            perm=Perm.INTERNAL_VIEW,
        )
    )
    register_panel(
        Panel(
            page="dashboard",
            name="workspace",
            order=50,
            template="dashboard/workspace_panel.html",
            context=workspace_panel,
        )
    )
