"""The conflicts app's ledger entries, said in words (see `kernel.journal`)."""

from django.utils.translation import gettext as _

from pacte.kernel.journal import register_sentences

from .models import ConflictStatus


def _state(value) -> str:
    try:
        return str(ConflictStatus(value).label)
    except ValueError:
        return str(value or "")


def register():
    register_sentences(
        {
            "conflict.opened": lambda p, who: (
                _("%(who)s opened the conflict “%(summary)s” with %(client)s.")
                % {"who": who, "summary": p.get("summary", ""), "client": p.get("client", "")}
            ),
            "conflict.moved": lambda p, who: (
                _("%(who)s: the conflict “%(summary)s” is now “%(state)s”.")
                % {"who": who, "summary": p.get("summary", ""), "state": _state(p.get("to"))}
            ),
        }
    )
