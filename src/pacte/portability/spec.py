"""What a workspace export holds, read off the models: every model of Pacte is either
exported (one JSON Lines file of its rows) or left out here with the reason. A meta-test
fails when a model is neither, so a model added later is never silently left behind.

Rows are named by their key: their line number in their file, counted from 1 in the order
they were created. A reference to another row is that row's key; a reference to a person is
their email address. Keys are the export's own, so an import into another install, which
gives every row a new database id, exports the same bytes again.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from django.apps import apps
from django.db import models

from pacte.kernel.models import Workspace

FORMAT = 1

# The models that are not data files, and why.
LEFT_OUT: dict[str, str] = {
    "core.workspace": "workspace.json holds its settings",
    "core.user": "users.jsonl holds the people, by email address, without passwords",
    "core.ledgerentry": "ledger.jsonl holds the chain exactly as stored",
    "core.invitation": "an invitation's key is a secret, answered in the install that sent it",
    "core.apitoken": "API tokens are secrets: each person makes new ones",
    "assets.calendarfeed": "a calendar address is a secret: each person makes a new one",
    "core.ledgercheckpoint": "re-computed: the import verifies the whole chain",
    "core.periodicrun": "the install's schedule, not the workspace's data",
    "core.throttlecounter": "the install's sign-in throttling, not the workspace's data",
    "core.idempotencyrecord": "answers kept a day for API retries, tied to tokens",
    "portability.workspaceimport": "the manifest lists the imports",
    "portability.exportjob": "the install's own record of exports made",
}

# Columns left out of an exported model: secrets, and values that only mean something in the
# install that wrote them.
LEFT_OUT_FIELDS: dict[str, frozenset[str]] = {
    # A delivery task of this install; a dedupe key names this install's row ids, and would
    # stop the new install from sending its own reminders.
    "core.outboundemail": frozenset({"task_id", "dedupe_key"}),
    # The bytes are in attachments/, named by their SHA-256 (a column of the row).
    "attachments.attachment": frozenset({"file"}),
}

# References by (model label, id) columns rather than a foreign key.
GENERIC_REFERENCES: dict[str, tuple[str, str]] = {
    "attachments.attachment": ("subject_kind", "subject_id"),
    "reminders.reminder": ("object_type", "object_id"),
}

USER_FIELDS = ("email", "full_name", "is_active")
WORKSPACE_LEFT_OUT = frozenset({"id", "ledger_length", "ledger_head", "chain_id"})


@dataclass(frozen=True)
class Column:
    name: str  # the key in the file (the field's name)
    attname: str  # the database attribute ("client_id")
    field: models.Field
    target: str | None = None  # the label of the referenced model, for a foreign key

    @property
    def is_user(self) -> bool:
        return self.target == "core.user"


@dataclass(frozen=True)
class ManyColumn:
    """A many-to-many field without a model of its own: the list of the rows' keys."""

    name: str
    field: models.ManyToManyField
    target: str


@dataclass(frozen=True)
class ModelSpec:
    label: str
    model: type[models.Model]
    columns: tuple[Column, ...]
    many: tuple[ManyColumn, ...] = ()
    generic: tuple[str, str] | None = None

    @property
    def file(self) -> str:
        return f"data/{self.label}.jsonl"

    @property
    def csv_file(self) -> str:
        return f"csv/{self.label}.csv"

    def rows(self, workspace: Workspace):
        return self.model._base_manager.filter(workspace=workspace)


def _label(model) -> str:
    return model._meta.label_lower


def pacte_models() -> list[type[models.Model]]:
    return [m for m in apps.get_models() if m.__module__.startswith("pacte.")]


def _spec(model) -> ModelSpec:
    label = _label(model)
    skipped = LEFT_OUT_FIELDS.get(label, frozenset())
    columns = []
    for f in model._meta.concrete_fields:
        if f.primary_key or f.name == "workspace" or f.name in skipped:
            continue
        target = _label(f.related_model) if f.is_relation else None
        columns.append(Column(f.name, f.attname, f, target))
    many = tuple(
        ManyColumn(f.name, f, _label(f.related_model))
        for f in model._meta.many_to_many
        if f.remote_field.through._meta.auto_created
    )
    return ModelSpec(
        label=label,
        model=model,
        columns=tuple(columns),
        many=many,
        generic=GENERIC_REFERENCES.get(label),
    )


@cache
def exported() -> tuple[ModelSpec, ...]:
    """The exported models, each after every model it references (the import's order)."""
    specs = {
        _label(m): _spec(m)
        for m in pacte_models()
        if _label(m) not in LEFT_OUT and not m._meta.auto_created
    }
    needs = {
        label: {c.target for c in spec.columns if c.target in specs and c.target != label}
        | {m.target for m in spec.many if m.target in specs}
        for label, spec in specs.items()
    }
    # A model referenced by (label, id) columns may point at any row: it comes last.
    generic = {label for label, spec in specs.items() if spec.generic}
    for label in generic:
        needs[label] |= set(specs) - generic
    ordered: list[ModelSpec] = []
    done: set[str] = set()
    while len(done) < len(specs):
        ready = sorted(label for label in specs if label not in done and needs[label] <= done)
        if not ready:
            raise RuntimeError(f"the models {sorted(set(specs) - done)} reference each other")
        for label in ready:
            ordered.append(specs[label])
            done.add(label)
    return tuple(ordered)


def exported_labels() -> set[str]:
    return {spec.label for spec in exported()}
