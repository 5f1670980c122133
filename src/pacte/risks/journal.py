"""The risks' ledger entries, said in words (see `kernel.journal`)."""

from django.utils.translation import gettext as _

from pacte.kernel.journal import register_sentences


def register():
    register_sentences(
        {
            "risk.registered": lambda p, who: (
                _("%(who)s registered the risk “%(risk)s”.") % {"who": who, "risk": p["risk"]}
            ),
            "risk.announced": lambda p, who: (
                _("%(who)s recorded that the client was told of the risk “%(risk)s”.")
                % {"who": who, "risk": p["risk"]}
            ),
            "risk.occurred": lambda p, who: (
                _("%(who)s recorded that the risk “%(risk)s” happened, and put it to the client.")
                % {"who": who, "risk": p["risk"]}
            ),
            "risk.closed": lambda p, who: (
                _("%(who)s closed the risk “%(risk)s”.") % {"who": who, "risk": p["risk"]}
            ),
        }
    )
