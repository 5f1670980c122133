"""The handoff's and takeover's ledger entries, said in words (see `kernel.journal`)."""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from pacte.kernel.journal import choice_label, register_sentences

from .models import StepKind, StepStatus

TAKEOVER_EVENTS = {
    "takeover.asked": lambda: _("%(who)s asked %(provider)s for “%(what)s”."),
    "takeover.chased": lambda: _("%(who)s chased %(provider)s for “%(what)s”."),
    "takeover.received": lambda: _("%(who)s received “%(what)s” from %(provider)s."),
}


def _takeover(action):
    def sentence(p, who):
        provider = p.get("previous_provider") or _("the previous provider")
        return TAKEOVER_EVENTS[action]() % {"who": who, "provider": provider, "what": p["what"]}

    return sentence


def register():
    register_sentences(
        {
            "handoff.planned": lambda p, who: (
                ngettext(
                    "%(who)s built the handoff plan of “%(engagement)s”: %(count)s step.",
                    "%(who)s built the handoff plan of “%(engagement)s”: %(count)s steps.",
                    len(p["steps"]) if isinstance(p["steps"], list) else int(p["steps"]),
                )
                % {
                    "who": who,
                    "engagement": p["engagement"],
                    "count": len(p["steps"]) if isinstance(p["steps"], list) else p["steps"],
                }
            ),
            "handoff.steps_added": lambda p, who: (
                _("%(who)s added to the handoff plan the steps of newly registered assets.")
                % {"who": who}
            ),
            "handoff.step_changed": lambda p, who: (
                _("%(who)s marked “%(step)s” (%(asset)s) as %(status)s.")
                % {
                    "who": who,
                    "step": choice_label(StepKind, p["step"]),
                    "asset": p.get("asset") or "—",
                    "status": choice_label(StepStatus, p["to"]).lower(),
                }
            ),
            "handoff.call_held": lambda p, who: (
                _("%(who)s recorded the handover call.") % {"who": who}
            ),
            "handoff.closed_with_open_steps": lambda p, who: (
                _("%(who)s closed the engagement with handoff steps still open: “%(reason)s”.")
                % {"who": who, "reason": p["reason"]}
            ),
            **{action: _takeover(action) for action in TAKEOVER_EVENTS},
        }
    )
