"""The case studies' ledger entries, said in words (see `kernel.journal`)."""

from django.utils.translation import gettext as _

from pacte.kernel.journal import register_sentences


def _exported(p, who):
    mode = _("named") if p.get("mode") == "named" else _("anonymised")
    return _(
        "%(who)s exported the case study “%(title)s” (%(mode)s, %(format)s, SHA-256 %(sha)s)."
    ) % {
        "who": who,
        "title": p.get("title", ""),
        "mode": mode,
        "format": p.get("format", ""),
        "sha": str(p.get("sha256", ""))[:12],
    }


def register():
    register_sentences(
        {
            "casestudy.created": lambda p, who: (
                _("%(who)s wrote the case study “%(title)s” from “%(engagement)s”.")
                % {"who": who, "title": p.get("title", ""), "engagement": p.get("engagement", "")}
            ),
            "casestudy.exported": _exported,
        }
    )
