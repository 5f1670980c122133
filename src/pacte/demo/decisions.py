"""Refused advice: Clinique vétérinaire des Alpes, Annecy, whose director says no.

Rules it shows:
- R-NO: the client's "no" is respected and kept on record: off-site backups and a security
  update refused, each with the announced risk and the client's own words; a refused
  recommendation cannot be marked as done;
- a refusal is final until the client reverses it: two-factor authentication, refused, then
  accepted after an incident (both decisions stay in the history);
- the monthly report reminds the client of the refused risks (R-SILENCE).

Data: 1 client, 1 contact, 1 active engagement (7,500 EUR), 1 invoice and 1 payment (the
deposit), 3 recommendations with 4 decisions, 1 exchange.
"""

from __future__ import annotations

from pacte.decisions.services import recommendation_decide

from .builder import Builder


def refused_advice(b: Builder):
    client, _ = b.client(
        "Clinique vétérinaire des Alpes",
        "Annecy",
        contacts=[
            (
                "Dr Sophie Blanc",
                "Directrice",
                "s.blanc@clinique-alpes.example",
                {"for_decisions": True},
            )
        ],
        preferred_channel="email",
        decision_style="single",
    )
    e = b.engagement(
        client,
        "Hébergement et prise de rendez-vous",
        "7500.00",
        deposit_percent=40,
        deposit_paid_days_ago=120,
        starts_days_ago=125,
    )
    b.advice(
        e,
        100,
        "Sauvegardes hors site, chez la clinique",
        "Les sauvegardes sont sur le même serveur que le site.",
        risk="Perte des rendez-vous en cas de panne.",
        decision="refused",
        decided_by="Dr Sophie Blanc",
        words="Trop cher pour l'instant, on verra l'an prochain.",
    )
    b.advice(
        e,
        70,
        "Mettre à jour le module de rendez-vous",
        "Version vulnérable publiée le mois dernier.",
        risk="Intrusion.",
        decision="refused",
        decided_by="Dr Sophie Blanc",
        words="Pas pendant la saison des vaccins.",
    )
    reversed_rec = b.advice(
        e,
        60,
        "Double authentification pour l'accès administrateur",
        "Trois comptes partagent le même mot de passe.",
        decision="refused",
        decided_by="Dr Sophie Blanc",
        words="Trop contraignant pour l'équipe.",
    )
    # The reversal: only the client can lift its own "no".
    recommendation_decide(
        actor=b.actor,
        recommendation_id=reversed_rec.pk,
        decision="accepted",
        decided_by="Dr Sophie Blanc",
        note="Après l'incident de la semaine dernière, allez-y.",
        decided_on=b.ago(15),
    )
    b.exchange(
        client, 5, "Compte rendu mensuel envoyé, avec le rappel des risques refusés.", engagement=e
    )
    return client
