"""The workspace's ledger entries, said in words (see `kernel.journal`)."""

from django.utils.dates import WEEKDAYS_ABBR
from django.utils.translation import gettext as _

from pacte.kernel.business_time import WEEKDAYS
from pacte.kernel.journal import choice_label, register_sentences
from pacte.kernel.permissions import Role


def _hours(hours: dict) -> str:
    """ "Mon 09:00-18:00, Tue …", leaving out the days off."""
    return "; ".join(
        f"{WEEKDAYS_ABBR[index]} {hours[key]}"
        for index, key in enumerate(WEEKDAYS)
        if hours.get(key)
    )


def _region(state: dict) -> str:
    return "-".join(part for part in (state["country"], state["subdivision"]) if part)


def register():
    register_sentences(
        {
            "workspace.created": lambda p, who: (
                _("%(who)s created the workspace “%(name)s”.") % {"who": who, "name": p["name"]}
            ),
            "member.added": lambda p, who: (
                _("%(who)s added %(email)s as %(role)s.")
                % {"who": who, "email": p["email"], "role": choice_label(Role, p["role"]).lower()}
            ),
            "member.invited": lambda p, who: (
                _("%(who)s invited %(email)s to join as %(role)s.")
                % {"who": who, "email": p["email"], "role": choice_label(Role, p["role"]).lower()}
            ),
            "member.reinvited": lambda p, who: (
                _("%(who)s sent %(email)s a new invitation, to join as %(role)s.")
                % {"who": who, "email": p["email"], "role": choice_label(Role, p["role"]).lower()}
            ),
            "member.joined": lambda p, who: (
                _("%(email)s accepted the invitation and joined as %(role)s.")
                % {"email": p["email"], "role": choice_label(Role, p["role"]).lower()}
            ),
            "member.invitation_declined": lambda p, who: (
                _("%(email)s declined the invitation.") % {"email": p["email"]}
            ),
            "member.invitation_revoked": lambda p, who: (
                _("%(who)s withdrew the invitation to %(email)s.")
                % {"who": who, "email": p["email"]}
            ),
            "member.role_changed": lambda p, who: (
                _("%(who)s changed the role of %(email)s from %(before)s to %(after)s.")
                % {
                    "who": who,
                    "email": p["email"],
                    "before": choice_label(Role, p["from"]).lower(),
                    "after": choice_label(Role, p["to"]).lower(),
                }
            ),
            "member.removed": lambda p, who: (
                _("%(who)s removed %(email)s from the workspace.")
                % {"who": who, "email": p["email"]}
            ),
            "token.issued": lambda p, who: (
                _("%(who)s issued the API token “%(name)s” (%(prefix)s…).")
                % {"who": who, "name": p["name"], "prefix": p["prefix"]}
            ),
            "token.revoked": lambda p, who: (
                _("%(who)s revoked the API token %(prefix)s….")
                % {"who": who, "prefix": p["prefix"]}
            ),
            "workspace.policy_changed": lambda p, who: (
                _(
                    "%(who)s set the default deposit to %(percent)s %% and the days without news "
                    "to %(days)s."
                )
                % {
                    "who": who,
                    "percent": p["to"]["default_deposit_percent"],
                    "days": p["to"]["silence_days"],
                }
            ),
            "workspace.calendar_changed": lambda p, who: (
                _(
                    "%(who)s set the business hours to %(hours)s, with the public holidays of "
                    "%(region)s."
                )
                % {"who": who, "hours": _hours(p["to"]["hours"]), "region": _region(p["to"])}
            ),
            "closure_day.added": lambda p, who: (
                (
                    _("%(who)s added %(date)s as a closure day: %(label)s.")
                    if p["label"]
                    else _("%(who)s added %(date)s as a closure day.")
                )
                % {"who": who, "date": p["date"], "label": p["label"]}
            ),
            "closure_day.removed": lambda p, who: (
                _("%(who)s removed the closure day of %(date)s.") % {"who": who, "date": p["date"]}
            ),
        }
    )
