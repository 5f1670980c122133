"""Reads on clients."""

from django.db.models import QuerySet

from pacte.core.permissions import Perm
from pacte.core.tenancy import Actor

from .models import Client


def client_list(*, actor: Actor) -> QuerySet[Client]:
    actor.require(Perm.CLIENT_VIEW)
    return Client.objects.for_actor(actor).order_by("name")


def client_get(*, actor: Actor, client_id) -> Client:
    actor.require(Perm.CLIENT_VIEW)
    return actor.get_or_404(Client.objects.all(), pk=client_id)
