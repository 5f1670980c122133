from django.db.models import QuerySet

from pacte.core.permissions import Perm
from pacte.core.tenancy import Actor

from .models import Exchange


def exchange_list(*, actor: Actor, client=None) -> QuerySet[Exchange]:
    actor.require(Perm.CLIENT_VIEW)
    qs = Exchange.objects.for_actor(actor).select_related("client", "engagement")
    if client is not None:
        qs = qs.filter(client=client)
    return qs.order_by("-occurred_on", "-pk")
