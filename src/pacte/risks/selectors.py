from django.db.models import QuerySet

from pacte.kernel.permissions import Perm
from pacte.kernel.tenancy import Actor

from .models import Risk


def risk_list(*, actor: Actor, engagement=None) -> QuerySet[Risk]:
    actor.require(Perm.ENGAGEMENT_VIEW)
    qs = Risk.objects.for_actor(actor)
    if not actor.can(Perm.INTERNAL_VIEW):
        qs = qs.filter(announced_on__isnull=False)
    if engagement is not None:
        qs = qs.filter(engagement=engagement)
    return qs.order_by("status", "-pk")


def engagement_risks(*, actor: Actor, engagement) -> list[Risk]:
    """The engagement's risk register, open ones first (one query)."""
    actor.require(Perm.ENGAGEMENT_VIEW)
    return list(
        Risk.objects.for_actor(actor)
        .filter(engagement=engagement)
        .select_related("situation")
        .order_by("status", "-pk")
    )
