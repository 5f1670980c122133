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
