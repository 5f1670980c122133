import datetime as dt
from dataclasses import dataclass, field
from itertools import groupby

from django.utils import timezone
from django.utils.translation import gettext_lazy

from pacte.assets.models import Asset, AssetKind, Party
from pacte.assets.ownership import Reversibility, Violation
from pacte.assets.selectors import asset_list, client_reversibility
from pacte.casestudies.anonymiser import PersonRecord
from pacte.deadlines.schedule import Occurrence, deadline_calendar, urgency, warning_days
from pacte.engagements.models import Engagement, EngagementStatus
from pacte.engagements.selectors import engagement_get
from pacte.handoff.models import HandoffPlan, HandoffStep, StepStatus
from pacte.kernel.errors import NotFound
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
    return Actor(
        workspace=access.workspace,
        role=PORTAL,
        user=user,
        client_id=access.client_id,
        # Per-contact rights (DOMAIN §9), resolved once here for every face (web, API, feed).
        portal_scopes=access.scopes,
    )


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


def own_access(*, actor: Actor) -> PortalUser:
    """The portal user's own access row (their rights, their reminder subscription)."""
    actor.require(Perm.PORTAL_VIEW)
    return actor.get_or_404(PortalUser.objects.filter(user=actor.user), client_id=actor.client_id)


# --- Assets: who owns, pays and holds each one (DOMAIN §9, R-OWN) ------------------------------


# Who owns or pays, said to the client: "you", not "the client".
PARTY_TO_THE_CLIENT = {
    Party.CLIENT: gettext_lazy("You"),
    Party.US: gettext_lazy("Your provider"),
    Party.THIRD_PARTY: gettext_lazy("A third party"),
}


@dataclass
class PortalAsset:
    asset: Asset
    # R-OWN's fixes that concern this asset, as the reversibility score found them.
    fixes: list[str] = field(default_factory=list)

    @property
    def owner(self) -> str:
        return str(PARTY_TO_THE_CLIENT.get(self.asset.legal_owner, self.asset.legal_owner))

    @property
    def payer(self) -> str:
        return str(PARTY_TO_THE_CLIENT.get(self.asset.payer, self.asset.payer))


@dataclass
class AssetGroup:
    kind: str
    label: str
    rows: list[PortalAsset]


@dataclass
class PortalAssets:
    groups: list[AssetGroup]
    reversibility: Reversibility
    # Fixes that name no one asset (no email alias on the client's domain, say).
    client_fixes: list[Violation]

    @property
    def count(self) -> int:
        return sum(len(group.rows) for group in self.groups)


def portal_assets(*, actor: Actor, client) -> PortalAssets:
    """The client's assets grouped by kind, each with the reversibility fixes that concern it
    (R-OWN, as `assets.selectors.client_reversibility` scores it). Four queries whatever the
    number of assets. Credentials appear by reference only: Pacte stores no secret."""
    actor.require(Perm.OPERATIONS_VIEW)
    assets = list(asset_list(actor=actor, client=client))
    reversibility = client_reversibility(actor=actor, client=client)
    fixes_of: dict[int, list[str]] = {}
    client_fixes = []
    for violation in reversibility.violations:
        if violation.asset_id is None:
            client_fixes.append(violation)
        else:
            fixes_of.setdefault(violation.asset_id, []).append(violation.fix)
    labels = dict(AssetKind.choices)
    order = {kind: at for at, kind in enumerate(AssetKind.values)}
    assets.sort(key=lambda a: (order.get(a.kind, len(order)), a.identifier.lower(), a.pk))
    groups = [
        AssetGroup(
            kind,
            str(labels.get(kind, kind)),
            [PortalAsset(asset, fixes_of.get(asset.pk, [])) for asset in rows],
        )
        for kind, rows in groupby(assets, key=lambda a: a.kind)
    ]
    return PortalAssets(groups, reversibility, client_fixes)


# --- Deadlines: the client's cancel-by dates (R-DEADLINE) --------------------------------------


@dataclass(frozen=True)
class PortalDeadline:
    occurrence: Occurrence
    level: str  # "bad", "warn" or "": how close the cancel-by date is


def portal_deadlines(*, actor: Actor, today: dt.date | None = None) -> list[PortalDeadline]:
    """The client's cancel-by and renewal dates of the next twelve months, in order (the
    calendar feed's dates). One query whatever the number of assets."""
    actor.require(Perm.OPERATIONS_VIEW)
    thresholds = warning_days(actor.workspace)
    return [
        PortalDeadline(occurrence, urgency(occurrence, thresholds))
        for occurrence in deadline_calendar(actor=actor, today=today)
    ]


# --- Handoff: the plan and dossier of an engagement coming to an end (DOMAIN §6) ---------------

HANDOFF_STATUSES = (EngagementStatus.CLOSING, EngagementStatus.CLOSED, EngagementStatus.TERMINATED)


@dataclass
class PortalHandoff:
    engagement: Engagement
    plan: HandoffPlan | None
    steps: list[HandoffStep]

    @property
    def done(self) -> int:
        return sum(step.status == StepStatus.DONE for step in self.steps)


def portal_handoffs(*, actor: Actor) -> list[PortalHandoff]:
    """The client's engagements that are closing or ended, each with its handoff plan and
    steps (owner, due date, status). Three queries whatever the number of engagements."""
    actor.require(Perm.OPERATIONS_VIEW)
    engagements = list(
        Engagement.objects.for_actor(actor)
        .filter(status__in=HANDOFF_STATUSES)
        .order_by("-created_at", "-pk")
    )
    plans = {
        plan.engagement_id: plan
        for plan in HandoffPlan.objects.for_actor(actor).filter(engagement__in=engagements)
    }
    steps: dict[int, list[HandoffStep]] = {}
    for step in (
        HandoffStep.objects.for_actor(actor)
        .filter(plan__in=list(plans.values()))
        .select_related("asset")
        .order_by("due_on", "asset__kind", "pk")
    ):
        steps.setdefault(step.plan_id, []).append(step)
    return [
        PortalHandoff(
            engagement,
            plans.get(engagement.pk),
            steps.get(plans[engagement.pk].pk, []) if engagement.pk in plans else [],
        )
        for engagement in engagements
    ]


def portal_handoff_relevant(*, actor: Actor) -> bool:
    """Whether one of the client's engagements is closing or ended: the portal then shows its
    handoff (one query)."""
    if not actor.can(Perm.OPERATIONS_VIEW):
        return False
    return Engagement.objects.for_actor(actor).filter(status__in=HANDOFF_STATUSES).exists()


def portal_dossier_engagement(*, actor: Actor, engagement_id) -> Engagement:
    """An engagement of the client's whose handoff dossier may be downloaded: closing or
    ended. Another client's, or one still running, is not found."""
    actor.require(Perm.OPERATIONS_VIEW)
    engagement = engagement_get(actor=actor, engagement_id=engagement_id)
    if engagement.status not in HANDOFF_STATUSES:
        raise NotFound()
    return engagement


# --- Home: what needs the client's attention ----------------------------------------------------

NEXT_DEADLINES = 3


@dataclass
class Overview:
    deadlines: list[PortalDeadline] | None  # None: not theirs to see


def portal_overview(*, actor: Actor, today: dt.date | None = None) -> Overview:
    """The portal home's summary, within the person's rights: the next cancel-by dates (one
    query). The reversibility a client deciding whether to renew wants is on the scorecard
    ("keeps the client in control") and the assets page."""
    actor.require(Perm.PORTAL_VIEW)
    if not actor.can(Perm.OPERATIONS_VIEW):
        return Overview(None)
    today = today or timezone.localdate()
    upcoming = [d for d in portal_deadlines(actor=actor, today=today) if not d.occurrence.missed]
    return Overview(upcoming[:NEXT_DEADLINES])
