"""Governance's ledger entries, said in words (see `kernel.journal`)."""

from django.utils.translation import gettext as _

from pacte.kernel.journal import register_sentences

from .models import ProcessLevel, ReviewKind
from .registries import LifecycleStage


def _label(choices, value) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return str(value)


def _cadence(p, who):
    kinds = [_label(ReviewKind, k) for k in p.get("kinds") or ()]
    if not kinds:
        return _("%(who)s switched off the reviews of “%(engagement)s”.") % {
            "who": who,
            "engagement": p["engagement"],
        }
    return _("%(who)s set the reviews of “%(engagement)s”: %(kinds)s, from %(date)s.") % {
        "who": who,
        "engagement": p["engagement"],
        "kinds": ", ".join(kinds),
        "date": p["from"],
    }


def register():
    register_sentences(
        {
            "review_cadence.set": _cadence,
            "review.recorded": lambda p, who: (
                _("%(who)s recorded a review (%(kind)s) of %(date)s on “%(engagement)s”.")
                % {
                    "who": who,
                    "kind": _label(ReviewKind, p["kind"]),
                    "date": p["held_on"],
                    "engagement": p["engagement"],
                }
            ),
            "review.minutes_updated": lambda p, who: (
                _("%(who)s updated the minutes of the review of %(date)s on “%(engagement)s”.")
                % {"who": who, "date": p["held_on"], "engagement": p["engagement"]}
            ),
            "stage.confirmed": lambda p, who: (
                _("%(who)s confirmed the stage of the relationship with %(client)s: %(stage)s.")
                % {"who": who, "client": p["client"], "stage": _label(LifecycleStage, p["stage"])}
            ),
            "process.assessed": lambda p, who: (
                _("%(who)s assessed how %(client)s documents its processes: %(level)s.")
                % {"who": who, "client": p["client"], "level": _label(ProcessLevel, p["level"])}
            ),
        }
    )
