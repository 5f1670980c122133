"""The engagements' ledger entries, said in words (see `kernel.journal`)."""

from django.utils.translation import gettext as _

from pacte.kernel.journal import choice_label, register_sentences

from .models import ChangeRequestStatus, EngagementStatus


def _status_changed(p, who):
    values = {
        "who": who,
        "before": choice_label(EngagementStatus, p["from"]),
        "after": choice_label(EngagementStatus, p["to"]),
    }
    if p.get("reason"):
        values["reason"] = p["reason"]
        return (
            _("%(who)s moved the engagement from “%(before)s” to “%(after)s”: “%(reason)s”.")
            % values
        )
    return _("%(who)s moved the engagement from “%(before)s” to “%(after)s”.") % values


def register():
    register_sentences(
        {
            "engagement.created": lambda p, who: (
                _(
                    "%(who)s created the engagement “%(title)s” for %(client)s (%(value)s, deposit "
                    "%(deposit)s)."
                )
                % {
                    "who": who,
                    "title": p["title"],
                    "client": p["client"],
                    "value": p["value"],
                    "deposit": p["deposit_required"],
                }
            ),
            "engagement.status_changed": _status_changed,
            "engagement.deposit_overridden": lambda p, who: (
                _(
                    "%(who)s started the work without the deposit (%(paid)s of %(required)s "
                    "received): “%(reason)s”."
                )
                % {"who": who, "paid": p["paid"], "required": p["required"], "reason": p["reason"]}
            ),
            "change_request.created": lambda p, who: (
                _("%(who)s recorded the change request “%(title)s” on “%(engagement)s”.")
                % {"who": who, "title": p["title"], "engagement": p["engagement"]}
            ),
            "change_request.status_changed": lambda p, who: (
                _("%(who)s moved the change request “%(title)s” from “%(before)s” to “%(after)s”.")
                % {
                    "who": who,
                    "title": p["title"],
                    "before": choice_label(ChangeRequestStatus, p["from"]),
                    "after": choice_label(ChangeRequestStatus, p["to"]),
                }
            ),
        }
    )
