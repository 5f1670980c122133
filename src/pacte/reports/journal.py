"""The reports app's ledger entries, said in words (see `kernel.journal`)."""

from django.utils.translation import gettext as _

from pacte.kernel.journal import register_sentences


def _what(p) -> dict:
    return {
        "engagement": p.get("engagement", ""),
        "start": p.get("period_start", ""),
        "end": p.get("period_end", ""),
    }


def register():
    register_sentences(
        {
            "status_report.generated": lambda p, who: (
                _("%(who)s drafted the status report of “%(engagement)s” (%(start)s to %(end)s).")
                % {"who": who, **_what(p)}
            ),
            "status_report.reviewed": lambda p, who: (
                _("%(who)s reviewed the status report of “%(engagement)s” (%(start)s to %(end)s).")
                % {"who": who, **_what(p)}
            ),
            "status_report.sent": lambda p, who: (
                _(
                    "%(who)s sent the status report of “%(engagement)s” (%(start)s to %(end)s) "
                    "to %(recipients)s."
                )
                % {"who": who, **_what(p), "recipients": ", ".join(p.get("recipients") or [])}
            ),
        }
    )
