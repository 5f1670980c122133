"""Writes on portal access: who on the client's side may sign in to the portal."""

from django.db import transaction
from django.utils.translation import gettext as _

from pacte.clients.selectors import client_get
from pacte.kernel import ledger
from pacte.kernel.errors import Conflict, full_clean_or_raise
from pacte.kernel.models import User
from pacte.kernel.permissions import Perm
from pacte.kernel.tenancy import Actor
from pacte.workspace.invitations import send_invitation
from pacte.workspace.services import check_password_strength, normalised_email

from .models import PortalUser


def portal_user_create(
    *, actor: Actor, client_id: int, email: str, password: str | None = None, full_name: str = ""
) -> PortalUser:
    actor.require(Perm.PORTAL_USER_MANAGE)
    email = normalised_email(email)
    with transaction.atomic():
        client = client_get(actor=actor, client_id=client_id)
        if User.objects.filter(email=email).exists():
            raise Conflict(
                _("%(email)s already has an account: a portal user needs an address of their own.")
                % {"email": email},
                code="email_taken",
            )
        user = User(email=email, full_name=full_name.strip())
        if password:
            check_password_strength(password, user)
            user.set_password(password)
        else:
            user.set_unusable_password()
        full_clean_or_raise(user, exclude=["password"])
        user.save()
        access = PortalUser(workspace=actor.workspace, user=user, client=client)
        # The user was created just above, so the one-to-one cannot clash.
        full_clean_or_raise(access, exclude=["user"])
        access.save()
        ledger.append(
            actor=actor,
            action="portal_user.added",
            subject=access,
            payload={"email": email, "client": client.name},
        )
        if not password:
            transaction.on_commit(lambda: send_invitation(user=user, workspace=actor.workspace))
    return access
