"""The support app's ledger entries, said in words (see `kernel.journal`)."""

from django.utils.translation import gettext as _

from pacte.kernel.journal import register_sentences

from .models import SUPPORT_REQUEST_TRANSITIONS, SlaMetric


def _metric(p) -> str:
    try:
        return str(SlaMetric(p["metric"]).label)
    except (KeyError, ValueError):
        return str(p.get("metric", ""))


def _moved(p, who):
    move = SUPPORT_REQUEST_TRANSITIONS.moves.get(p.get("move", ""))
    label = str(move.label) if move else p.get("move", "")
    return _("%(who)s: “%(move)s” on the request “%(summary)s”.") % {
        "who": who,
        "move": label,
        "summary": p.get("summary", ""),
    }


def _opened(p, who):
    if p.get("in_portal"):
        return _("%(who)s opened the request “%(summary)s” in the portal.") % {
            "who": who,
            "summary": p["summary"],
        }
    return _("%(who)s logged the request “%(summary)s” of %(client)s.") % {
        "who": who,
        "summary": p["summary"],
        "client": p.get("client", ""),
    }


def register():
    register_sentences(
        {
            "support_request.opened": _opened,
            "support_request.moved": _moved,
            "sla.proposed": lambda p, who: (
                _("%(who)s proposed an SLA (%(metric)s) to %(client)s.")
                % {"who": who, "metric": _metric(p), "client": p.get("client", "")}
            ),
            "sla.agreed": lambda p, who: (
                (
                    _("%(who)s agreed the SLA (%(metric)s) in the portal.")
                    if p.get("in_portal")
                    else _("%(who)s recorded the agreement on the SLA (%(metric)s).")
                )
                % {"who": who, "metric": _metric(p)}
            ),
            "sla.measured": lambda p, who: (
                _("%(who)s recorded a measured availability of %(value)s %% for %(period)s.")
                % {"who": who, "value": p.get("value_percent"), "period": p.get("period")}
            ),
        }
    )
