"""Review minutes as files (the signed minutes, the slides shown). Members only, like the
review page."""

from django.utils.translation import gettext_lazy as _

from pacte.attachments.registry import register_attachable
from pacte.kernel.permissions import Perm

from .selectors import review_get

KIND = "governance.review"


def register():
    register_attachable(
        KIND,
        label=_("Review"),
        find=lambda actor, pk: review_get(actor=actor, review_id=pk),
        attach_perm=Perm.REVIEW_EDIT,
        portal_visible=False,
    )
