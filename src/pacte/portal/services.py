"""Writes on portal access: who on the client's side may sign in to the portal."""

from django.db import transaction
from django.utils.translation import gettext as _

from pacte.clients.selectors import client_get
from pacte.kernel import ledger
from pacte.kernel.errors import Conflict, InvalidInput, full_clean_or_raise
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


def portal_user_rights_set(
    *, actor: Actor, portal_user_id: int, finance=False, operations=False, decisions=False
) -> PortalUser:
    """Per-contact rights (DOMAIN §9): what one person of the client's side may see and do in the
    portal. A person with none of the three keeps their engagements and their provider's
    contacts only. Journaled: who may read the client's invoices or decide in their name."""
    actor.require(Perm.PORTAL_USER_MANAGE)
    rights = {
        "finance": _as_flag(finance),
        "operations": _as_flag(operations),
        "decisions": _as_flag(decisions),
    }
    with transaction.atomic():
        access = actor.get_or_404(
            PortalUser.objects.select_for_update().select_related("user", "client"),
            pk=portal_user_id,
        )
        if all(getattr(access, name) == value for name, value in rights.items()):
            return access
        for name, value in rights.items():
            setattr(access, name, value)
        access.save(update_fields=[*rights])
        ledger.append(
            actor=actor,
            action="portal_user.rights_changed",
            subject=access,
            payload={"email": access.user.email, "client": access.client.name, **rights},
        )
    return access


def portal_renewal_reminders_set(*, actor: Actor, subscribed=False) -> PortalUser:
    """The portal user's own choice (DOMAIN §9): receive, or stop receiving, the renewal
    reminders of their client's assets. Needs the operations right."""
    actor.require(Perm.PORTAL_VIEW)
    actor.require(Perm.OPERATIONS_VIEW)
    subscribed = _as_flag(subscribed)
    with transaction.atomic():
        access = actor.get_or_404(
            PortalUser.objects.select_for_update().filter(user=actor.user),
            client_id=actor.client_id,
        )
        if access.renewal_reminders != subscribed:
            access.renewal_reminders = subscribed
            access.save(update_fields=["renewal_reminders"])
            ledger.append(
                actor=actor,
                action="portal_user.reminders_changed",
                subject=access,
                payload={"email": actor.user.email, "subscribed": subscribed},
            )
    return access


def _as_flag(value) -> bool:
    # Forms give booleans; anything else (a face passing a raw value) is read strictly.
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in {"true", "1", "yes", "on"}:
        return True
    if value in (None, "") or (
        isinstance(value, str) and value.strip().lower() in {"false", "0", "no", "off"}
    ):
        return False
    raise InvalidInput(_("Choose yes or no."))
