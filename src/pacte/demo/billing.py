"""The late payer: Librairie du Parc, Montréal, billed in Canadian dollars.

Rules it shows:
- amounts carry their currency (CAD beside the agency's EUR);
- payment punctuality per client: two progress invoices paid 32 and 41 days late, a third
  28 days overdue with only a partial payment (partial payments happen);
- the deposit was paid before the work started (R-DEPOSIT), so lateness is the signal here
  (health: payment lateness), and the reminder is journaled (R-SILENCE).

Data: 1 client, 1 contact, 1 active engagement (18,000 CAD), 4 invoices (deposit, LP-01 to
LP-03) and 4 payments, 1 exchange.
"""

from __future__ import annotations

from .builder import Builder


def late_payer(b: Builder):
    client, _ = b.client(
        "Librairie du Parc",
        "Montréal",
        contacts=[
            (
                "Marc-André Tremblay",
                "Propriétaire",
                "ma@librairieduparc.example",
                {"for_decisions": True, "for_billing": True},
            )
        ],
        preferred_channel="email",
        report_frequency="fortnightly",
        language="fr",
        notes="Facturation en dollars canadiens.",
    )
    e = b.engagement(
        client,
        "Boutique en ligne et inventaire",
        "18000.00",
        currency="CAD",
        deposit_percent=30,
        deposit_paid_days_ago=160,
        starts_days_ago=170,
    )
    # (issued, due, amount, days late): both paid, weeks after the due date.
    late = [(130, 95, "4000.00", 32), (100, 65, "4000.00", 41)]
    for n, (issued, due, amount, late_by) in enumerate(late, start=1):
        invoice = b.invoice(e, "progress", amount, issued=issued, due=due, number=f"LP-0{n}")
        b.pay(invoice, amount, due - late_by, reference="Virement Interac")
    overdue = b.invoice(e, "progress", "4000.00", issued=60, due=28, number="LP-03")
    b.pay(overdue, "1500.00", 12, reference="Acompte partiel")
    b.exchange(
        client, 4, "Relance pour la facture LP-03, en retard de quatre semaines.", engagement=e
    )
    return client
