"""The consent register's ledger entries, said in words (see `kernel.journal`)."""

from django.utils.translation import gettext as _

from pacte.kernel.journal import register_sentences

from .models import ConsentScope


def _scope(p) -> str:
    try:
        return str(ConsentScope(p.get("scope")).label)
    except ValueError:
        return str(p.get("scope"))


def register():
    register_sentences(
        {
            "consent.granted": lambda p, who: (
                _("%(who)s recorded that %(client)s grants “%(scope)s” from %(date)s.")
                % {"who": who, "client": p["client"], "scope": _scope(p), "date": p["on"]}
            ),
            "consent.refused": lambda p, who: (
                _("%(who)s recorded that %(client)s refuses “%(scope)s” (%(date)s).")
                % {"who": who, "client": p["client"], "scope": _scope(p), "date": p["on"]}
            ),
            "consent.revoked": lambda p, who: (
                _("%(who)s recorded that %(client)s withdrew “%(scope)s” from %(date)s.")
                % {"who": who, "client": p["client"], "scope": _scope(p), "date": p["on"]}
            ),
            "references.exported": lambda p, who: (
                _("%(who)s exported the reference list (%(count)s clients).")
                % {"who": who, "count": len(p.get("clients") or ())}
            ),
        }
    )
