"""The risk that occurred: Ferme des Quatre Saisons, Bourg-en-Bresse, selling vegetable boxes
online.

Rules it shows:
- the risk register: a risk announced to the client the day after signing, with likelihood,
  impact and mitigation; when it occurs it becomes a situation with options proposed to the
  client (two here), awaiting their decision;
- a second risk still open (product photos late), not yet announced;
- the call that proposed the options, with a follow-up in three days (R-SILENCE).

Data: 1 client, 1 contact, 1 active engagement (6,400 EUR), 1 invoice and 1 payment (the
deposit), 2 risks (one occurred, one open), 1 exchange.
"""

from __future__ import annotations

from pacte.risks.services import risk_create, risk_occur

from .builder import Builder


def occurred_risk(b: Builder):
    client, _ = b.client(
        "Ferme des Quatre Saisons",
        "Bourg-en-Bresse",
        contacts=[
            (
                "Mathilde Roche",
                "Exploitante",
                "mathilde@4saisons.example",
                {"for_decisions": True, "for_billing": True},
            )
        ],
        preferred_channel="call",
    )
    e = b.engagement(
        client,
        "Vente de paniers en ligne",
        "6400.00",
        deposit_percent=30,
        deposit_paid_days_ago=45,
        starts_days_ago=50,
    )
    risk = risk_create(
        actor=b.actor,
        engagement_id=e.pk,
        description="Le prestataire de paiement refuse l'activité agricole",
        likelihood="low",
        impact="high",
        mitigation="Deux prestataires de secours identifiés.",
        announced_on=b.ago(44),
    )
    risk_occur(
        actor=b.actor,
        risk_id=risk.pk,
        occurred_on=b.ago(3),
        options="A : passer au prestataire B (2 jours, sans surcoût). "
        "B : paiement à la livraison le temps de négocier.",
    )
    risk_create(
        actor=b.actor,
        engagement_id=e.pk,
        description="Retard des photos des produits",
        likelihood="high",
        impact="medium",
    )
    b.exchange(
        client,
        2,
        "Appel : le prestataire de paiement a refusé, deux options proposées.",
        engagement=e,
        channel="call",
        people="Mathilde Roche",
        follow_up_in=3,
    )
    return client
