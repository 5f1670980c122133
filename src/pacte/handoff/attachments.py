"""Evidence on handoff steps (the transfer confirmation, the backup receipt)."""

from django.utils.translation import gettext_lazy as _

from pacte.attachments.registry import register_attachable
from pacte.kernel.permissions import Perm

from .selectors import handoff_step_get

KIND = "handoff.handoffstep"


def register():
    register_attachable(
        KIND,
        label=_("Handoff step"),
        find=lambda actor, pk: handoff_step_get(actor=actor, step_id=pk),
        attach_perm=Perm.HANDOFF_EDIT,
    )
