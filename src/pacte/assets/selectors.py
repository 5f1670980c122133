"""Reads on assets: the registry, the action log and reversibility (R-OWN). The deadlines
(R-DEADLINE) are read by `pacte.deadlines`."""

from __future__ import annotations

import gc
from contextlib import contextmanager

from django.db import connections
from django.db.models import QuerySet

from pacte.clients.models import Client
from pacte.engagements.models import Engagement, EngagementStatus
from pacte.kernel.permissions import Perm
from pacte.kernel.tenancy import Actor

from .models import ActionLogEntry, Asset
from .ownership import evaluate, fact_flags


def asset_list(*, actor: Actor, client=None, kind: str = "") -> QuerySet[Asset]:
    actor.require(Perm.CLIENT_VIEW)
    actor.require(Perm.OPERATIONS_VIEW)  # per-contact rights (DOMAIN §9): operations
    qs = Asset.objects.for_actor(actor).select_related("client")
    if client is not None:
        qs = qs.filter(client=client)
    if kind:
        qs = qs.filter(kind=kind)
    return qs.order_by("kind", "identifier")


def asset_get(*, actor: Actor, asset_id) -> Asset:
    actor.require(Perm.CLIENT_VIEW)
    actor.require(Perm.OPERATIONS_VIEW)  # per-contact rights (DOMAIN §9): operations
    return actor.get_or_404(Asset.objects.select_related("client"), pk=asset_id)


def action_log_list(*, actor: Actor, client=None) -> QuerySet[ActionLogEntry]:
    actor.require(Perm.CLIENT_VIEW)
    actor.require(Perm.OPERATIONS_VIEW)  # per-contact rights (DOMAIN §9): operations
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
    # DISTINCT read off the (workspace, asset) index, no sort.
    return set(qs.order_by().values_list("asset_id", flat=True).distinct())


def _raw_rows(queryset, chunk_size: int = 5000):
    """The rows of a values_list queryset as the database driver returns them, without
    Django's per-row converters (booleans stay 0/1 on SQLite): the reversibility of a whole
    workspace reads 100,000 rows, and the converters cost more than the rules. The queryset
    is already scoped: its SQL is run as is."""
    queryset._guard()  # the tenancy check an evaluated queryset makes: it fails closed
    sql, params = queryset.query.sql_with_params()
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        while rows := cursor.fetchmany(chunk_size):
            yield from rows


def _asset_facts(actor: Actor, client=None):
    qs = Asset.objects.for_actor(actor).order_by()  # no sort: 100,000 rows come faster
    if client is not None:
        qs = qs.filter(client=client).order_by("kind", "identifier")
    rows = qs.annotate(facts=fact_flags())
    rows = rows.values_list("id", "client_id", "kind", "identifier", "facts")
    # Plain tuples: evaluate() makes AssetFacts of the assets it reports only.
    return _raw_rows(rows)


def client_reversibility(*, actor: Actor, client):
    """R-OWN for one client: its score and violations with their fixes (three queries)."""
    actor.require(Perm.CLIENT_VIEW)
    actor.require(Perm.OPERATIONS_VIEW)  # per-contact rights (DOMAIN §9): operations
    return evaluate(
        list(_asset_facts(actor, client)),
        _documented_asset_ids(actor, client),
        has_alias_need=client.pk in _alias_needed_clients(actor, [client.pk]),
    )


@contextmanager
def _no_cycle_collection():
    """Pause Python's cycle collector while a bulk read builds objects that hold no cycles
    (tuples, violations): a workspace's 100,000 assets would otherwise trigger full
    collections that walk every object of the process, a third of the time of the score.
    Reference counting still frees everything as usual; collection resumes on exit."""
    paused = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()


def workspace_reversibility(*, actor: Actor) -> dict:
    """R-OWN for every client of the workspace at once: {client_id: Reversibility}.
    Four queries whatever the number of clients and assets; one pass over the assets."""
    actor.require(Perm.CLIENT_VIEW)
    with _no_cycle_collection():
        by_client: dict[int, list] = {}
        for facts in _asset_facts(actor):
            found = by_client.get(facts[1])  # client_id
            if found is None:
                by_client[facts[1]] = [facts]
            else:
                found.append(facts)
        documented = _documented_asset_ids(actor)
        need_alias = _alias_needed_clients(actor)
        client_ids = Client.objects.for_actor(actor).order_by().values_list("pk", flat=True)
        return {
            cid: evaluate(by_client.get(cid, ()), documented, has_alias_need=cid in need_alias)
            for cid in client_ids
        }


def reversibility_by_client(*, workspace, clients: QuerySet[Client]) -> dict:
    """R-OWN for the clients of a queryset at once (the health signal): {client_id:
    Reversibility}, for the clients that have assets only. Three queries whatever the number
    of clients and assets: their assets' facts, the assets documented in the action log, and
    the clients we work for now (rule 10). `clients` is used as a subquery."""
    keys = clients.values("pk")
    with _no_cycle_collection():
        by_client: dict[int, list] = {}
        assets = (
            Asset.objects.in_workspace(workspace)
            .filter(client__in=keys)
            .order_by()
            .annotate(facts=fact_flags())
            .values_list("id", "client_id", "kind", "identifier", "facts")
        )
        for facts in _raw_rows(assets):
            found = by_client.get(facts[1])  # client_id
            if found is None:
                by_client[facts[1]] = [facts]
            else:
                found.append(facts)
        if not by_client:
            return {}
        documented = set(
            ActionLogEntry.objects.in_workspace(workspace)
            .filter(client__in=keys, asset__isnull=False)
            .order_by()
            .values_list("asset_id", flat=True)
            .distinct()
        )
        need_alias = set(
            Engagement.objects.in_workspace(workspace)
            .filter(
                client__in=keys,
                status__in=[
                    EngagementStatus.ACTIVE,
                    EngagementStatus.ON_HOLD,
                    EngagementStatus.CLOSING,
                ],
            )
            .order_by()
            .values_list("client_id", flat=True)
        )
        return {
            cid: evaluate(rows, documented, has_alias_need=cid in need_alias)
            for cid, rows in by_client.items()
        }
