from django.db.models import QuerySet

from pacte.kernel.permissions import Perm
from pacte.kernel.tenancy import Actor

from .models import Exchange


def exchange_list(*, actor: Actor, client=None) -> QuerySet[Exchange]:
    actor.require(Perm.CLIENT_VIEW)
    qs = Exchange.objects.for_actor(actor).select_related("client", "engagement")
    if client is not None:
        qs = qs.filter(client=client)
    return qs.order_by("-occurred_on", "-pk")


def engagement_exchanges(*, actor: Actor, engagement, limit: int = 20) -> list[Exchange]:
    """The exchanges journal of one engagement, newest first (R-SILENCE's evidence)."""
    actor.require(Perm.INTERNAL_VIEW)
    return list(
        Exchange.objects.for_actor(actor)
        .filter(engagement=engagement)
        .order_by("-occurred_on", "-pk")[:limit]
    )
