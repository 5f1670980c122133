"""Files on a client: letters, signed documents, and its logo (purpose "logo")."""

from django.utils.translation import gettext_lazy as _

from pacte.attachments.registry import register_attachable
from pacte.kernel.permissions import Perm

from .selectors import client_get

KIND = "clients.client"


def register():
    register_attachable(
        KIND,
        label=_("Client"),
        find=lambda actor, pk: client_get(actor=actor, client_id=pk),
        attach_perm=Perm.CLIENT_EDIT,
        logo=True,
        # Letters about the client and its logo are the provider's file: the client's people
        # see the files of the records they share (decisions, consents, handoff steps).
        portal_visible=False,
    )
