"""Evidence on the consent register (R-CONSENT): the signed consent, the client's email
saying yes or no, the letter that revokes it. Its SHA-256 goes into the ledger entry of the
consent it supports."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from pacte.attachments.registry import register_attachable
from pacte.attachments.selectors import logo_of
from pacte.kernel.permissions import Perm

from .selectors import consent_get, register_logo_source

KIND = "consents.consent"


def logo_urls(actor, clients) -> dict[int, str]:
    """Where the reference list finds each client's logo: the latest image attached to the
    client as its logo, served to whoever may read the list. One query."""
    return {
        client_id: reverse("attachment_download", args=[attachment.pk]) + "?inline=1"
        for client_id, attachment in logo_of(
            actor=actor, client_ids=[c.pk for c in clients]
        ).items()
    }


def register():
    register_attachable(
        KIND,
        label=_("Consent"),
        find=lambda actor, pk: consent_get(actor=actor, consent_id=pk),
        # Members attach the evidence they hold; the client's people give or refuse in the
        # portal itself, which is their written word (a portal user may see the files).
        attach_perm=Perm.CLIENT_EDIT,
    )
    register_logo_source("attachments", logo_urls)
