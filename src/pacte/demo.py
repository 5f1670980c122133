"""The demo workspace: Atelier Lumière, a small web agency in Lyon, and twelve clients that
between them show every situation Pacte watches for. Everything is built through the services,
as real use would, with dates relative to today so the situations stay current."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from pacte.billing.services import invoice_create, payment_record
from pacte.clients.services import client_create, contact_create
from pacte.core.models import Workspace
from pacte.core.selectors import actor_for_user
from pacte.core.services import member_add, workspace_create
from pacte.decisions.services import (
    recommendation_create,
    recommendation_decide,
    recommendation_implement,
)
from pacte.engagements import services as eng
from pacte.exchanges.services import exchange_log
from pacte.risks.services import risk_create, risk_occur

DEMO_WORKSPACE = "Atelier Lumière"
DEMO_PASSWORD = "lumiere-demo-2026"
DEMO_OWNER = "camille@atelier-lumiere.example"
DEMO_MEMBERS = [
    ("julien@atelier-lumiere.example", "Julien Morel", "manager"),
    ("sarah@atelier-lumiere.example", "Sarah Benali", "consultant"),
    ("theo@atelier-lumiere.example", "Théo Garnier", "viewer"),
]
DEMO_PORTAL_USER = ("helene@boulangerie-martin.example", "Hélène Martin", "Boulangerie Martin")


def demo_logins() -> list[tuple[str, str, str]]:
    rows = [(DEMO_OWNER, DEMO_PASSWORD, "owner")]
    rows += [(email, DEMO_PASSWORD, role) for email, _name, role in DEMO_MEMBERS]
    rows.append((DEMO_PORTAL_USER[0], DEMO_PASSWORD, f"portal ({DEMO_PORTAL_USER[2]})"))
    return rows


class _Builder:
    """Small helpers so each client's story below reads like a story."""

    def __init__(self, actor):
        self.actor = actor
        self.today = timezone.localdate()

    def ago(self, days: int) -> dt.date:
        return self.today - dt.timedelta(days=days)

    def client(self, name, city, contacts=(), **profile):
        client = client_create(actor=self.actor, name=name, city=city, **profile)
        made = [
            contact_create(
                actor=self.actor,
                client_id=client.pk,
                full_name=full_name,
                job_title=title,
                email=email,
                **designations,
            )
            for full_name, title, email, designations in contacts
        ]
        return client, made

    def engagement(
        self,
        client,
        title,
        value,
        *,
        currency="EUR",
        kind="fixed_price",
        deposit_percent=None,
        deposit_amount=None,
        deposit_paid_days_ago=None,
        starts_days_ago=None,
    ):
        engagement = eng.engagement_create(
            actor=self.actor,
            client_id=client.pk,
            title=title,
            value=value,
            currency=currency,
            kind=kind,
            deposit_percent=deposit_percent,
            deposit_amount=deposit_amount,
            starts_on=self.ago(starts_days_ago) if starts_days_ago is not None else None,
        )
        if deposit_paid_days_ago is not None:
            invoice = self.invoice(
                engagement,
                "deposit",
                engagement.required_deposit.amount,
                issued=deposit_paid_days_ago + 10,
                due=deposit_paid_days_ago,
                number=f"AC-{engagement.pk:04d}",
            )
            self.pay(invoice, invoice.amount, deposit_paid_days_ago)
            eng.engagement_activate(
                actor=self.actor,
                engagement_id=engagement.pk,
                activated_on=self.ago(deposit_paid_days_ago),
            )
        return engagement

    def invoice(self, engagement, kind, amount, *, issued, due, number=""):
        return invoice_create(
            actor=self.actor,
            engagement_id=engagement.pk,
            kind=kind,
            amount=amount,
            issued_on=self.ago(issued),
            due_on=self.ago(due),
            number=number,
        )

    def pay(self, invoice, amount, days_ago, reference=""):
        return payment_record(
            actor=self.actor,
            invoice_id=invoice.pk,
            amount=amount,
            paid_on=self.ago(days_ago),
            reference=reference,
        )

    def exchange(
        self,
        client,
        days_ago,
        summary,
        *,
        engagement=None,
        channel="email",
        direction="outbound",
        people="",
        follow_up_in=None,
    ):
        return exchange_log(
            actor=self.actor,
            client_id=client.pk,
            channel=channel,
            direction=direction,
            summary=summary,
            occurred_on=self.ago(days_ago),
            people=people,
            engagement_id=engagement.pk if engagement else None,
            follow_up_on=(self.today + dt.timedelta(days=follow_up_in)) if follow_up_in else None,
        )

    def advice(
        self,
        engagement,
        days_ago,
        title,
        rationale,
        risk="",
        decision=None,
        decided_by="",
        words="",
        implemented=False,
    ):
        rec = recommendation_create(
            actor=self.actor,
            engagement_id=engagement.pk,
            title=title,
            rationale=rationale,
            risk_if_not_followed=risk,
            made_on=self.ago(days_ago),
        )
        if decision:
            recommendation_decide(
                actor=self.actor,
                recommendation_id=rec.pk,
                decision=decision,
                decided_by=decided_by,
                note=words,
                decided_on=self.ago(max(days_ago - 3, 0)),
            )
        if implemented:
            recommendation_implement(
                actor=self.actor,
                recommendation_id=rec.pk,
                implemented_on=self.ago(max(days_ago - 10, 0)),
            )
        return rec


def load_demo() -> Workspace | None:
    """Create the demo workspace; None when it is already there."""
    from pacte.portal.services import portal_user_create

    if Workspace.objects.filter(name__iexact=DEMO_WORKSPACE).exists():
        return None
    with transaction.atomic():
        workspace = workspace_create(
            name=DEMO_WORKSPACE,
            owner_email=DEMO_OWNER,
            owner_password=DEMO_PASSWORD,
            owner_name="Camille Durand",
        )
        owner = actor_for_user(workspace_owner(workspace), workspace.pk)
        for email, name, role in DEMO_MEMBERS:
            member_add(actor=owner, email=email, role=role, password=DEMO_PASSWORD, full_name=name)
        b = _Builder(owner)
        martin = _healthy_partnership(b)
        _deposit_missing(b)
        _late_payer(b)
        _change_request_flood(b)
        _refused_advice(b)
        _silent_engagement(b)
        _assets_and_takeover(b)
        _other_situations(b)
        email, name, _client = DEMO_PORTAL_USER
        portal_user_create(
            actor=owner, client_id=martin.pk, email=email, password=DEMO_PASSWORD, full_name=name
        )
    return workspace


def workspace_owner(workspace):
    from pacte.core.models import Member

    return Member.objects.in_workspace(workspace).select_related("user").get(role="owner").user


def _healthy_partnership(b: _Builder):
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


def _deposit_missing(b: _Builder):
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


def _late_payer(b: _Builder):
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
    late = [(130, 95, "4000.00", 32), (100, 65, "4000.00", 41)]
    for n, (issued, due, amount, late_by) in enumerate(late, start=1):
        invoice = b.invoice(e, "progress", amount, issued=issued, due=due, number=f"LP-0{n}")
        b.pay(invoice, amount, due - late_by, reference="Virement Interac")
    overdue = b.invoice(e, "progress", "4000.00", issued=60, due=28, number="LP-03")
    b.pay(overdue, "1500.00", 12, reference="Acompte partiel")
    b.exchange(
        client, 4, "Relance pour la facture LP-03, en retard de quatre semaines.", engagement=e
    )


def _change_request_flood(b: _Builder):
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
    requests = [
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
    billing_invoice = b.invoice(
        e, "change_request", "1120.00", issued=20, due=-10, number="CR-2026-01"
    )
    for n, (title, who, status, hours, amount) in enumerate(requests):
        change = eng.change_request_create(
            actor=b.actor,
            engagement_id=e.pk,
            title=title,
            requested_on=b.ago(80 - n * 8),
            requested_by_id=contacts[who].pk,
        )
        if status == "new":
            continue
        if hours:
            eng.change_request_move(
                actor=b.actor,
                change_request_id=change.pk,
                to="estimated",
                estimate_hours=hours,
                estimate_amount=amount,
            )
        if status in ("accepted", "billed"):
            eng.change_request_move(actor=b.actor, change_request_id=change.pk, to="accepted")
        if status == "billed":
            eng.change_request_move(
                actor=b.actor,
                change_request_id=change.pk,
                to="billed",
                invoice_id=billing_invoice.pk,
            )
        if status in ("absorbed", "refused"):
            eng.change_request_move(actor=b.actor, change_request_id=change.pk, to=status)
    b.exchange(
        client,
        2,
        "Réunion : on fige le périmètre jusqu'au lancement.",
        engagement=e,
        channel="meeting",
        people="Antoine et Claire Lefèvre",
        follow_up_in=7,
    )


def _refused_advice(b: _Builder):
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


def _silent_engagement(b: _Builder):
    client, _ = b.client(
        "Studio Kinésis",
        "Grenoble",
        contacts=[
            (
                "Lucas Perrin",
                "Kinésithérapeute",
                "lucas@studio-kinesis.example",
                {"for_decisions": True, "for_billing": True},
            )
        ],
        preferred_channel="message",
    )
    e = b.engagement(
        client,
        "Référencement local",
        "3600.00",
        kind="time_and_materials",
        deposit_percent=30,
        deposit_paid_days_ago=60,
        starts_days_ago=62,
    )
    b.exchange(client, 24, "Envoi du premier rapport de positionnement.", engagement=e)
    b.exchange(
        client,
        12,
        "Le client demande où en est le rapport suivant.",
        engagement=e,
        direction="inbound",
        channel="message",
    )


def _client_named(b: _Builder, name: str):
    from pacte.clients.models import Client

    return Client.objects.for_actor(b.actor).get(name=name)


def _asset(b: _Builder, client, kind, identifier, **fields):
    from pacte.assets.services import asset_create

    return asset_create(
        actor=b.actor, client_id=client.pk, kind=kind, identifier=identifier, **fields
    )


def _assets_and_takeover(b: _Builder):
    """The articles' cases: a subscription about to renew silently, ad spend paid by the
    agency, a domain still held by the previous agency."""
    from pacte.assets.services import action_log

    martin = _client_named(b, "Boulangerie Martin")
    _asset(
        b,
        martin,
        "domain",
        "boulangerie-martin.fr",
        vendor="Gandi",
        client_has_admin=True,
        credentials_reference="Gestionnaire de mots de passe d'Hélène, entrée Gandi",
        renewal_date=b.today + dt.timedelta(days=200),
        auto_renew=True,
        notice_days=0,
        cost="15.00",
        last_verified_on=b.ago(30),
    )
    _asset(
        b,
        martin,
        "hosting",
        "Hébergement mutualisé Pro",
        vendor="o2switch",
        client_has_admin=True,
        we_have_admin=True,
        credentials_reference="Bitwarden de la boulangerie, entrée Hébergement",
        renewal_date=b.ago(300),
        renewal_period="yearly",
        auto_renew=True,
        notice_days=30,
        cost="84.00",
    )
    shop = _asset(
        b,
        martin,
        "other_saas",
        "Abonnement boutique en ligne (formule Plus)",
        vendor="PrestaShop Cloud",
        client_has_admin=True,
        we_have_admin=True,
        renewal_date=b.today + dt.timedelta(days=38),
        renewal_period="yearly",
        auto_renew=True,
        notice_days=30,
        cost="1188.00",
        notes="Reconduction tacite : résilier avant l'échéance si le client change de formule.",
    )
    _asset(b, martin, "code_repository", "git.boulangerie-martin.fr/site", client_has_admin=True)
    _asset(b, martin, "email_alias", "atelier@boulangerie-martin.fr", client_has_admin=True)
    action_log(
        actor=b.actor,
        client_id=martin.pk,
        asset_id=shop.pk,
        done_on=b.ago(40),
        what="Passage au module de paiement certifié",
        why="L'ancien module n'était plus maintenu.",
        result="Paiements testés, OK.",
    )

    kinesis = _client_named(b, "Studio Kinésis")
    _asset(
        b,
        kinesis,
        "ad_account",
        "Compte publicitaire local",
        legal_owner="us",
        payer="us",
        we_have_admin=True,
    )
    _asset(
        b,
        kinesis,
        "ad_payment_method",
        "Carte de l'agence (budget pub avancé)",
        payer="us",
        notes="Budget refacturé chaque mois : à passer sur la carte du client.",
    )
    _asset(b, kinesis, "analytics", "Statistiques du site", legal_owner="us", we_have_admin=True)
    _asset(
        b,
        kinesis,
        "newsletter",
        "Lettre mensuelle",
        legal_owner="client",
        client_has_admin=True,
        renewal_date=b.ago(20),
        renewal_period="monthly",
        auto_renew=True,
        notice_days=15,
        cost="19.00",
    )


def _hotel_assets_and_takeover(b: _Builder, hotel):
    """A domain still held by the previous agency, and what to recover from it."""
    from pacte.handoff.services import takeover_item_create, takeover_record

    year = dt.timedelta(days=365)
    _asset(
        b,
        hotel,
        "domain",
        "hoteldulac-annecy.fr",
        legal_owner="third_party",
        third_party_name="Agence Pixel Sud",
        vendor="OVHcloud",
        renewal_date=b.today + dt.timedelta(days=75),
        auto_renew=True,
        notice_days=30,
        notes="Toujours au nom de l'ancienne agence.",
    )
    _asset(
        b,
        hotel,
        "hosting",
        "Serveur de réservation",
        legal_owner="third_party",
        third_party_name="Agence Pixel Sud",
        renewal_date=b.today + year,
        auto_renew=True,
        notice_days=90,
    )
    for kind, what, asked, chases in (
        ("domain", "Code de transfert du domaine hoteldulac-annecy.fr", 34, 2),
        ("code_repository", "Sources du site et du module de réservation", 34, 1),
        ("backup_location", "Dernières sauvegardes de la base clients", 20, 0),
        ("analytics", "Accès administrateur aux statistiques", None, 0),
    ):
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


def _garage_assets(b: _Builder, garage):
    _asset(
        b,
        garage,
        "ad_account",
        "Compte publicitaire du garage",
        legal_owner="us",
        we_have_admin=True,
    )
    _asset(b, garage, "domain", "rapidauto-villeurbanne.fr", client_has_admin=True)
    _asset(b, garage, "email_alias", "pub@rapidauto-villeurbanne.fr", we_have_admin=True)


def _other_situations(b: _Builder):
    fabre, _ = b.client(
        "Menuiserie Fabre",
        "Saint-Étienne",
        contacts=[
            ("Jean Fabre", "Artisan", "jean@menuiserie-fabre.example", {"for_decisions": True})
        ],
    )
    b.engagement(fabre, "Site vitrine et devis en ligne", "4800.00")

    amis, _ = b.client(
        "Association Les Amis du Rhône",
        "Vienne",
        contacts=[
            ("Nadia Cherif", "Présidente", "nadia@amisdurhone.example", {"for_decisions": True})
        ],
    )
    e = b.engagement(amis, "Site des adhérents", "2500.00", deposit_percent=30)
    eng.engagement_override_deposit(
        actor=b.actor,
        engagement_id=e.pk,
        reason="Subvention de la région votée mais pas encore versée ; "
        "association cliente depuis 2021, toujours à jour.",
    )
    b.exchange(amis, 4, "Lancement : liste des pages validée.", engagement=e)

    hotel, _ = b.client(
        "Hôtel du Lac",
        "Annecy",
        contacts=[
            ("Bruno Vidal", "Directeur", "direction@hoteldulac.example", {"for_decisions": True})
        ],
    )
    e = b.engagement(
        hotel,
        "Réservation directe",
        "8900.00",
        deposit_percent=30,
        deposit_paid_days_ago=80,
        starts_days_ago=85,
    )
    _hotel_assets_and_takeover(b, hotel)
    eng.engagement_hold(
        actor=b.actor, engagement_id=e.pk, reason="Travaux de l'hôtel jusqu'en février."
    )

    cave, _ = b.client(
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
        cave,
        "Campagne des vendanges",
        "5200.00",
        deposit_percent=50,
        deposit_paid_days_ago=150,
        starts_days_ago=155,
    )
    final = b.invoice(e, "final_balance", "2600.00", issued=70, due=40, number="FS-2026-04")
    b.pay(final, "2600.00", 42)
    eng.engagement_start_closing(actor=b.actor, engagement_id=e.pk)
    eng.engagement_close(actor=b.actor, engagement_id=e.pk)

    garage, _ = b.client(
        "Garage Rapid'Auto",
        "Villeurbanne",
        contacts=[("Yann Morel", "Gérant", "yann@rapidauto.example", {"for_decisions": True})],
    )
    e = b.engagement(
        garage,
        "Publicité locale",
        "3000.00",
        deposit_percent=30,
        deposit_paid_days_ago=100,
        starts_days_ago=105,
    )
    _garage_assets(b, garage)
    eng.engagement_terminate(
        actor=b.actor,
        engagement_id=e.pk,
        terminated_by="client",
        reason="Le garage a été vendu ; le repreneur a son prestataire.",
        terminated_on=b.ago(10),
        notice_days=30,
    )

    ferme, _ = b.client(
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
        ferme,
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
        ferme,
        2,
        "Appel : le prestataire de paiement a refusé, deux options proposées.",
        engagement=e,
        channel="call",
        people="Mathilde Roche",
        follow_up_in=3,
    )
