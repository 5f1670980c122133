"""Writes on portal access: who on the client's side may sign in to the portal."""

from django.db import transaction
from django.utils.translation import gettext as _

from pacte.clients.selectors import client_get
from pacte.kernel import ledger
from pacte.kernel.errors import Conflict, full_clean_or_raise
from pacte.kernel.models import Member, User
from pacte.kernel.permissions import Perm
from pacte.kernel.tenancy import Actor
from pacte.workspace.invitations import send_invitation, send_portal_notice
from pacte.workspace.services import account_create, normalised_email

from .models import PortalUser


def portal_user_create(
    *, actor: Actor, client_id: int, email: str, password: str | None = None, full_name: str = ""
) -> PortalUser:
    actor.require(Perm.PORTAL_USER_MANAGE)
    email = normalised_email(email)
    full_name = (full_name or "").strip()
    # The typed name is checked before anything is looked up, so that an address with an
    # account and one without are refused, or accepted, alike.
    full_clean_or_raise(
        PortalUser(full_name=full_name),
        exclude=["workspace", "user", "client"],
        validate_unique=False,
        validate_constraints=False,
    )
    with transaction.atomic():
        client = client_get(actor=actor, client_id=client_id)
        user = User.objects.filter(email=email).first()
        if user is None:
            user = account_create(email=email, password=password, full_name=full_name)
        else:
            # One person may be a member of one workspace and a portal user of another's
            # client (issue 10, item 2). Only what this workspace knows is refused, so the
            # answer never tells whether the address has an account elsewhere; an existing
            # account keeps its name and password.
            _refuse_a_second_place(actor, user, email)
        access = PortalUser(
            workspace=actor.workspace, user=user, client=client, full_name=full_name
        )
        full_clean_or_raise(access, exclude=["user"], validate_constraints=False)
        access.save()
        ledger.append(
            actor=actor,
            action="portal_user.added",
            subject=access,
            payload={"email": email, "client": client.name},
        )
        if user.has_usable_password():
            transaction.on_commit(
                lambda: send_portal_notice(user=user, workspace=actor.workspace, client=client)
            )
        else:
            transaction.on_commit(lambda: send_invitation(user=user, workspace=actor.workspace))
    return access


def _refuse_a_second_place(actor: Actor, user: User, email: str) -> None:
    """A person holds one place per workspace: a member, or the portal of one client."""
    if Member.objects.in_workspace(actor.workspace).filter(user=user).exists():
        raise Conflict(
            _("%(email)s is a member of this workspace: members already see every client.")
            % {"email": email},
            code="member",
        )
    if PortalUser.objects.in_workspace(actor.workspace).filter(user=user).exists():
        raise Conflict(
            _(
                "%(email)s already has portal access in this workspace: a person opens the "
                "portal of one client."
            )
            % {"email": email},
            code="already_portal_user",
        )
