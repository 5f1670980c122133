"""The dashboard's own card: the workspace at a glance. What needs attention today comes
from the apps that know it (their panels of the "attention" group)."""

from pacte.clients.models import Client
from pacte.kernel.panels import Panel, register_panel


def workspace_panel(*, actor, obj, forms):
    return {"client_count": Client.objects.for_actor(actor).count()}


def register():
    register_panel(
        Panel(
            page="dashboard",
            name="workspace",
            order=50,
            template="dashboard/workspace_panel.html",
            context=workspace_panel,
        )
    )
