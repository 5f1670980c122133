from django.db.models import QuerySet

from pacte.kernel.permissions import Perm
from pacte.kernel.tenancy import Actor

from .models import Recommendation


def recommendation_list(
    *, actor: Actor, engagement=None, status: str = ""
) -> QuerySet[Recommendation]:
    actor.require(Perm.ENGAGEMENT_VIEW)
    qs = Recommendation.objects.for_actor(actor).prefetch_related("decisions")
    if engagement is not None:
        qs = qs.filter(engagement=engagement)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-made_on", "-pk")


def recommendation_get(*, actor: Actor, recommendation_id) -> Recommendation:
    actor.require(Perm.ENGAGEMENT_VIEW)
    return actor.get_or_404(
        Recommendation.objects.select_related("engagement").prefetch_related("decisions"),
        pk=recommendation_id,
    )
