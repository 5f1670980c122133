from pacte.kernel.models import Member
from pacte.kernel.permissions import PORTAL, Perm, Role
from pacte.kernel.tenancy import Actor

from .models import PortalUser


def actor_for_portal_user(user) -> Actor | None:
    """A signed-in person of the client's side: they act in their client's workspace only."""
    access = (
        PortalUser.objects.across_workspaces().filter(user=user).select_related("workspace").first()
    )
    if access is None:
        return None
    return Actor(workspace=access.workspace, role=PORTAL, user=user, client_id=access.client_id)


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


def portal_overview(*, actor: Actor) -> dict:
    """What the client's own people see: their engagements, the decisions waiting for them,
    the decisions they took, and their open invoices. Every query is limited to their client
    by `for_actor`."""
    from pacte.billing.models import Invoice
    from pacte.decisions.models import Decision, Recommendation, RecommendationStatus
    from pacte.engagements.models import Engagement

    actor.require(Perm.PORTAL_VIEW)
    return {
        "engagements": list(Engagement.objects.for_actor(actor).order_by("-created_at")),
        "awaiting": list(
            Recommendation.objects.for_actor(actor)
            .filter(status__in=[RecommendationStatus.OPEN, RecommendationStatus.DEFERRED])
            .select_related("engagement")
            .order_by("made_on", "pk")
        ),
        # R-NO: what they refused stays before their eyes, and they may change their mind.
        "refused": list(
            Recommendation.objects.for_actor(actor)
            .filter(status=RecommendationStatus.REFUSED)
            .select_related("engagement")
            .order_by("made_on", "pk")
        ),
        "decisions": list(
            Decision.objects.for_actor(actor)
            .select_related("recommendation")
            .order_by("-decided_on", "-pk")
        ),
        "open_invoices": list(
            Invoice.objects.for_actor(actor)
            .filter(paid_in_full_on__isnull=True)
            .select_related("engagement")
            .order_by("due_on")
        ),
    }
