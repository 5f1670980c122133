"""Who may do what: the one permission table of Pacte.

Every face asks `actor.require(Perm.X)`; nothing else decides on roles. A portal user's
permissions are those of the `portal` role below, always within their own client.
"""

from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    OWNER = "owner", _("Owner")
    MANAGER = "manager", _("Manager")
    CONSULTANT = "consultant", _("Consultant")
    VIEWER = "viewer", _("Viewer")


PORTAL = "portal"
SYSTEM = "system"  # the operator at the command line, or a scheduled task


class Perm(StrEnum):
    WORKSPACE_VIEW = "workspace.view"
    MEMBER_VIEW = "member.view"
    MEMBER_MANAGE = "member.manage"
    TOKEN_CREATE_OWN = "token.create_own"
    TOKEN_MANAGE_ALL = "token.manage_all"
    LEDGER_VIEW = "ledger.view"
    CLIENT_VIEW = "client.view"
    CLIENT_EDIT = "client.edit"
    PORTAL_USER_MANAGE = "portal_user.manage"
    PORTAL_VIEW = "portal.view"
    WORKSPACE_POLICY = "workspace.policy"
    # The provider's own working view: notes, silence flags, risks not yet announced.
    INTERNAL_VIEW = "internal.view"
    ENGAGEMENT_VIEW = "engagement.view"
    ENGAGEMENT_EDIT = "engagement.edit"
    DEPOSIT_OVERRIDE = "engagement.deposit_override"
    BILLING_VIEW = "billing.view"
    BILLING_EDIT = "billing.edit"
    TIME_LOG = "time.log"
    CHANGE_REQUEST_EDIT = "change_request.edit"
    RECOMMENDATION_EDIT = "recommendation.edit"
    DECISION_RECORD = "decision.record"
    EXCHANGE_LOG = "exchange.log"
    RISK_EDIT = "risk.edit"
    ASSET_EDIT = "asset.edit"
    ACTION_LOG = "action.log"
    HANDOFF_EDIT = "handoff.edit"
    HANDOFF_OVERRIDE = "handoff.override"
    CALENDAR_FEED = "calendar.feed"
    # Governance (DOMAIN §4): support requests are opened by members and by the client's people;
    # an SLA is proposed by the provider and agreed by either side.
    SUPPORT_REQUEST_OPEN = "support_request.open"
    SUPPORT_REQUEST_HANDLE = "support_request.handle"
    SLA_EDIT = "sla.edit"
    SLA_AGREE = "sla.agree"
    REVIEW_EDIT = "review.edit"
    STAGE_CONFIRM = "stage.confirm"
    # R-CONSENT (DOMAIN §7): the register is read by members and by the client's own people;
    # a consent is recorded by writers, or given, refused and revoked by the client in the
    # portal (its decision-makers only, checked in the service). The reference list leaves Pacte.
    CONSENT_VIEW = "consent.view"
    CONSENT_RECORD = "consent.record"
    REFERENCE_EXPORT = "reference.export"
    SETTLEMENT_ADJUST = "settlement.adjust"
    # Conflict cases (DOMAIN §3): the provider's own file, never shown in the portal.
    CONFLICT_EDIT = "conflict.edit"
    # Case studies (R-CONSENT): written by those who write; published (exported) by those
    # who answer for the firm's secrecy.
    CASE_STUDY_EDIT = "case_study.edit"
    CASE_STUDY_EXPORT = "case_study.export"
    # The outbox (every message sent for the workspace, and failed ones sent again).
    OUTBOX_MANAGE = "outbox.manage"
    # The dispute evidence pack (DOMAIN §8): a client's records and their proof leave Pacte.
    EVIDENCE_EXPORT = "evidence.export"
    # The whole workspace leaves Pacte (DOMAIN §9): every record, file and the ledger.
    WORKSPACE_EXPORT = "workspace.export"
    # Clients, contacts and invoices arrive from a spreadsheet (DOMAIN §1), through the services.
    CSV_IMPORT = "csv.import"
    # Status reports (DOMAIN §2): read by members and, once sent, by the client's people;
    # written by those who write; sent to the client by those who answer for the relationship.
    REPORT_VIEW = "report.view"
    REPORT_EDIT = "report.edit"
    REPORT_SEND = "report.send"
    # Per-contact portal rights (DOMAIN §9): reads the portal shares with members, each behind
    # one portal scope (see PORTAL_SCOPE_OF_PERM). Every member holds them.
    OPERATIONS_VIEW = "operations.view"
    DECISION_VIEW = "decision.view"


_MEMBERS = {Role.OWNER, Role.MANAGER, Role.CONSULTANT, Role.VIEWER}
_WRITERS = {Role.OWNER, Role.MANAGER, Role.CONSULTANT}

PERMISSIONS: dict[Perm, frozenset[str]] = {
    Perm.WORKSPACE_VIEW: frozenset(_MEMBERS),
    Perm.MEMBER_VIEW: frozenset(_MEMBERS),
    Perm.MEMBER_MANAGE: frozenset({Role.OWNER}),
    Perm.TOKEN_CREATE_OWN: frozenset(_MEMBERS | {PORTAL}),
    Perm.TOKEN_MANAGE_ALL: frozenset({Role.OWNER}),
    Perm.LEDGER_VIEW: frozenset({Role.OWNER, Role.MANAGER}),
    Perm.CLIENT_VIEW: frozenset(_MEMBERS | {PORTAL}),
    Perm.CLIENT_EDIT: frozenset(_WRITERS),
    Perm.PORTAL_USER_MANAGE: frozenset({Role.OWNER, Role.MANAGER}),
    Perm.PORTAL_VIEW: frozenset({PORTAL}),
    Perm.WORKSPACE_POLICY: frozenset({Role.OWNER}),
    Perm.INTERNAL_VIEW: frozenset(_MEMBERS),
    Perm.ENGAGEMENT_VIEW: frozenset(_MEMBERS | {PORTAL}),
    Perm.ENGAGEMENT_EDIT: frozenset(_WRITERS),
    # R-DEPOSIT: starting without the deposit is the owner's call alone.
    Perm.DEPOSIT_OVERRIDE: frozenset({Role.OWNER}),
    Perm.BILLING_VIEW: frozenset(_MEMBERS | {PORTAL}),
    Perm.BILLING_EDIT: frozenset({Role.OWNER, Role.MANAGER}),
    Perm.TIME_LOG: frozenset(_WRITERS),
    Perm.CHANGE_REQUEST_EDIT: frozenset(_WRITERS),
    Perm.RECOMMENDATION_EDIT: frozenset(_WRITERS),
    # A decision taken in the portal is the client's own written record (DOMAIN §1).
    Perm.DECISION_RECORD: frozenset(_WRITERS | {PORTAL}),
    Perm.EXCHANGE_LOG: frozenset(_WRITERS),
    Perm.RISK_EDIT: frozenset(_WRITERS),
    Perm.ASSET_EDIT: frozenset(_WRITERS),
    Perm.ACTION_LOG: frozenset(_WRITERS),
    Perm.HANDOFF_EDIT: frozenset(_WRITERS),
    # Closing with handoff steps still open is the owner's call, with a reason.
    Perm.HANDOFF_OVERRIDE: frozenset({Role.OWNER}),
    # The client's own people get a calendar address of their client's dates (DOMAIN §9).
    Perm.CALENDAR_FEED: frozenset(_MEMBERS | {PORTAL}),
    Perm.SUPPORT_REQUEST_OPEN: frozenset(_WRITERS | {PORTAL}),
    Perm.SUPPORT_REQUEST_HANDLE: frozenset(_WRITERS),
    Perm.SLA_EDIT: frozenset({Role.OWNER, Role.MANAGER}),
    # The client's agreement, given in the portal, is what turns a proposal into an SLA.
    Perm.SLA_AGREE: frozenset({Role.OWNER, Role.MANAGER, PORTAL}),
    Perm.REVIEW_EDIT: frozenset(_WRITERS),
    Perm.STAGE_CONFIRM: frozenset({Role.OWNER, Role.MANAGER}),
    Perm.CONSENT_VIEW: frozenset(_MEMBERS | {PORTAL}),
    Perm.CONSENT_RECORD: frozenset(_WRITERS | {PORTAL}),
    Perm.REFERENCE_EXPORT: frozenset(_WRITERS),
    # The final settlement: giving up what the client owes, or recording what we paid back,
    # is the owner's call alone (DOMAIN §3).
    Perm.SETTLEMENT_ADJUST: frozenset({Role.OWNER}),
    Perm.CONFLICT_EDIT: frozenset(_WRITERS),
    Perm.CASE_STUDY_EDIT: frozenset(_WRITERS),
    Perm.CASE_STUDY_EXPORT: frozenset({Role.OWNER, Role.MANAGER}),
    Perm.OUTBOX_MANAGE: frozenset({Role.OWNER}),
    Perm.EVIDENCE_EXPORT: frozenset({Role.OWNER, Role.MANAGER}),
    Perm.WORKSPACE_EXPORT: frozenset({Role.OWNER}),
    Perm.CSV_IMPORT: frozenset({Role.OWNER, Role.MANAGER}),
    Perm.REPORT_VIEW: frozenset(_MEMBERS | {PORTAL}),
    Perm.REPORT_EDIT: frozenset(_WRITERS),
    Perm.REPORT_SEND: frozenset({Role.OWNER, Role.MANAGER}),
    Perm.OPERATIONS_VIEW: frozenset(_MEMBERS | {PORTAL}),
    Perm.DECISION_VIEW: frozenset(_MEMBERS | {PORTAL}),
}


class PortalScope(StrEnum):
    """Per-contact rights (DOMAIN §9): what one person of the client's side
    may see and do in the portal. The accountant has finance only; an operations contact the
    assets, deadlines, handoff and support; a decision-maker the decisions and consents."""

    FINANCE = "finance"
    OPERATIONS = "operations"
    DECISIONS = "decisions"


ALL_PORTAL_SCOPES = frozenset(PortalScope)

# The portal scope a permission needs, for a portal actor; a permission not listed needs none
# (their engagements, their provider's contacts). Members are never narrowed by it.
PORTAL_SCOPE_OF_PERM: dict[Perm, PortalScope] = {
    Perm.BILLING_VIEW: PortalScope.FINANCE,
    Perm.OPERATIONS_VIEW: PortalScope.OPERATIONS,
    Perm.CALENDAR_FEED: PortalScope.OPERATIONS,
    Perm.SUPPORT_REQUEST_OPEN: PortalScope.OPERATIONS,
    Perm.SLA_AGREE: PortalScope.OPERATIONS,
    Perm.DECISION_VIEW: PortalScope.DECISIONS,
    Perm.DECISION_RECORD: PortalScope.DECISIONS,
    Perm.CONSENT_VIEW: PortalScope.DECISIONS,
    Perm.CONSENT_RECORD: PortalScope.DECISIONS,
}


def portal_scope_allows(scopes: frozenset, perm: Perm) -> bool:
    needed = PORTAL_SCOPE_OF_PERM.get(perm)
    return needed is None or needed in scopes


def role_may(role: str, perm: Perm) -> bool:
    if role == SYSTEM:
        return True
    return role in PERMISSIONS[perm]
