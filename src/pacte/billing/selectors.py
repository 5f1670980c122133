from django.db.models import QuerySet

from pacte.kernel.permissions import Perm
from pacte.kernel.tenancy import Actor

from .models import Invoice


def invoice_list(*, actor: Actor, engagement=None, client=None) -> QuerySet[Invoice]:
    actor.require(Perm.BILLING_VIEW)
    qs = Invoice.objects.for_actor(actor).select_related("engagement")
    if engagement is not None:
        qs = qs.filter(engagement=engagement)
    if client is not None:
        qs = qs.filter(engagement__client=client)
    return qs.order_by("-issued_on", "-pk")


def invoice_get(*, actor: Actor, invoice_id) -> Invoice:
    actor.require(Perm.BILLING_VIEW)
    return actor.get_or_404(Invoice.objects.select_related("engagement"), pk=invoice_id)
