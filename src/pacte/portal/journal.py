"""The portal's ledger entries, said in words (see `kernel.journal`)."""

from django.utils.translation import gettext as _

from pacte.kernel.journal import register_sentences


def register():
    register_sentences(
        {
            "portal_user.added": lambda p, who: (
                _("%(who)s invited %(email)s to the client portal of %(client)s.")
                % {"who": who, "email": p["email"], "client": p["client"]}
            ),
        }
    )
