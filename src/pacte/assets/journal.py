"""The asset registry's ledger entries, said in words (see `kernel.journal`)."""

from django.utils.translation import gettext as _

from pacte.kernel.journal import choice_label, register_sentences

from .models import AssetKind


def register():
    register_sentences(
        {
            "asset.registered": lambda p, who: (
                _("%(who)s registered the %(kind)s “%(identifier)s” of %(client)s.")
                % {
                    "who": who,
                    "kind": choice_label(AssetKind, p["kind"]).lower(),
                    "identifier": p["identifier"],
                    "client": p["client"],
                }
            ),
            "asset.control_changed": lambda p, who: (
                _("%(who)s changed who owns, pays for or administers “%(identifier)s”.")
                % {"who": who, "identifier": p["identifier"]}
            ),
        }
    )
