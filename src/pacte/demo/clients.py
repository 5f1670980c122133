"""The healthy partnership: Boulangerie Martin, Lyon, the client every other story is measured
against, and the one whose manager has a portal login.

Rules it shows when they are kept:
- the client profile ("shared culture"): preferred channel, report frequency, decision style,
  expectations and notes, with designated contacts for decisions, billing and operations
  (R-CONTACTS);
- a retainer started only once its 25 % deposit was paid (R-DEPOSIT), then three progress
  invoices all paid on time;
- advice accepted in the client's own words and implemented (R-NO, the happy side);
- regular outbound news with a follow-up date (R-SILENCE);
- a risk announced to the client two months ahead (risk register).

Data: 1 client, 2 contacts, 1 active retainer (9,600 EUR), 4 invoices and 4 payments, 2
recommendations (one accepted and implemented, one awaiting decision), 2 exchanges, 1 open
risk. Its asset registry is in `assets.py`.
"""

from __future__ import annotations

from pacte.risks.services import risk_create

from .builder import Builder


def healthy_partnership(b: Builder):
    client, _contacts = b.client(
        "Boulangerie Martin",
        "Lyon",
        contacts=[
            (
                "Hélène Martin",
                "Gérante",
                "helene@boulangerie-martin.example",
                {"for_decisions": True, "for_billing": True},
            ),
            (
                "Karim Haddad",
                "Responsable boutique",
                "karim@boulangerie-martin.example",
                {"for_operations": True},
            ),
        ],
        preferred_channel="call",
        report_frequency="monthly",
        decision_style="single",
        expectations="Des commandes en ligne qui marchent le samedi matin, sans surprise.",
        notes="Cliente depuis 2022. Préfère un appel court à un long courriel.",
    )
    e = b.engagement(
        client,
        "Maintenance du site et commande en ligne",
        "9600.00",
        kind="retainer",
        deposit_percent=25,
        deposit_paid_days_ago=200,
        starts_days_ago=210,
    )
    for n, days in enumerate((150, 90, 30), start=1):
        invoice = b.invoice(
            e, "progress", "2400.00", issued=days + 30, due=days, number=f"FA-2026-0{n}"
        )
        b.pay(invoice, "2400.00", days + 2)
    b.advice(
        e,
        120,
        "Passer les paiements en ligne sur un prestataire certifié",
        "Le module actuel n'est plus maintenu.",
        risk="Fuite de données de carte.",
        decision="accepted",
        decided_by="Hélène Martin",
        words="D'accord, on le fait avant les fêtes.",
        implemented=True,
    )
    b.advice(
        e,
        6,
        "Ajouter le retrait en boutique au créneau de 7 h",
        "Un tiers des commandes du samedi arrivent avant 8 h.",
    )
    b.exchange(
        client,
        3,
        "Point mensuel : chiffres de novembre et préparation de Noël.",
        engagement=e,
        channel="call",
        people="Hélène Martin",
        follow_up_in=14,
    )
    b.exchange(
        client,
        20,
        "Question sur la facture d'octobre.",
        channel="email",
        direction="inbound",
        people="Hélène Martin",
    )
    risk_create(
        actor=b.actor,
        engagement_id=e.pk,
        description="Pic de commandes à Noël au-delà de la capacité du serveur",
        likelihood="medium",
        impact="high",
        mitigation="Montée en charge testée début décembre.",
        announced_on=b.ago(60),
    )
    return client
