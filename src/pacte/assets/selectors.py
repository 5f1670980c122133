"""Reads on assets: the registry, the action log and reversibility (R-OWN). The deadlines
(R-DEADLINE) are read by `pacte.deadlines`."""

from __future__ import annotations

from django.db.models import QuerySet

from pacte.clients.models import Client
from pacte.engagements.models import Engagement, EngagementStatus
from pacte.kernel.permissions import Perm
from pacte.kernel.tenancy import Actor

from .models import ActionLogEntry, Asset
from .ownership import AssetFacts, evaluate


def asset_list(*, actor: Actor, client=None, kind: str = "") -> QuerySet[Asset]:
    actor.require(Perm.CLIENT_VIEW)
    qs = Asset.objects.for_actor(actor).select_related("client")
    if client is not None:
        qs = qs.filter(client=client)
    if kind:
        qs = qs.filter(kind=kind)
    return qs.order_by("kind", "identifier")


def asset_get(*, actor: Actor, asset_id) -> Asset:
    actor.require(Perm.CLIENT_VIEW)
    return actor.get_or_404(Asset.objects.select_related("client"), pk=asset_id)


def action_log_list(*, actor: Actor, client=None) -> QuerySet[ActionLogEntry]:
    actor.require(Perm.CLIENT_VIEW)
    qs = ActionLogEntry.objects.for_actor(actor).select_related("asset", "engagement", "author")
    if client is not None:
        qs = qs.filter(client=client)
    return qs.order_by("-done_on", "-pk")


def _alias_needed_clients(actor: Actor, client_ids=None) -> set:
    """Clients we work for now (an engagement active, on hold or closing): rule 10 wants an
    email alias on their domain."""
    qs = Engagement.objects.for_actor(actor).filter(
        status__in=[EngagementStatus.ACTIVE, EngagementStatus.ON_HOLD, EngagementStatus.CLOSING]
    )
    if client_ids is not None:
        qs = qs.filter(client_id__in=client_ids)
    return set(qs.values_list("client_id", flat=True))


def _documented_asset_ids(actor: Actor, client=None) -> set:
    qs = ActionLogEntry.objects.for_actor(actor).filter(asset__isnull=False)
    if client is not None:
        qs = qs.filter(client=client)
    return set(qs.values_list("asset_id", flat=True).distinct())


def _asset_facts(actor: Actor, client=None):
    qs = Asset.objects.for_actor(actor).order_by()  # no sort: 100,000 rows come faster
    if client is not None:
        qs = qs.filter(client=client).order_by("kind", "identifier")
    rows = qs.values_list(*AssetFacts.FIELDS)
    return (AssetFacts(*row) for row in rows.iterator(chunk_size=5000))


def client_reversibility(*, actor: Actor, client):
    """R-OWN for one client: its score and violations with their fixes (three queries)."""
    actor.require(Perm.CLIENT_VIEW)
    return evaluate(
        list(_asset_facts(actor, client)),
        _documented_asset_ids(actor, client),
        has_alias_need=client.pk in _alias_needed_clients(actor, [client.pk]),
    )


def workspace_reversibility(*, actor: Actor) -> dict:
    """R-OWN for every client of the workspace at once: {client_id: Reversibility}.
    Four queries whatever the number of clients and assets."""
    actor.require(Perm.CLIENT_VIEW)
    by_client: dict[int, list] = {}
    for facts in _asset_facts(actor):
        by_client.setdefault(facts.client_id, []).append(facts)
    documented = _documented_asset_ids(actor)
    need_alias = _alias_needed_clients(actor)
    client_ids = set(Client.objects.for_actor(actor).values_list("pk", flat=True))
    return {
        cid: evaluate(by_client.get(cid, ()), documented, has_alias_need=cid in need_alias)
        for cid in client_ids
    }
