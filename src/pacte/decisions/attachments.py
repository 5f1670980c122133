"""Evidence on recommendations and decisions (a signed refusal, the client's letter)."""

from django.utils.translation import gettext_lazy as _

from pacte.attachments.registry import register_attachable
from pacte.kernel.permissions import Perm

from .selectors import recommendation_get

KIND = "decisions.recommendation"


def register():
    register_attachable(
        KIND,
        label=_("Recommendation"),
        find=lambda actor, pk: recommendation_get(actor=actor, recommendation_id=pk),
        attach_perm=Perm.RECOMMENDATION_EDIT,
    )
