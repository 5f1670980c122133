"""Which ledger entries are about one client: the records of the client, found by following
each journaled model's foreign keys to `clients.Client`."""

from __future__ import annotations

from django.apps import apps
from django.db import models

from pacte.clients.models import Client
from pacte.kernel.models import LedgerEntry
from pacte.kernel.permissions import Perm
from pacte.kernel.tenancy import Actor

# How far a record may sit from its client (an invoice's payment: payment → invoice →
# engagement → client).
MAX_DEPTH = 4


def path_to_client(model, depth: int = MAX_DEPTH) -> str | None:
    """The ORM lookup from `model` to its client's id ("client_id", "engagement__client_id",
    …), the shortest found, or None when the model belongs to no client."""
    if model is Client:
        return "pk"
    frontier = [(model, "")]
    seen = {model}
    for _level in range(depth):
        following = []
        for current, prefix in frontier:
            for field in current._meta.get_fields():
                if not isinstance(field, models.ForeignKey | models.OneToOneField):
                    continue
                if not field.concrete:
                    continue
                target = field.related_model
                if target is Client:
                    return f"{prefix}{field.name}_id"
                if target not in seen and target._meta.app_label != "core":
                    seen.add(target)
                    following.append((target, f"{prefix}{field.name}__"))
        frontier = following
    return None


def client_subjects(*, actor: Actor, client: Client) -> set[tuple[str, str]]:
    """(subject_type, subject_id) of every journaled record of the client: one query per
    kind of record the workspace's ledger names."""
    actor.require(Perm.EVIDENCE_EXPORT)
    kinds = (
        LedgerEntry.objects.for_actor(actor)
        .exclude(subject_type="")
        .values_list("subject_type", flat=True)
        .distinct()
    )
    found = set()
    for label in sorted(set(kinds)):
        try:
            model = apps.get_model(label)
        except (LookupError, ValueError):
            continue
        path = path_to_client(model)
        if path is None:
            continue
        rows = (
            model._base_manager.filter(workspace=actor.workspace)
            if hasattr(model, "workspace_id")
            else model._base_manager.all()
        )
        ids = rows.filter(**{path: client.pk}).values_list("pk", flat=True)
        found.update((label, str(pk)) for pk in ids)
    return found
