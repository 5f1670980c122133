"""R-DEADLINE's ledger entries, said in words (see `kernel.journal`)."""

from django.utils.translation import gettext as _

from pacte.kernel.journal import register_sentences


def register():
    register_sentences(
        {
            "calendar_feed.created": lambda p, who: (
                _("%(who)s created their calendar feed of cancel-by dates.") % {"who": who}
            ),
            "calendar_feed.revoked": lambda p, who: (
                _("%(who)s revoked their calendar feed.") % {"who": who}
            ),
        }
    )
