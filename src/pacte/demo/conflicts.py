"""Conflicts (DOMAIN §3): the playbook of the article on client conflicts, twice.

Rules it shows:
- a misunderstanding resolved after listening: Domaine des Trois Chênes (the change-request
  flood) thought the online wine shop was part of the fixed price. The cause is named, the
  client listened to, a solution proposed and put to their decision (a recommendation they
  accepted, R-NO), the case resolved: the first conflict ends the honeymoon (stage rule);
- a bad-faith conflict ending in exit: Agence Immobilière Vasseur refuses to pay delivered
  work, claims it was never ordered, and refuses every solution. We end the engagement with
  15 days' notice: `exit` terminates it through the handoff (its plan is built from the
  client's registry), and the final settlement has content: a paid deposit, an invoice paid,
  one unpaid, time logged and not invoiced, a change request accepted and not billed.

Data: 1 new client (Agence Immobilière Vasseur) with 1 contact, 1 engagement (terminated),
3 invoices and 2 payments, 3 time entries, 1 change request (accepted), 2 assets; 2
conflict cases with 12 steps; 2 recommendations (the proposed solutions, one accepted, one
refused); 1 attachment (the registered letter that ends it, on the exit step).
"""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from pacte.assets.services import asset_create
from pacte.attachments.services import attachment_add
from pacte.clients.models import Client
from pacte.conflicts.services import conflict_move, conflict_open
from pacte.decisions.services import recommendation_decide
from pacte.engagements.models import Engagement
from pacte.engagements.services import (
    change_request_create,
    change_request_move,
    time_entry_log,
)

from .builder import Builder
from .documents import letter_pdf

VASSEUR = "Agence Immobilière Vasseur"


def _step(b: Builder, case, to, days_ago, notes, **fields):
    return conflict_move(
        actor=b.actor, case_id=case.pk, to=to, on=b.ago(days_ago), notes=notes, **fields
    )


def misunderstanding_resolved(b: Builder):
    """Domaine des Trois Chênes: the wine shop was never in the fixed price; once listened to,
    the client accepts a written scope and a separate quote. Resolved 18 days ago."""
    client = Client.objects.for_actor(b.actor).get(name="Domaine des Trois Chênes")
    e = Engagement.objects.for_actor(b.actor).filter(client=client).order_by("pk").first()
    case = conflict_open(
        actor=b.actor,
        client_id=client.pk,
        engagement_ids=[e.pk],
        summary="La boutique en ligne n'était pas dans le forfait",
        opened_on=b.ago(30),
        notes="Antoine Lefèvre, agacé, au téléphone : « la boutique devait être livrée avec le "
        "site, on a payé pour ça ».",
    )
    _step(
        b,
        case,
        "cause_identified",
        29,
        "Nous lui avons demandé ce qu'il attendait exactement : pour lui, « site de "
        "réservation » incluait la vente de vins. Le devis ne parle que des visites.",
        cause="misunderstanding",
    )
    _step(
        b,
        case,
        "listening",
        27,
        "Réunion au domaine avec Antoine et Claire : ils veulent vendre les cuvées de la "
        "réservation de groupes. Nous avons écouté sans couper, et noté leurs attentes.",
    )
    _step(
        b,
        case,
        "solution_proposed",
        25,
        "Ils ont bien reçu notre proposition, posée calmement, sans surenchère.",
        proposed="Un récapitulatif écrit du périmètre actuel, et un devis séparé pour la "
        "boutique après le lancement.",
        follow_up_on=b.ago(22),
    )
    case = _step(
        b,
        case,
        "awaiting_decision",
        24,
        "Antoine veut en parler à sa sœur : il rappelle dans deux jours.",
        proposed="Périmètre écrit et devis séparé pour la boutique",
        why="Le forfait couvre le site et la réservation des visites ; la boutique est un "
        "projet à part entière.",
        risk_if_not_followed="Le lancement glisse et le forfait ne couvre plus le travail.",
        follow_up_on=b.ago(22),
    )
    recommendation_decide(
        actor=b.actor,
        recommendation_id=case.solution_id,
        decision="accepted",
        decided_by="Antoine Lefèvre",
        note="D'accord : on lance le site d'abord, la boutique ensuite.",
        decided_on=b.ago(22),
    )
    return _step(
        b,
        case,
        "resolved",
        18,
        "Récapitulatif signé par Antoine et Claire. Le devis de la boutique suivra le lancement.",
    )


def bad_faith_exit(b: Builder):
    """Agence Immobilière Vasseur: delivered work unpaid, bad faith, every solution refused;
    we end the engagement (15 days' notice) and the handoff starts."""
    client, (contact,) = b.client(
        VASSEUR,
        "Grenoble",
        contacts=[
            (
                "Marc Vasseur",
                "Gérant",
                "marc@vasseur-immobilier.example",
                {"for_decisions": True},
            )
        ],
    )
    e = b.engagement(
        client,
        "Refonte du site d'annonces",
        "9000.00",
        deposit_percent=30,
        deposit_paid_days_ago=120,
        starts_days_ago=125,
    )
    first = b.invoice(e, "progress", "2700.00", issued=80, due=50, number="AV-2026-01")
    b.pay(first, "2700.00", 52)
    b.invoice(e, "progress", "1800.00", issued=45, due=15, number="AV-2026-02")
    for days_ago, minutes, what in (
        (70, 420, "Intégration des fiches d'annonces"),
        (60, 300, "Import des annonces depuis l'ancien logiciel"),
        (48, 240, "Recette avec Marc Vasseur"),
    ):
        time_entry_log(
            actor=b.actor,
            engagement_id=e.pk,
            worked_on=b.ago(days_ago),
            minutes=minutes,
            description=what,
        )
    change = change_request_create(
        actor=b.actor,
        engagement_id=e.pk,
        title="Filtre des annonces par quartier",
        requested_on=b.ago(65),
        requested_by_id=contact.pk,
    )
    change_request_move(
        actor=b.actor,
        change_request_id=change.pk,
        to="estimated",
        estimate_hours="6",
        estimate_amount="480.00",
    )
    change_request_move(actor=b.actor, change_request_id=change.pk, to="accepted")
    asset_create(
        actor=b.actor,
        client_id=client.pk,
        kind="domain",
        identifier="vasseur-immobilier.fr",
        client_has_admin=True,
    )
    asset_create(
        actor=b.actor,
        client_id=client.pk,
        kind="code_repository",
        identifier="Sources du site d'annonces",
        we_have_admin=True,
    )
    case = conflict_open(
        actor=b.actor,
        client_id=client.pk,
        engagement_ids=[e.pk],
        summary="Le client refuse de payer la deuxième facture",
        opened_on=b.ago(14),
        notes="Marc Vasseur affirme que le filtre par quartier « n'a jamais été commandé » "
        "et refuse de régler AV-2026-02.",
    )
    _step(
        b,
        case,
        "cause_identified",
        13,
        "Il a validé le filtre par écrit et l'a recetté ; il nie malgré les preuves.",
        cause="bad_faith",
    )
    _step(
        b,
        case,
        "listening",
        12,
        "Appel d'une heure, attaques personnelles. Nous sommes restés calmes et avons "
        "répondu point par point.",
    )
    _step(
        b,
        case,
        "solution_proposed",
        11,
        "Proposition faite par écrit, sans insister.",
        proposed="Une démonstration des pages livrées et 10 % de remise sur AV-2026-02.",
        follow_up_on=b.ago(8),
    )
    case = _step(
        b,
        case,
        "awaiting_decision",
        10,
        "Il répondra « quand il aura le temps ». Rappel convenu dans deux jours.",
        proposed="Démonstration des pages livrées et remise sur la deuxième facture",
        why="Le travail est livré et recetté ; la remise solde le différend sans procès.",
        risk_if_not_followed="Nous mettons fin à la mission et demandons le solde.",
        follow_up_on=b.ago(8),
    )
    recommendation_decide(
        actor=b.actor,
        recommendation_id=case.solution_id,
        decision="refused",
        decided_by="Marc Vasseur",
        note="Je ne paierai rien de plus.",
        decided_on=b.ago(8),
    )
    case = _step(
        b,
        case,
        "exit",
        7,
        "Refus de toute solution, mauvaise foi persistante : nous arrêtons les frais.",
        terminated_by="us",
        reason="Mauvaise foi du client : refus de payer un travail livré et recetté.",
        notice_days=15,
    )
    # The letter that ends it, sent by registered post, is the step's evidence.
    letter = letter_pdf(
        [
            "Atelier Lumière, Lyon",
            "Lettre recommandée avec accusé de réception",
            "",
            "Objet : fin de la mission « Refonte du site d'annonces »",
            "",
            "Monsieur Vasseur,",
            "Faute d'accord sur la démonstration et la remise proposées, nous mettons fin",
            "à la mission avec un préavis de 15 jours. Le solde de tout compte et le plan",
            "de passation vous parviennent séparément.",
        ]
    )
    attachment_add(
        actor=b.actor,
        subject_kind="conflicts.conflictstep",
        subject_id=case.steps.order_by("-pk").first().pk,
        upload=SimpleUploadedFile("lettre-fin-de-mission.pdf", letter),
    )
    return client
