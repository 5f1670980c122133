"""Evidence on exchanges (the email as sent, the letter received). Members only, like the
journal itself."""

from django.utils.translation import gettext_lazy as _

from pacte.attachments.registry import register_attachable
from pacte.kernel.permissions import Perm

from .selectors import exchange_get

KIND = "exchanges.exchange"


def register():
    register_attachable(
        KIND,
        label=_("Exchange"),
        find=lambda actor, pk: exchange_get(actor=actor, exchange_id=pk),
        attach_perm=Perm.EXCHANGE_LOG,
        portal_visible=False,
    )
