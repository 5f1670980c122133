"""What the evidence pack adds to the client page: the link that downloads it."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from pacte.clients.panels import ClientLink, register_client_link
from pacte.kernel.permissions import Perm


def register():
    register_client_link(
        ClientLink(
            "evidence",
            _("Evidence pack"),
            lambda client: reverse("evidence_download", args=[client.pk]),
            order=95,
            perm=Perm.EVIDENCE_EXPORT,
        )
    )
