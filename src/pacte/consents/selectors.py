"""Reads of the consent register (R-CONSENT)."""

from __future__ import annotations

from collections.abc import Iterable

from pacte.clients.models import Client, Confidentiality
from pacte.kernel.tenancy import Actor

from .models import Consent


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
