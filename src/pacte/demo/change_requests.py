"""The change-request flood: Domaine des Trois Chênes, Beaune, a wine estate that decides by
consensus and whose four contacts all ask for something.

Rules it shows:
- unplanned requests multiply: nine change requests in eighty days, one in every status
  (new, estimated, accepted, billed, refused, absorbed); the three "absorbed" ones, done for
  free, are counted (R-INVEST: unbilled extra work);
- requests from many different contacts, only one of them designated (R-CONTACTS);
- the billed request points at its change-request invoice;
- the scope is frozen in a meeting, with a follow-up date (R-SILENCE).

Data: 1 client, 4 contacts, 1 active engagement (12,000 EUR), 9 change requests, 2 invoices
(deposit, CR-2026-01 not yet due) and 1 payment, 1 exchange.
"""

from __future__ import annotations

from pacte.engagements.services import change_request_create, change_request_move

from .builder import Builder

# (title, index of the contact who asked, final status, estimated hours, estimated amount)
REQUESTS = [
    ("Ajouter une page pour chaque cuvée", 0, "absorbed", "6", "480.00"),
    ("Traduire le site en allemand", 1, "billed", "14", "1120.00"),
    ("Changer la couleur des boutons", 2, "absorbed", "2", "160.00"),
    ("Module de réservation de groupes", 0, "refused", "24", "1920.00"),
    ("Galerie photo des vendanges", 3, "absorbed", "5", "400.00"),
    ("Newsletter mensuelle", 1, "accepted", "8", "640.00"),
    ("Refaire le logo", 2, "new", None, None),
    ("Carte interactive des parcelles", 3, "estimated", "16", "1280.00"),
    ("Boutique de vins en ligne", 0, "new", None, None),
]


def change_request_flood(b: Builder):
    client, contacts = b.client(
        "Domaine des Trois Chênes",
        "Beaune",
        contacts=[
            ("Antoine Lefèvre", "Gérant", "antoine@troischenes.example", {"for_decisions": True}),
            ("Claire Lefèvre", "Marketing", "claire@troischenes.example", {}),
            ("Paul Girard", "Maître de chai", "paul@troischenes.example", {}),
            ("Inès Moreau", "Stagiaire", "ines@troischenes.example", {}),
        ],
        preferred_channel="meeting",
        decision_style="consensus",
    )
    e = b.engagement(
        client,
        "Site œnotourisme et réservation des visites",
        "12000.00",
        deposit_percent=30,
        deposit_paid_days_ago=90,
        starts_days_ago=95,
    )
    billing_invoice = b.invoice(
        e, "change_request", "1120.00", issued=20, due=-10, number="CR-2026-01"
    )
    for n, (title, who, status, hours, amount) in enumerate(REQUESTS):
        change = change_request_create(
            actor=b.actor,
            engagement_id=e.pk,
            title=title,
            requested_on=b.ago(80 - n * 8),
            requested_by_id=contacts[who].pk,
        )
        if status == "new":
            continue
        if hours:
            change_request_move(
                actor=b.actor,
                change_request_id=change.pk,
                to="estimated",
                estimate_hours=hours,
                estimate_amount=amount,
            )
        if status in ("accepted", "billed"):
            change_request_move(actor=b.actor, change_request_id=change.pk, to="accepted")
        if status == "billed":
            change_request_move(
                actor=b.actor,
                change_request_id=change.pk,
                to="billed",
                invoice_id=billing_invoice.pk,
            )
        if status in ("absorbed", "refused"):
            change_request_move(actor=b.actor, change_request_id=change.pk, to=status)
    b.exchange(
        client,
        2,
        "Réunion : on fige le périmètre jusqu'au lancement.",
        engagement=e,
        channel="meeting",
        people="Antoine et Claire Lefèvre",
        follow_up_in=7,
    )
    return client
