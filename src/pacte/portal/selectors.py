from pacte.core.models import Member
from pacte.core.permissions import Perm, Role
from pacte.core.tenancy import Actor


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
