"""The end of an engagement and the start of one taken from someone else: the handoff plan
built on closing and on termination, and the takeover checklist.

Rules it shows:
- handoff plan: when an engagement moves to `closing` or is terminated, the plan is built from
  the client's asset registry (R-OWN). Cave coopérative de Tain has nothing registered, its
  final balance is paid, so its empty plan lets it close cleanly. Garage Rapid'Auto, sold,
  ends its engagement with 30 days' notice: the plan lists, per asset, the steps to hand back
  its ad account (in our name), domain and email alias;
- final settlement (solde de tout compte), produced on closing and on termination: the cave's
  is settled (deposit and final balance paid); the garage's, billed by the hour at 60 EUR,
  shows 19 h 30 logged (1,170.00) against the 900.00 deposit: 270.00 not invoiced yet, the
  final-balance invoice to issue;
- `closed` only once the handoff is complete (the close gate), `terminated` with who ended
  it, when, why and the notice given;
- takeover checklist: what to recover from Hôtel du Lac's previous agency, Agence Pixel Sud,
  when it was asked and every unanswered chase, dated (evidence when a provider stalls).

Data: 2 clients, 2 contacts, 2 engagements (closed, terminated) with their handoff plans and
settlements, 3 invoices and 3 payments, 3 time entries on the garage's; the garage's 3 assets
(from `assets.py`); 4 takeover items with 3 chases for Hôtel du Lac.
"""

from __future__ import annotations

from pacte.engagements.services import time_entry_log
from pacte.handoff.services import (
    engagement_close,
    engagement_start_closing,
    engagement_terminate,
    takeover_item_create,
    takeover_record,
)

from . import assets
from .builder import Builder

# (asset kind, what to recover, asked so many days ago or never, chases since)
TAKEOVER = [
    ("domain", "Code de transfert du domaine hoteldulac-annecy.fr", 34, 2),
    ("code_repository", "Sources du site et du module de réservation", 34, 1),
    ("backup_location", "Dernières sauvegardes de la base clients", 20, 0),
    ("analytics", "Accès administrateur aux statistiques", None, 0),
]


def takeover_checklist(b: Builder, hotel):
    """What Hôtel du Lac's previous agency still has to hand over, chased every ten days."""
    for kind, what, asked, chases in TAKEOVER:
        item = takeover_item_create(
            actor=b.actor,
            client_id=hotel.pk,
            kind=kind,
            what=what,
            previous_provider="Agence Pixel Sud",
            asked_on=b.ago(asked) if asked else None,
        )
        for n in range(chases):
            takeover_record(
                actor=b.actor,
                item_id=item.pk,
                event="chased",
                on=b.ago(asked - 10 * (n + 1)),
                note="Relance par courriel, sans réponse.",
            )


def closed(b: Builder):
    """Cave coopérative de Tain: final balance paid, closing, closed."""
    client, _ = b.client(
        "Cave coopérative de Tain",
        "Tain-l'Hermitage",
        contacts=[
            (
                "Louise Arnaud",
                "Responsable communication",
                "louise@cave-tain.example",
                {"for_decisions": True},
            )
        ],
    )
    e = b.engagement(
        client,
        "Campagne des vendanges",
        "5200.00",
        deposit_percent=50,
        deposit_paid_days_ago=150,
        starts_days_ago=155,
    )
    final = b.invoice(e, "final_balance", "2600.00", issued=70, due=40, number="FS-2026-04")
    b.pay(final, "2600.00", 42)
    engagement_start_closing(actor=b.actor, engagement_id=e.pk)
    engagement_close(actor=b.actor, engagement_id=e.pk)
    return client


def terminated(b: Builder):
    """Garage Rapid'Auto: sold, the client ends the engagement; its registry is registered
    first so that the handoff plan has steps."""
    client, _ = b.client(
        "Garage Rapid'Auto",
        "Villeurbanne",
        contacts=[("Yann Morel", "Gérant", "yann@rapidauto.example", {"for_decisions": True})],
    )
    e = b.engagement(
        client,
        "Publicité locale",
        "3000.00",
        kind="time_and_materials",
        hourly_rate="60.00",
        deposit_percent=30,
        deposit_paid_days_ago=100,
        starts_days_ago=105,
    )
    # Billed by the hour and never invoiced beyond the deposit: 19 h 30 at 60 EUR = 1,170.00,
    # less the 900.00 deposit: 270.00 left to invoice in the final settlement.
    for days_ago, minutes, what in (
        (90, 480, "Campagnes locales : mise en place et ciblage"),
        (60, 420, "Optimisation des annonces et rapport mensuel"),
        (25, 270, "Bilan de fin de campagne"),
    ):
        time_entry_log(
            actor=b.actor,
            engagement_id=e.pk,
            worked_on=b.ago(days_ago),
            minutes=minutes,
            description=what,
        )
    assets.garage_assets(b, client)
    engagement_terminate(
        actor=b.actor,
        engagement_id=e.pk,
        terminated_by="client",
        reason="Le garage a été vendu ; le repreneur a son prestataire.",
        terminated_on=b.ago(10),
        notice_days=30,
    )
    return client
