from pacte.casestudies.anonymiser import PersonRecord
from pacte.kernel.models import Member
from pacte.kernel.permissions import PORTAL, Perm, Role
from pacte.kernel.selectors import Place
from pacte.kernel.tenancy import Actor

from .models import PortalUser


def actor_for_portal_user(user, workspace_id: int | None = None) -> Actor | None:
    """A signed-in person of the client's side: they act in their client's workspace only.
    With `workspace_id`, only their access in that workspace; without, their first."""
    accesses = PortalUser.objects.across_workspaces().filter(user=user)
    if workspace_id is not None:
        accesses = accesses.filter(workspace_id=workspace_id)
    access = accesses.select_related("workspace").order_by("workspace__name").first()
    if access is None:
        return None
    return Actor(workspace=access.workspace, role=PORTAL, user=user, client_id=access.client_id)


def portal_places(user) -> list[Place]:
    """The client portals a person may open, for the workspace switcher."""
    return [
        Place(
            workspace_id=access.workspace_id,
            workspace_name=access.workspace.name,
            kind="portal",
            label=access.client.name,
        )
        for access in PortalUser.objects.across_workspaces()
        .filter(user=user)
        .select_related("workspace", "client")
        .order_by("workspace__name")
    ]


def provider_contacts(*, actor: Actor) -> list:
    """The people a client's portal user may write to: the workspace's owners and managers."""
    actor.require(Perm.PORTAL_VIEW)
    members = (
        Member.objects.in_workspace(actor.workspace)
        .filter(role__in=[Role.OWNER, Role.MANAGER])
        .select_related("user")
        .order_by("role", "user__email")
    )
    return [member.user for member in members]


def portal_users_of(*, actor: Actor, client) -> list:
    """Who on the client's side may sign in to the portal (shown on the client page)."""
    actor.require(Perm.CLIENT_VIEW)
    return list(
        PortalUser.objects.for_actor(actor)
        .filter(client=client)
        .select_related("user")
        .order_by("user__email")
    )


def portal_identities(actor: Actor, client) -> list[PersonRecord]:
    """The client's portal users as the case-study deny-list reads them: the name this
    workspace gave and the address they sign in with. One query."""
    return [
        PersonRecord(full_name, "", email)
        for full_name, email in PortalUser.objects.for_actor(actor)
        .filter(client=client)
        .order_by("pk")
        .values_list("full_name", "user__email")
    ]
