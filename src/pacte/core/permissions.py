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
}


def role_may(role: str, perm: Perm) -> bool:
    if role == SYSTEM:
        return True
    return role in PERMISSIONS[perm]
