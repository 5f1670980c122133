"""A searchable world: something of each kind for both clients of Atelier Nord, and the same
words in Studio Sud, so that every test can ask "and the other one's rows never appear?"."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.test import Client as HttpClient
from django.utils import timezone

from pacte.assets.services import asset_create
from pacte.billing.services import invoice_create, payment_record
from pacte.clients.services import client_create, client_update, contact_create
from pacte.engagements.services import engagement_create
from pacte.kernel.tenancy import Actor

TODAY = timezone.localdate()


def days(n: int) -> dt.date:
    return TODAY + dt.timedelta(days=n)


@dataclass
class Seeded:
    alpha_engagement: object
    beta_engagement: object
    open_invoice: object
    paid_invoice: object
    beta_invoice: object
    alpha_asset: object
    contact: object
    lyon_client: object


def _engagement(actor, client, title):
    return engagement_create(actor=actor, client_id=client.pk, title=title, value="10000")


def _invoice(actor, engagement, number):
    return invoice_create(
        actor=actor,
        engagement_id=engagement.pk,
        kind="progress",
        amount="1200.00",
        issued_on=days(-20),
        due_on=days(10),
        number=number,
    )


def seed(world) -> Seeded:
    nord, sud = Actor.system(world.workspace), Actor.system(world.other_workspace)
    # Provider-only text with the searched words in it: never searched, never shown.
    client_update(
        actor=nord, client_id=world.client.pk, notes="Refonte: internal-secret, F-2026 risky"
    )
    lyon = client_create(actor=nord, name="Fromagerie Delta", city="Lyon")
    contact = contact_create(
        actor=nord,
        client_id=world.client.pk,
        full_name="Hélène Martin",
        job_title="Gérante",
        email="helene@alpha.test",
    )
    contact_create(actor=nord, client_id=world.other_client.pk, full_name="Marc Dupuis")
    alpha = _engagement(nord, world.client, "Refonte boutique Alpha")
    beta = _engagement(nord, world.other_client, "Refonte garage Beta")
    open_invoice = _invoice(nord, alpha, "F-2026-001")
    paid_invoice = _invoice(nord, alpha, "F-2026-002")
    payment_record(actor=nord, invoice_id=paid_invoice.pk, amount="1200.00", paid_on=days(-1))
    beta_invoice = _invoice(nord, beta, "F-2026-003")
    asset = asset_create(
        actor=nord, client_id=world.client.pk, kind="domain", identifier="alpha-boutique.fr"
    )
    asset_create(
        actor=nord, client_id=world.other_client.pk, kind="domain", identifier="garage-beta.fr"
    )
    # Studio Sud: the same words, none of which Atelier Nord may ever see.
    gamma = _engagement(sud, world.foreign_client, "Refonte cave Gamma Alpha")
    _invoice(sud, gamma, "F-2026-009")
    asset_create(
        actor=sud, client_id=world.foreign_client.pk, kind="domain", identifier="alpha-gamma.fr"
    )
    contact_create(
        actor=sud, client_id=world.foreign_client.pk, full_name="Alpha Sud", email="a@sud.test"
    )
    client_create(actor=sud, name="Boulangerie Sud Alpha", city="Lyon")
    return Seeded(alpha, beta, open_invoice, paid_invoice, beta_invoice, asset, contact, lyon)


def titles(results, kind: str | None = None) -> list[str]:
    """The titles found, of one kind or of all."""
    return [r.title for g in results.groups if kind in (None, g.kind) for r in g.results]


def kinds(results) -> list[str]:
    return [g.kind for g in results.groups]


def signed_in(world, kind: str, language: str = "en") -> HttpClient:
    http = HttpClient(headers={"Accept-Language": language})
    http.force_login(world.users[kind])
    return http


def api(world, kind: str, language: str = "en") -> HttpClient:
    return HttpClient(
        headers={"Authorization": f"Bearer {world.token(kind)}", "Accept-Language": language}
    )
