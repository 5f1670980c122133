"""The playbook's advice, shown beside the form of the next step (DOMAIN §3), taken from the
article "Comment sauver ta peau lors d'un conflit client": ask when the cause is unclear;
listen first; stay calm; propose solutions; ask when to call back. Keyed by the state the case
is in: the advice is for what comes next."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from .models import ConflictStatus

S = ConflictStatus

ADVICE = {
    S.OPENED: (
        _("Find the cause first"),
        _(
            "Before any explanation, identify what caused the clash. If you do not know why, "
            "ask the client plainly: the question opens the dialogue. Without the cause, any "
            "discussion is hot air."
        ),
    ),
    S.CAUSE_IDENTIFIED: (
        _("Listen first"),
        _(
            "Let the client speak, without interrupting, and write down what they want: nine "
            "times out of ten they had a different idea of what you offered. Where bad faith "
            "is the cause, ask yourself whether the conflict can be solved at all."
        ),
    ),
    S.LISTENING: (
        _("Stay calm"),
        _(
            "Even under unfair attacks, stay calm: wait until the client has finished, then "
            "answer each point calmly but firmly. Calm is not giving in. As soon as you see "
            "an opening, propose your solution."
        ),
    ),
    S.SOLUTION_PROPOSED: (
        _("Propose, then ask when to call back"),
        _(
            "Put your solution simply, once, without piling on arguments. If the client needs "
            "time to think, ask when you may call back to hear their decision, and note that "
            "date."
        ),
    ),
    S.AWAITING_DECISION: (
        _("Call back on the agreed date"),
        _(
            "If the client accepts, make sure no new conflict follows soon. If they refuse, "
            "listen again or propose another solution. If you were wrong, swallow your pride "
            "and apologise. If nothing convinces them and you are in the right, or you can no "
            "longer work together, end the engagement and negotiate a clean exit."
        ),
    ),
    S.RESOLVED: (
        _("Keep the peace"),
        _("Watch that no new conflict arises in the weeks to come: communicate even more."),
    ),
    S.APOLOGISED: (
        _("Keep the peace"),
        _("You owned your mistake. Show in the weeks to come that it will not happen again."),
    ),
    S.EXIT: (
        _("Leave by the front door"),
        _(
            "Negotiate a clean exit: the final settlement and the handoff are on each "
            "terminated engagement's page. Money can start a new conflict: keep to the facts."
        ),
    ),
}


def advice_for(status: str) -> tuple[str, str] | None:
    found = ADVICE.get(status)
    return (str(found[0]), str(found[1])) if found else None
