"""Evidence on the consent register (R-CONSENT): the signed consent, the client's email
saying yes or no, the letter that revokes it. Its SHA-256 goes into the ledger entry of the
consent it supports."""

from django.utils.translation import gettext_lazy as _

from pacte.attachments.registry import register_attachable
from pacte.kernel.permissions import Perm

from .selectors import consent_get

KIND = "consents.consent"


def register():
    register_attachable(
        KIND,
        label=_("Consent"),
        find=lambda actor, pk: consent_get(actor=actor, consent_id=pk),
        # Members attach the evidence they hold; the client's people give or refuse in the
        # portal itself, which is their written word (a portal user may see the files).
        attach_perm=Perm.CLIENT_EDIT,
    )
