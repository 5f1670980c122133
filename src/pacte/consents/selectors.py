"""Reads of the consent register (R-CONSENT)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.urls import reverse

from pacte.attachments.selectors import logo_of
from pacte.clients.models import Client, Confidentiality
from pacte.kernel.panels import Registry
from pacte.kernel.permissions import Perm
from pacte.kernel.tenancy import Actor

from .models import Consent, ConsentScope


def current_consents(*, actor: Actor, client_ids: Iterable[int], on) -> dict[int, dict]:
    """{client_id: {scope: Consent}}: per scope, the latest record given on or before `on`,
    whether a grant or a refusal. One query. A later record supersedes an earlier one, so
    a refusal after a grant is what stands, and so is a grant after a refusal."""
    latest: dict[int, dict] = {}
    rows = (
        Consent.objects.for_actor(actor)
        .filter(client_id__in=list(client_ids), given_on__lte=on)
        .order_by("client_id", "scope", "-given_on", "-pk")
    )
    for consent in rows:
        latest.setdefault(consent.client_id, {}).setdefault(consent.scope, consent)
    return latest


def valid_scopes(*, actor: Actor, client_ids: Iterable[int], on) -> dict[int, set[str]]:
    """{client_id: scopes in force on `on`}: granted, not expired, not revoked, and not
    superseded by a later refusal. One query."""
    current = current_consents(actor=actor, client_ids=client_ids, on=on)
    return {
        client_id: {scope for scope, c in by_scope.items() if c.in_force_on(on)}
        for client_id, by_scope in current.items()
    }


def may_be_named(client: Client) -> bool:
    """Only a client whose level is "may be named" can be named anywhere, whatever consents
    it signed: the level is the ceiling, consents open each scope below it."""
    return client.confidentiality == Confidentiality.NAMED


# --- The register of one client ----------------------------------------------------------------

SCOPES = [scope for scope, _label in ConsentScope.choices]


@dataclass
class ScopeStanding:
    """One scope of one client on a day: the record that stands (grant or refusal, or None
    when the client was never asked), whether a grant is in force, and the full history,
    newest first. Refusals are listed, never hidden (R-NO)."""

    scope: str
    label: str
    standing: Consent | None
    in_force: bool
    history: list[Consent] = field(default_factory=list)

    @property
    def state(self) -> str:
        """ "granted" (in force), "refused", "revoked", "expired", "not_begun" or "none"."""
        c, day = self.standing, self._day
        if c is None:
            return "none"
        if not c.granted:
            return "refused"
        if self.in_force:
            return "granted"
        if c.revoked_on is not None and c.revoked_on <= day:
            return "revoked"
        if c.until is not None and c.until < day:
            return "expired"
        return "not_begun"

    _day: dt.date = dt.date.min


def consent_register(*, actor: Actor, client: Client, on) -> list[ScopeStanding]:
    """Per scope, in the scopes' order: the standing decision and its history. One query."""
    actor.require(Perm.CONSENT_VIEW)
    rows = list(
        Consent.objects.for_actor(actor)
        .filter(client=client)
        .select_related("by_contact", "revoked_by_contact")
        .order_by("-given_on", "-pk")
    )
    standings = []
    for scope, label in ConsentScope.choices:
        history = [c for c in rows if c.scope == scope]
        standing = next((c for c in history if c.given_on <= on), None)
        entry = ScopeStanding(
            scope=scope,
            label=str(label),
            standing=standing,
            in_force=standing is not None and standing.in_force_on(on),
            history=history,
        )
        entry._day = on
        standings.append(entry)
    return standings


def consent_list(*, actor: Actor, client_id=None) -> QuerySet[Consent]:
    """Every record, newest first; of one client when `client_id` is given (which must be a
    client the actor may see)."""
    actor.require(Perm.CONSENT_VIEW)
    qs = Consent.objects.for_actor(actor).select_related("client", "by_contact")
    if client_id not in (None, ""):
        client = actor.get_or_404(Client.objects.all(), pk=client_id)
        qs = qs.filter(client=client)
    return qs.order_by("-given_on", "-pk")


def consent_get(*, actor: Actor, consent_id) -> Consent:
    actor.require(Perm.CONSENT_VIEW)
    return actor.get_or_404(Consent.objects.select_related("client"), pk=consent_id)


def register_clients(*, actor: Actor) -> QuerySet[Client]:
    """The clients of the workspace register, by name: the page shows one page of them."""
    actor.require(Perm.CONSENT_VIEW)
    return Client.objects.for_actor(actor).order_by("name", "pk")


def workspace_register(
    *, actor: Actor, on, clients: Iterable[Client]
) -> list[tuple[Client, dict[str, str]]]:
    """Each of `clients` (one page) with, per scope, its standing state ("granted",
    "refused", "expired", "revoked", "not_begun", "none"): who may be named, by scope. One
    query, for the page's clients only."""
    actor.require(Perm.CONSENT_VIEW)
    clients = list(clients)
    current = current_consents(actor=actor, client_ids=[c.pk for c in clients], on=on)
    out = []
    for client in clients:
        states = {}
        for scope in SCOPES:
            c = current.get(client.pk, {}).get(scope)
            entry = ScopeStanding(
                scope=scope,
                label="",
                standing=c,
                in_force=c is not None and c.in_force_on(on),
            )
            entry._day = on
            states[scope] = entry.state
        out.append((client, states))
    return out


# --- Expiry (issue 12, item 5; the reminders issue emails it) ----------------------------------

EXPIRY_NOTICE_DAYS = 30

# What depends on a consent once it has run out: apps that publish (case studies) register a
# function (actor, client_ids) -> {(client_id, scope), ...} of the scopes their published work
# still uses. The reference list counts too: a named client's reference and logo.
publication_dependents: Registry = Registry("consent dependent")


def register_publication_dependent(name: str, function) -> None:
    publication_dependents.add((name,), function)


def _reference_dependents(actor, clients) -> set[tuple[int, str]]:
    return {
        (c.pk, scope)
        for c in clients
        if may_be_named(c)
        for scope in (ConsentScope.REFERENCE, ConsentScope.LOGO)
    }


@dataclass
class ExpiringConsent:
    consent: Consent
    days_left: int  # negative once expired

    @property
    def expired(self) -> bool:
        return self.days_left < 0


def expiring_consents(
    *, actor: Actor, on, within_days: int = EXPIRY_NOTICE_DAYS, client: Client | None = None
) -> list[ExpiringConsent]:
    """The grants that stand and run out within `within_days` of `on`, and those that ran
    out while a publication still depends on them (the reference list, a published case
    study), soonest first. One selector for the consents page, the dashboard and the
    reminders' email. Two queries (plus one per registered publication dependent)."""
    actor.require(Perm.CONSENT_VIEW)
    candidates = (
        Consent.objects.for_actor(actor)
        .filter(granted=True, until__isnull=False, until__lte=on + dt.timedelta(days=within_days))
        .filter(Q(revoked_on__isnull=True) | Q(revoked_on__gt=on))
        .filter(given_on__lte=on)
        .select_related("client", "by_contact")
        .order_by("until", "pk")
    )
    if client is not None:
        candidates = candidates.filter(client=client)
    candidates = list(candidates)
    if not candidates:
        return []
    clients = {c.client_id: c.client for c in candidates}
    current = current_consents(actor=actor, client_ids=list(clients), on=on)
    depended: set[tuple[int, str]] | None = None
    out = []
    for consent in candidates:
        if current.get(consent.client_id, {}).get(consent.scope) != consent:
            continue  # superseded by a later grant or refusal
        days_left = (consent.until - on).days
        if days_left < 0:
            if depended is None:
                depended = _reference_dependents(actor, clients.values())
                for function in publication_dependents.entries():
                    depended |= set(function(actor, list(clients)))
            if (consent.client_id, consent.scope) not in depended:
                continue
        out.append(ExpiringConsent(consent=consent, days_left=days_left))
    return out


# --- The reference list (issue 12, item 7) -----------------------------------------------------


@dataclass
class ReferenceRow:
    client: Client
    reference: Consent
    logo: bool
    logo_consent: Consent | None
    logo_url: str = ""


def reference_list(*, actor: Actor, on) -> list[ReferenceRow]:
    """The clients that may be named (level "named") AND whose reference consent is in force
    on `on`; the logo flagged where a logo consent is in force too. By name. Two queries.
    The provider's own list: members only (a portal user never reads other clients' names)."""
    actor.require(Perm.INTERNAL_VIEW)
    clients = list(
        Client.objects.for_actor(actor)
        .filter(confidentiality=Confidentiality.NAMED)
        .order_by("name")
    )
    current = current_consents(actor=actor, client_ids=[c.pk for c in clients], on=on)
    rows = []
    for client in clients:
        by_scope = current.get(client.pk, {})
        reference = by_scope.get(ConsentScope.REFERENCE)
        if not may_be_named(client) or reference is None or not reference.in_force_on(on):
            continue
        logo = by_scope.get(ConsentScope.LOGO)
        in_force = logo is not None and logo.in_force_on(on)
        rows.append(
            ReferenceRow(
                client=client,
                reference=reference,
                logo=in_force,
                logo_consent=logo if in_force else None,
            )
        )
    # Each logo is the latest image attached to the client as its logo: one query.
    logos = logo_of(actor=actor, client_ids=[row.client.pk for row in rows if row.logo])
    for row in rows:
        if row.logo and row.client.pk in logos:
            row.logo_url = reverse("attachment_download", args=[logos[row.client.pk].pk])
            row.logo_url += "?inline=1"
    return rows
