"""Evidence on the steps of a conflict case: the client's letter, the minutes of the call
where we listened, the proposal sent. The provider's own file: never shown in the portal."""

from django.utils.translation import gettext_lazy as _

from pacte.attachments.registry import register_attachable
from pacte.kernel.permissions import Perm

from .selectors import conflict_step_get

KIND = "conflicts.conflictstep"


def register():
    register_attachable(
        KIND,
        label=_("Conflict step"),
        find=lambda actor, pk: conflict_step_get(actor=actor, step_id=pk),
        attach_perm=Perm.CONFLICT_EDIT,
        portal_visible=False,
    )
