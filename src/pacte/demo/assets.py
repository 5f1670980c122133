"""The asset registry and its deadlines: who owns, pays for and can administer each of a
client's web assets.

Rules it shows:
- R-OWN: Boulangerie Martin is the model (domain, hosting, code and alias on the client's side,
  credentials kept as a *reference* to the client's password manager, never a secret);
  Studio Kinésis breaks rules 7 to 9 (the ad account and the analytics in the agency's name,
  the ad spend paid by the agency's card); Hôtel du Lac's domain and hosting are still held
  by the previous agency; Garage Rapid'Auto's ad account is in our name;
- R-DEADLINE: the yearly online-shop subscription renews by itself in 38 days with 30 days'
  notice (cancel-by date in 8 days); Martin's hosting and Kinésis's newsletter carry a past
  renewal date and a renewal period, so the next period's renewal is the one that counts;
  Hôtel du Lac's domain must be cancelled 30 days before its renewal in 75 days;
- R-OWN 11: an action log entry on the subscription (what, why, result).

Data: 14 assets (Martin 5, Kinésis 4, Hôtel du Lac 2, Garage 3) and 1 action log entry.
"""

from __future__ import annotations

import datetime as dt

from pacte.assets.services import action_log, asset_create

from .builder import Builder


def _asset(b: Builder, client, kind, identifier, **fields):
    return asset_create(
        actor=b.actor, client_id=client.pk, kind=kind, identifier=identifier, **fields
    )


def registry(b: Builder, *, martin, kinesis):
    """The articles' cases: a subscription about to renew silently, ad spend paid by the
    agency."""
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


def held_by_previous_agency(b: Builder, hotel):
    """Hôtel du Lac's domain and hosting, still in the previous agency's name."""
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
        renewal_date=b.today + dt.timedelta(days=365),
        auto_renew=True,
        notice_days=90,
    )


def garage_assets(b: Builder, garage):
    """Garage Rapid'Auto's registry: what its handoff plan is built from."""
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
