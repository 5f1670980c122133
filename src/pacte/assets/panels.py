"""What assets add to the client page: the way to the client's assets (R-OWN)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from pacte.clients.panels import ClientLink, register_client_link


def register():
    register_client_link(
        ClientLink(
            "assets",
            _("Assets"),
            lambda client: reverse("client_assets", args=[client.pk]),
            order=10,
        )
    )
