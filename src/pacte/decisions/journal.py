"""The decisions' ledger entries, said in words (see `kernel.journal`). R-NO: the client's
refusals read as what they are."""

from django.utils.translation import gettext as _

from pacte.kernel.journal import register_sentences

from .models import DecisionChoice


def _decision(p, who):
    values = {"who": p.get("decided_by") or who, "title": p["recommendation"]}
    choice = p["decision"]
    if choice == DecisionChoice.ACCEPTED:
        text = _("%(who)s accepted “%(title)s”")
    elif choice == DecisionChoice.REFUSED:
        text = _("%(who)s refused “%(title)s”")
    else:
        text = _("%(who)s put off “%(title)s”")
    text = text % values
    if p.get("via_portal"):
        text = _("%(decision)s in the portal") % {"decision": text}
    if p.get("words"):
        return _("%(decision)s: “%(words)s”") % {"decision": text, "words": p["words"]}
    return text + "."


def register():
    register_sentences(
        {
            "recommendation.made": lambda p, who: (
                _("%(who)s recommended “%(title)s” on “%(engagement)s”.")
                % {"who": who, "title": p["title"], "engagement": p["engagement"]}
            ),
            "decision.recorded": _decision,
            "recommendation.implemented": lambda p, who: (
                _("%(who)s implemented “%(title)s”.") % {"who": who, "title": p["title"]}
            ),
            "recommendation.outcome_recorded": lambda p, who: (
                _("%(who)s recorded what came of “%(title)s”.") % {"who": who, "title": p["title"]}
            ),
        }
    )
