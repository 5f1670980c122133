"""Tenancy that fails closed.

Every tenant model inherits `TenantModel`: an indexed `workspace` and a default manager whose
querysets refuse to run until they are scoped to a workspace (`in_workspace`, `for_actor`,
or a `filter(workspace=…)`). Related managers of an already loaded row are scoped by that
row. The rare query that must cross workspaces (authenticating a token, verifying every
ledger) says so with `across_workspaces()`, which is easy to grep for.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import models
from django.utils.translation import gettext_lazy as _

from .errors import NotFound, PermissionDenied
from .permissions import (
    ALL_PORTAL_SCOPES,
    PORTAL,
    SYSTEM,
    Perm,
    Role,
    portal_scope_allows,
    role_may,
)

if TYPE_CHECKING:
    from .models import User, Workspace


class UnscopedQueryError(RuntimeError):
    """A tenant model was queried without saying which workspace: a bug, never user input."""


def _where_pins_workspace(node, table: str) -> bool:
    """True when the WHERE tree, through AND branches only, requires `workspace_id = …` on
    the model's own table. A workspace condition under OR or NOT does not scope a query."""
    if getattr(node, "negated", False):
        return False
    children = getattr(node, "children", None)
    if children is not None:
        return node.connector == "AND" and any(
            _where_pins_workspace(child, table) for child in children
        )
    lhs = getattr(node, "lhs", None)
    target = getattr(lhs, "target", None)
    return (
        getattr(node, "lookup_name", None) in {"exact", "in"}
        and target is not None
        and target.name == "workspace"
        and getattr(lhs, "alias", None) == table
    )


class TenantQuerySet(models.QuerySet):
    # Set by across_workspaces() and by related managers of an already loaded row.
    _workspace_scoped = False

    def _clone(self):
        clone = super()._clone()
        clone._workspace_scoped = self._workspace_scoped
        return clone

    def in_workspace(self, workspace) -> TenantQuerySet:
        return self.filter(workspace=workspace)

    def for_actor(self, actor: Actor) -> TenantQuerySet:
        """Rows the actor may see: their workspace, and for a portal user their client only.

        A model that does not declare `portal_client_lookup` shows nothing to portal users.
        """
        qs = self.in_workspace(actor.workspace)
        if actor.is_portal:
            lookup = getattr(self.model, "portal_client_lookup", None)
            if lookup is None:
                return qs.none()
            qs = qs.filter(**{lookup: actor.client_id})
        return qs

    def across_workspaces(self) -> TenantQuerySet:
        clone = self._chain()
        clone._workspace_scoped = True
        return clone

    def _guard(self) -> None:
        if self._workspace_scoped:
            return
        if not _where_pins_workspace(self.query.where, self.model._meta.db_table):
            raise UnscopedQueryError(
                f"{self.model.__name__} was queried without a workspace scope; "
                "use .for_actor(actor) or .in_workspace(workspace)."
            )

    def _fetch_all(self):
        if self._result_cache is None:
            self._guard()
        super()._fetch_all()

    def iterator(self, *args, **kwargs):
        self._guard()
        return super().iterator(*args, **kwargs)

    def count(self):
        if self._result_cache is None:
            self._guard()
        return super().count()

    def exists(self):
        if self._result_cache is None:
            self._guard()
        return super().exists()

    def aggregate(self, *args, **kwargs):
        self._guard()
        return super().aggregate(*args, **kwargs)

    def update(self, **kwargs):
        self._guard()
        return super().update(**kwargs)

    def delete(self):
        self._guard()
        return super().delete()


class TenantManager(models.Manager.from_queryset(TenantQuerySet)):
    def get_queryset(self):
        qs = super().get_queryset()
        # A related manager (`client.engagements`) is bound to a row that was itself reached
        # through a scoped query, and filters on it.
        if isinstance(getattr(self, "instance", None), TenantModel):
            qs._workspace_scoped = True
        return qs


class TenantModel(models.Model):
    workspace = models.ForeignKey(
        "core.Workspace", on_delete=models.CASCADE, related_name="+", db_index=True
    )

    objects = TenantManager()

    class Meta:
        abstract = True


@dataclass(frozen=True)
class Actor:
    """Who is acting, resolved once per request, API call or command."""

    workspace: Workspace
    role: str
    user: User | None = None
    client_id: int | None = None
    # A portal actor's per-contact rights (DOMAIN §9), read from their portal access
    # where the actor is built; ignored for members.
    portal_scopes: frozenset = ALL_PORTAL_SCOPES

    @classmethod
    def system(cls, workspace: Workspace) -> Actor:
        return cls(workspace=workspace, role=SYSTEM)

    @property
    def is_portal(self) -> bool:
        return self.role == PORTAL

    @property
    def is_member(self) -> bool:
        return self.role in Role.values

    @property
    def is_system(self) -> bool:
        return self.role == SYSTEM

    @property
    def role_label(self) -> str:
        if self.is_member:
            return str(Role(self.role).label)
        return str(_("Client portal") if self.is_portal else _("System"))

    @property
    def label(self) -> str:
        """How the actor is named in the proof ledger."""
        if self.user is None:
            return "system"
        return f"{self.user.email} ({self.role})"

    def can(self, perm: Perm) -> bool:
        if not role_may(self.role, perm):
            return False
        return not self.is_portal or portal_scope_allows(self.portal_scopes, perm)

    def require(self, perm: Perm) -> None:
        if not self.can(perm):
            raise PermissionDenied()

    def get_or_404(self, queryset: TenantQuerySet, **lookup):
        """One row the actor may see, or NotFound: the same answer for 'absent' and 'not yours'.

        A row asked for with `select_for_update()` is locked after the actor's workspace row:
        the one lock order of every write (workspace first, see kernel.retry), since writing
        the ledger locks the workspace too. Two writes taking the same rows then never wait
        for each other in opposite orders (a PostgreSQL deadlock)."""
        if queryset.query.select_for_update:
            workspace_model = queryset.model._meta.get_field("workspace").related_model
            list(
                workspace_model.objects.select_for_update()
                .filter(pk=self.workspace.pk)
                .values_list("pk")
            )
        try:
            return queryset.for_actor(self).get(**lookup)
        except (queryset.model.DoesNotExist, ValueError, TypeError):
            raise NotFound() from None
