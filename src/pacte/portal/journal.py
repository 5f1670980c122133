"""The portal's ledger entries, said in words (see `kernel.journal`)."""

from django.utils.translation import gettext as _

from pacte.kernel.journal import register_sentences


def register():
    register_sentences(
        {
            "portal_user.added": lambda p, who: (
                _("%(who)s invited %(email)s to the client portal of %(client)s.")
                % {"who": who, "email": p["email"], "client": p["client"]}
            ),
            "portal_user.rights_changed": lambda p, who: (
                _(
                    "%(who)s set the portal rights of %(email)s (%(client)s): finance "
                    "%(finance)s, operations %(operations)s, decisions %(decisions)s."
                )
                % {
                    "who": who,
                    "email": p["email"],
                    "client": p["client"],
                    "finance": _yes_no(p.get("finance")),
                    "operations": _yes_no(p.get("operations")),
                    "decisions": _yes_no(p.get("decisions")),
                }
            ),
            "portal_user.reminders_changed": lambda p, who: (
                (
                    _("%(who)s subscribed to renewal reminders.")
                    if p.get("subscribed")
                    else _("%(who)s unsubscribed from renewal reminders.")
                )
                % {"who": who}
            ),
        }
    )


def _yes_no(value) -> str:
    return _("yes") if value else _("no")
