"""The engagement lifecycle before the end: an engagement still in draft, one waiting for its
deposit, one started on an owner's written override, and one on hold.
(Closing and termination, which build a handoff plan, are in `handoff.py`.)

Rules it shows:
- R-DEPOSIT: Cabinet Roux Avocats cannot start — its 30 % deposit invoice is five days past
  due and unpaid, and the reminder is journaled; Association Les Amis du Rhône started without
  its deposit because the owner overrode the rule with a written reason, journaled and shown
  on the engagement forever;
- the lifecycle states `draft` (Menuiserie Fabre: no deposit asked yet) and `on_hold`
  (Hôtel du Lac, during the hotel's works), with the hold's reason.

Data: 4 clients, 4 contacts, 4 engagements (draft, awaiting deposit, active by override,
on hold), 2 invoices and 1 payment, 2 exchanges. Hôtel du Lac's assets held by its previous
agency and its takeover checklist come from `assets.py` and `handoff.py`.
"""

from __future__ import annotations

from pacte.engagements.services import engagement_hold, engagement_override_deposit

from . import assets, handoff
from .builder import Builder


def deposit_missing(b: Builder):
    client, _ = b.client(
        "Cabinet Roux Avocats",
        "Paris",
        contacts=[
            (
                "Maître Élise Roux",
                "Associée",
                "e.roux@roux-avocats.example",
                {"for_decisions": True},
            )
        ],
        preferred_channel="email",
        decision_style="committee",
        expectations="Un site sobre, conforme aux règles de la profession.",
    )
    e = b.engagement(client, "Refonte du site du cabinet", "14000.00", deposit_percent=30)
    b.invoice(e, "deposit", "4200.00", issued=20, due=5, number="AC-2026-11")
    b.exchange(
        client,
        6,
        "Relance courtoise pour l'acompte ; le comité se réunit jeudi.",
        engagement=e,
        people="Maître Élise Roux",
    )
    return client


def draft(b: Builder):
    client, _ = b.client(
        "Menuiserie Fabre",
        "Saint-Étienne",
        contacts=[
            ("Jean Fabre", "Artisan", "jean@menuiserie-fabre.example", {"for_decisions": True})
        ],
    )
    b.engagement(client, "Site vitrine et devis en ligne", "4800.00")
    return client


def deposit_overridden(b: Builder):
    client, _ = b.client(
        "Association Les Amis du Rhône",
        "Vienne",
        contacts=[
            ("Nadia Cherif", "Présidente", "nadia@amisdurhone.example", {"for_decisions": True})
        ],
    )
    e = b.engagement(client, "Site des adhérents", "2500.00", deposit_percent=30)
    engagement_override_deposit(
        actor=b.actor,
        engagement_id=e.pk,
        reason="Subvention de la région votée mais pas encore versée ; "
        "association cliente depuis 2021, toujours à jour.",
    )
    b.exchange(client, 4, "Lancement : liste des pages validée.", engagement=e)
    return client


def on_hold(b: Builder):
    """Hôtel du Lac: taken over from another agency, then paused for the hotel's works."""
    client, _ = b.client(
        "Hôtel du Lac",
        "Annecy",
        contacts=[
            ("Bruno Vidal", "Directeur", "direction@hoteldulac.example", {"for_decisions": True})
        ],
    )
    e = b.engagement(
        client,
        "Réservation directe",
        "8900.00",
        deposit_percent=30,
        deposit_paid_days_ago=80,
        starts_days_ago=85,
    )
    assets.held_by_previous_agency(b, client)
    handoff.takeover_checklist(b, client)
    engagement_hold(
        actor=b.actor, engagement_id=e.pk, reason="Travaux de l'hôtel jusqu'en février."
    )
    return client
