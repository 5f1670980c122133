"""Governing the partnership (DOMAIN §4): three stories from the article on the five stages of
a technology partnership.

- `mature_partnership`: Fonderie Delorme, Lyon, a client for eighteen years like the article's
  longest partnership ("18 ans avec le même client"): a maintenance contract started eighteen
  years ago, a quarterly strategic committee held every quarter of the last year with both
  sides present, a monthly tactical review, invoices paid on time, advice accepted, news sent,
  an email alias on the client's domain, processes documented;
  the stage confirmed "maturity" with a note. Pacte suggests maturity too (rule `maturity`).
- `power_struggle`: Cabinet Ravel Avocats, Bordeaux, three months in: two recommendations
  refused at the first tactical reviews and one put off (R-NO: each refusal on record).
  Pacte suggests a power struggle (rule `power_struggle`); nobody confirmed it yet.
- `overdue_committee`: Transports Garnier, Valence: a quarterly strategic committee set on an
  engagement started eight months ago, held in its first weeks and not since: the following
  quarter's committee is overdue (§4 cadence, the dashboard's "Reviews overdue" and the
  health signal `reviews_overdue`).

Each function takes the demo Builder and uses the services only, dated in the past.
"""

from __future__ import annotations

import datetime as dt

from pacte.assets.services import asset_create
from pacte.governance.cadence import period_start
from pacte.governance.services import (
    cadence_set,
    process_assessment_record,
    review_record,
    stage_confirm,
)
from pacte.workspace.selectors import member_list

from .builder import Builder

EIGHTEEN_YEARS = 18 * 365 + 5


def _our_people(b: Builder, count: int = 2) -> list[int]:
    return [m.user_id for m in member_list(actor=b.actor)[:count]]


def _quarter_days_back(b: Builder, quarters: int, into: int = 20) -> list[int]:
    """Days ago of a day `into` days into each of the last `quarters` ended quarters."""
    found = []
    start = period_start("strategic", b.today)
    for _ in range(quarters):
        start = period_start("strategic", start - dt.timedelta(days=1))
        found.append((b.today - (start + dt.timedelta(days=into))).days)
    return found


def mature_partnership(b: Builder):
    client, (director, it_lead) = b.client(
        "Fonderie Delorme",
        "Lyon",
        contacts=[
            (
                "Bernard Delorme",
                "Directeur général",
                "b.delorme@fonderie-delorme.example",
                {"for_decisions": True},
            ),
            (
                "Claire Fabre",
                "Responsable informatique",
                "c.fabre@fonderie-delorme.example",
                {"for_operations": True},
            ),
        ],
        preferred_channel="meeting",
        decision_style="single",
    )
    e = b.engagement(
        client,
        "Infogérance et maintenance du système de production",
        "48000.00",
        kind="retainer",
        deposit_percent=10,
        deposit_paid_days_ago=EIGHTEEN_YEARS,
        starts_days_ago=EIGHTEEN_YEARS,
    )
    cadence_set(
        actor=b.actor,
        engagement_id=e.pk,
        strategic=True,
        tactical=True,
        starts_on=b.ago(EIGHTEEN_YEARS),
    )
    ours = _our_people(b)
    quarters = _quarter_days_back(b, 6)
    for n, days_ago in enumerate(reversed(quarters)):
        decisions = []
        if n == 4:
            decisions = [
                {
                    "title": "Passer les automates sur un réseau séparé",
                    "decision": "accepted",
                    "decided_by": "Bernard Delorme",
                    "note": "On le budgète au prochain exercice.",
                }
            ]
        review_record(
            actor=b.actor,
            engagement_id=e.pk,
            kind="strategic",
            held_on=b.ago(days_ago),
            provider_attendee_ids=ours,
            client_attendee_ids=[director.pk, it_lead.pk],
            minutes="Bilan du trimestre, incidents, feuille de route et budget.",
            decisions=decisions,
        )
    # The monthly tactical review, on the 10th of each month: the last fourteen months are
    # recorded (what the cadence reads; the years before stay out of the demo).
    month = b.today.replace(day=1)
    for _ in range(14):
        month = (month - dt.timedelta(days=1)).replace(day=1)
        review_record(
            actor=b.actor,
            engagement_id=e.pk,
            kind="tactical",
            held_on=month.replace(day=10),
            provider_attendee_ids=ours[:1],
            client_attendee_ids=[it_lead.pk],
            minutes="Suivi des tickets et des mises à jour du mois.",
        )
    for days_ago, title in (
        (300, "Sauvegardes testées chaque trimestre"),
        (150, "Double authentification"),
    ):
        b.advice(
            e,
            days_ago,
            title,
            "Recommandation de la revue annuelle.",
            decision="accepted",
            decided_by="Claire Fabre",
        )
    # The client pays on time, we keep them informed and work through an alias on their domain.
    for issued, due, paid in ((230, 200, 205), (80, 50, 52)):
        invoice = b.invoice(e, "progress", "12000.00", issued=issued, due=due)
        b.pay(invoice, invoice.amount, paid)
    b.exchange(client, 6, "Compte rendu mensuel envoyé à Claire Fabre.", engagement=e)
    asset_create(
        actor=b.actor,
        client_id=client.pk,
        kind="email_alias",
        identifier="infogerance@fonderie-delorme.example",
        legal_owner="client",
        payer="client",
        client_has_admin=True,
    )
    process_assessment_record(
        actor=b.actor,
        client_id=client.pk,
        level="yes",
        note="Procédures de production décrites et tenues à jour par Claire Fabre.",
        assessed_on=b.ago(60),
    )
    stage_confirm(
        actor=b.actor,
        client_id=client.pk,
        stage="maturity",
        note=(
            "Dix-huit ans ensemble, trois crises traversées, deux changements de direction. "
            "Nous témoignons ensemble au salon de la sous-traitance."
        ),
        confirmed_on=b.ago(30),
    )
    return client


def power_struggle(b: Builder):
    client, (partner, office) = b.client(
        "Cabinet Ravel Avocats",
        "Bordeaux",
        contacts=[
            (
                "Maître Hélène Ravel",
                "Associée",
                "h.ravel@ravel-avocats.example",
                {"for_decisions": True},
            ),
            (
                "Julien Mercier",
                "Office manager",
                "j.mercier@ravel-avocats.example",
                {"for_operations": True},
            ),
        ],
        preferred_channel="email",
        decision_style="single",
    )
    e = b.engagement(
        client,
        "Migration de la messagerie et du stockage",
        "14000.00",
        deposit_percent=30,
        deposit_paid_days_ago=95,
        starts_days_ago=95,
    )
    cadence_set(actor=b.actor, engagement_id=e.pk, tactical=True, operational=False)
    ours = _our_people(b, 1)
    review_record(
        actor=b.actor,
        engagement_id=e.pk,
        kind="tactical",
        held_on=b.ago(70),
        provider_attendee_ids=ours,
        client_attendee_ids=[partner.pk, office.pk],
        minutes=(
            "Le cabinet découvre que son serveur de fichiers tourne encore sous Windows "
            "Server 2012. Tension sur les délais."
        ),
        decisions=[
            {
                "title": "Remplacer le serveur de fichiers avant la migration",
                "decision": "refused",
                "decided_by": "Maître Hélène Ravel",
                "note": "Ce n'était pas dans le devis.",
            },
            {
                "title": "Former les associés à la double authentification",
                "decision": "deferred",
                "decided_by": "Maître Hélène Ravel",
            },
        ],
    )
    review_record(
        actor=b.actor,
        engagement_id=e.pk,
        kind="tactical",
        held_on=b.ago(40),
        provider_attendee_ids=ours,
        client_attendee_ids=[partner.pk],
        minutes="Le cabinet menace de résilier ; nous rappelons le périmètre signé.",
        decisions=[
            {
                "title": "Archiver les dossiers clos hors de la messagerie",
                "decision": "refused",
                "decided_by": "Maître Hélène Ravel",
                "note": "Nos avocats veulent tout garder dans Outlook.",
            }
        ],
    )
    return client


def overdue_committee(b: Builder):
    client, (director,) = b.client(
        "Transports Garnier",
        "Valence",
        contacts=[
            (
                "Paul Garnier",
                "Directeur",
                "p.garnier@transports-garnier.example",
                {"for_decisions": True},
            ),
        ],
        preferred_channel="call",
    )
    e = b.engagement(
        client,
        "Suivi de flotte et tableau de bord",
        "22000.00",
        deposit_percent=30,
        deposit_paid_days_ago=240,
        starts_days_ago=240,
    )
    cadence_set(actor=b.actor, engagement_id=e.pk, strategic=True)
    # The first committee was held in the engagement's first weeks, and none since: the
    # quarter that followed ended more than the grace days ago without its committee.
    review_record(
        actor=b.actor,
        engagement_id=e.pk,
        kind="strategic",
        held_on=b.ago(235),
        provider_attendee_ids=_our_people(b, 1),
        client_attendee_ids=[director.pk],
        minutes="Premier comité : objectifs de l'année et indicateurs de suivi.",
    )
    return client
