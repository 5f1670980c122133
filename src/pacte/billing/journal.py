"""Billing's ledger entries, said in words (see `kernel.journal`)."""

from django.utils.translation import gettext as _

from pacte.kernel.journal import choice_label, register_sentences

from .models import InvoiceKind


def register():
    register_sentences(
        {
            "invoice.created": lambda p, who: (
                _(
                    "%(who)s recorded the %(kind)s invoice %(number)s of %(amount)s on "
                    "“%(engagement)s”."
                )
                % {
                    "who": who,
                    "kind": choice_label(InvoiceKind, p["kind"]).lower(),
                    "number": p.get("number") or "",
                    "amount": p["amount"],
                    "engagement": p["engagement"],
                }
            ),
            "settlement.produced": lambda p, who: (
                (
                    _(
                        "The final settlement of “%(engagement)s” was produced on its "
                        "termination: balance %(balance)s (invoiced %(invoiced)s, paid %(paid)s)."
                    )
                    if p.get("on") == "terminated"
                    else _(
                        "The final settlement of “%(engagement)s” was produced on its closing: "
                        "balance %(balance)s (invoiced %(invoiced)s, paid %(paid)s)."
                    )
                )
                % {
                    "engagement": p["engagement"],
                    "balance": p["balance"],
                    "invoiced": p["invoiced"],
                    "paid": p["paid"],
                }
            ),
            "settlement.write_off": lambda p, who: (
                _("%(who)s wrote off %(amount)s on “%(engagement)s”: %(reason)s")
                % {
                    "who": who,
                    "amount": p["amount"],
                    "engagement": p["engagement"],
                    "reason": p["reason"],
                }
            ),
            "settlement.write_off_deducted": lambda p, who: (
                _(
                    "%(who)s issued the final-balance invoice of “%(engagement)s” at "
                    "%(invoiced)s: %(deducted)s written off before it was deducted from it."
                )
                % {
                    "who": who,
                    "engagement": p["engagement"],
                    "invoiced": p["invoiced"],
                    "deducted": p["deducted"],
                }
            ),
            "settlement.refund": lambda p, who: (
                _("%(who)s recorded a refund of %(amount)s on “%(engagement)s”: %(reason)s")
                % {
                    "who": who,
                    "amount": p["amount"],
                    "engagement": p["engagement"],
                    "reason": p["reason"],
                }
            ),
            "payment.recorded": lambda p, who: (
                _(
                    "%(who)s recorded a payment of %(amount)s on invoice %(invoice)s (%(balance)s "
                    "left to pay)."
                )
                % {
                    "who": who,
                    "amount": p["amount"],
                    "invoice": p["invoice"],
                    "balance": p["balance"],
                }
            ),
        }
    )
