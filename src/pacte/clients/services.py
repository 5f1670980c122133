"""Writes on clients."""

from django.db import transaction
from django.utils.translation import gettext as _

from pacte.core import ledger
from pacte.core.errors import Conflict, full_clean_or_raise
from pacte.core.permissions import Perm
from pacte.core.tenancy import Actor

from .models import Client


def client_create(*, actor: Actor, name: str) -> Client:
    actor.require(Perm.CLIENT_EDIT)
    name = (name or "").strip()
    with transaction.atomic():
        if Client.objects.for_actor(actor).filter(name__iexact=name).exists():
            raise Conflict(
                _("A client named “%(name)s” already exists.") % {"name": name},
                code="client_exists",
            )
        client = Client(workspace=actor.workspace, name=name)
        full_clean_or_raise(client)
        client.save()
        ledger.append(
            actor=actor, action="client.created", subject=client, payload={"name": client.name}
        )
    return client
