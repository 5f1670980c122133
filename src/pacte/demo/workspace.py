"""The agency itself: the workspace "Atelier Lumière", its owner and three members (one per
role: manager, consultant, viewer), and the client-portal login of Boulangerie Martin's
manager. Everyone shares the same demo password, printed by `pacte demo`; the logins
themselves (emails, names, roles) are the package's constants in `__init__.py`, readable
without Django.
"""

from __future__ import annotations

from pacte.clients.services import client_update
from pacte.kernel.models import Member, Workspace
from pacte.kernel.selectors import actor_for_user
from pacte.kernel.tenancy import Actor
from pacte.portal.services import (
    portal_renewal_reminders_set,
    portal_user_create,
    portal_user_rights_set,
)
from pacte.reminders.services import reminders_scan
from pacte.workspace.services import member_add, workspace_create

from . import (
    DEMO_MEMBERS,
    DEMO_OWNER,
    DEMO_OWNER_NAME,
    DEMO_PASSWORD,
    DEMO_PORTAL_ACCOUNTANT,
    DEMO_PORTAL_USER,
    DEMO_WORKSPACE,
)


def demo_workspace_exists() -> bool:
    return Workspace.objects.filter(name__iexact=DEMO_WORKSPACE).exists()


def workspace_owner(workspace):
    return Member.objects.in_workspace(workspace).select_related("user").get(role="owner").user


def agency():
    """The workspace, its owner and members; returns the workspace and the owner's actor."""
    workspace = workspace_create(
        name=DEMO_WORKSPACE,
        owner_email=DEMO_OWNER,
        owner_password=DEMO_PASSWORD,
        owner_name=DEMO_OWNER_NAME,
    )
    owner = actor_for_user(workspace_owner(workspace), workspace.pk)
    # The demo's people sign in with a known password: the operator adds them directly, as
    # `pacte user create` does, instead of inviting them.
    operator = Actor.system(workspace)
    for email, name, role in DEMO_MEMBERS:
        member_add(actor=operator, email=email, role=role, password=DEMO_PASSWORD, full_name=name)
    return workspace, owner


def portal_user(b, client):
    """Hélène Martin signs in to the client portal and sees Boulangerie Martin only."""
    email, name, _client_name = DEMO_PORTAL_USER
    helene = portal_user_create(
        actor=b.actor, client_id=client.pk, email=email, password=DEMO_PASSWORD, full_name=name
    )
    # She asked to be told before each tacit renewal of the bakery's assets (DOMAIN §9).
    portal_renewal_reminders_set(
        actor=actor_for_user(helene.user, b.actor.workspace.pk), subscribed=True
    )
    portal_accountant(b, client)
    return helene


def portal_accountant(b, client):
    """Denis Roux, the bakery's accountant, sees the invoices and the settlement only."""
    email, name, _client_name = DEMO_PORTAL_ACCOUNTANT
    access = portal_user_create(
        actor=b.actor, client_id=client.pk, email=email, password=DEMO_PASSWORD, full_name=name
    )
    return portal_user_rights_set(
        actor=b.actor, portal_user_id=access.pk, finance=True, operations=False, decisions=False
    )


def responsible_member(b, client):
    """Sarah Benali answers for Boulangerie Martin: its reminders (a cancel-by date, an invoice
    overdue) reach her rather than the owner."""
    sarah = Member.objects.in_workspace(b.actor.workspace).get(
        user__email="sarah@atelier-lumiere.example"
    )
    client_update(actor=b.actor, client_id=client.pk, responsible=sarah.pk)


def reminders_of_the_day(b):
    """Today's reminders (cancel-by dates, invoices overdue…), stored and queued."""
    reminders_scan(actor=Actor.system(b.actor.workspace))
