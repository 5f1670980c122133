"""Tenancy fails closed: every tenant model refuses unscoped queries (meta-test), and the
scoping helpers show an actor only what is theirs."""

import pytest
from django.apps import apps
from django.db.models import Q

from pacte.clients.models import Client
from pacte.kernel.errors import NotFound
from pacte.kernel.models import LedgerEntry, Member
from pacte.kernel.tenancy import TenantManager, TenantModel, UnscopedQueryError

# The only models of Pacte that do not belong to one workspace.
# (PeriodicRun: a slot of the background schedule, such as the nightly walk of every ledger;
# OutboundEmail: a queued email, which a password reset sends outside any workspace;
# ThrottleCounter: attempts per address or network, before anyone is known to a workspace.)
GLOBAL_MODELS = {
    "core.User",
    "core.Workspace",
    "core.PeriodicRun",
    "core.OutboundEmail",
    "core.ThrottleCounter",
}


def pacte_models():
    return [m for m in apps.get_models() if m.__module__.startswith("pacte.")]


def tenant_models():
    return [m for m in pacte_models() if issubclass(m, TenantModel)]


def test_every_pacte_model_is_a_tenant_model_or_declared_global():
    undeclared = [
        m._meta.label
        for m in pacte_models()
        if not issubclass(m, TenantModel) and m._meta.label not in GLOBAL_MODELS
    ]
    assert undeclared == []
    assert {
        "core.Member",
        "core.ApiToken",
        "core.LedgerEntry",
        "clients.Client",
        "portal.PortalUser",
    } <= {m._meta.label for m in tenant_models()}


@pytest.mark.parametrize("model", tenant_models(), ids=lambda m: m._meta.label)
def test_tenant_model_is_scoped_by_its_default_manager(model):
    assert isinstance(model._default_manager, TenantManager)
    assert model._meta.get_field("workspace").db_index


@pytest.mark.django_db
@pytest.mark.parametrize("model", tenant_models(), ids=lambda m: m._meta.label)
@pytest.mark.parametrize(
    "run",
    [
        list,
        lambda qs: qs.count(),
        lambda qs: qs.exists(),
        lambda qs: qs.first(),
        lambda qs: list(qs.iterator()),
        lambda qs: qs.aggregate(n=__import__("django.db.models", fromlist=["Count"]).Count("pk")),
        lambda qs: qs.update(pk=0),
        lambda qs: qs.delete(),
        lambda qs: qs.get(pk=1),
    ],
    ids=["list", "count", "exists", "first", "iterator", "aggregate", "update", "delete", "get"],
)
def test_unscoped_queries_are_refused(model, run):
    with pytest.raises(UnscopedQueryError):
        run(model.objects.all())


@pytest.mark.django_db
def test_a_workspace_condition_under_or_does_not_scope(world):
    with pytest.raises(UnscopedQueryError):
        list(Client.objects.filter(Q(workspace=world.workspace) | Q(name="x")))
    with pytest.raises(UnscopedQueryError):
        list(Client.objects.exclude(workspace=world.workspace))


@pytest.mark.django_db
def test_scoped_queries_see_only_their_workspace(world):
    names = set(Client.objects.in_workspace(world.workspace).values_list("name", flat=True))
    assert names == {"Boulangerie Alpha", "Garage Beta"}
    assert list(Client.objects.in_workspace(world.other_workspace)) == [world.foreign_client]


@pytest.mark.django_db
def test_portal_user_sees_only_their_client(world):
    portal = world.actor("portal")
    assert list(Client.objects.for_actor(portal)) == [world.client]
    # A model that does not say how it relates to a client shows a portal user nothing.
    assert list(Member.objects.for_actor(portal)) == []
    assert list(LedgerEntry.objects.for_actor(portal)) == []


@pytest.mark.django_db
def test_get_or_404_answers_not_found_for_another_workspace_as_for_nothing(world):
    owner = world.actor("owner")
    assert owner.get_or_404(Client.objects.all(), pk=world.client.pk) == world.client
    with pytest.raises(NotFound):
        owner.get_or_404(Client.objects.all(), pk=world.foreign_client.pk)
    with pytest.raises(NotFound):
        owner.get_or_404(Client.objects.all(), pk=999_999)
    with pytest.raises(NotFound):
        world.actor("portal").get_or_404(Client.objects.all(), pk=world.other_client.pk)


@pytest.mark.django_db
def test_related_managers_of_a_loaded_row_are_scoped_by_it(world):
    assert next(iter(world.client.portal_users.all())).user == world.users["portal"]
    clients = Client.objects.in_workspace(world.workspace).prefetch_related("portal_users")
    assert sum(len(c.portal_users.all()) for c in clients) == 2


@pytest.mark.django_db
def test_related_managers_of_a_global_row_are_not_trusted(world):
    """A user belongs to several workspaces: their tokens are not scoped by the user row."""
    world.token("owner")
    with pytest.raises(UnscopedQueryError):
        list(world.users["owner"].api_tokens.all())
