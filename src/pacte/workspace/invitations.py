"""The emails that bring people in: the invitation to join a workspace, and the link that
lets a new portal user choose their password."""

import logging
import smtplib

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import formats
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)


def send_invitation(*, user, workspace) -> None:
    """Runs after the commit: the person exists whatever the mail server says; a failure is
    logged, and a password reset from the sign-in page sends the same link."""
    try:
        _send(user=user, workspace=workspace)
    except (OSError, smtplib.SMTPException):
        logger.exception("The invitation to %s could not be sent", user.email)


def _send(*, user, workspace) -> None:
    path = reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    send_mail(
        subject=_("You have been invited to %(workspace)s on Pacte") % {"workspace": workspace},
        message=_(
            "Hello,\n\nYou now have access to %(workspace)s on Pacte. "
            "Choose your password here:\n\n%(link)s\n"
        )
        % {"workspace": workspace, "link": settings.BASE_URL + path},
        from_email=None,
        recipient_list=[user.email],
    )


def send_member_invitation(*, invitation, raw_key: str) -> None:
    """The invitation to join a workspace. Its link works for everyone: a person who signs in
    already answers after signing in, a person with no account chooses a password there."""
    try:
        _send_member_invitation(invitation=invitation, raw_key=raw_key)
    except (OSError, smtplib.SMTPException):
        logger.exception("The invitation to %s could not be sent", invitation.email)


def _send_member_invitation(*, invitation, raw_key: str) -> None:
    link = settings.BASE_URL + reverse("invitation_link", kwargs={"key": raw_key})
    inviter = invitation.invited_by
    context = {
        "workspace": invitation.workspace.name,
        "inviter": inviter.get_full_name() if inviter else invitation.workspace.name,
        "role": str(invitation.get_role_display()).lower(),
        "link": link,
        "expires": formats.date_format(invitation.expires_at, "DATE_FORMAT"),
    }
    send_mail(
        subject=_("%(inviter)s invites you to join %(workspace)s on Pacte") % context,
        message=_(
            "Hello,\n\n%(inviter)s invites you to join %(workspace)s on Pacte, as %(role)s.\n\n"
            "To accept or decline, open this link (valid until %(expires)s):\n\n%(link)s\n\n"
            "If you do not know this workspace, ignore this email: nothing changes until you "
            "answer.\n"
        )
        % context,
        from_email=None,
        recipient_list=[invitation.email],
    )


def send_portal_notice(*, user, workspace, client) -> None:
    """Tells a person who already signs in to Pacte that a client portal is now open to them."""
    try:
        send_mail(
            subject=_("The client portal of %(workspace)s is open to you")
            % {"workspace": workspace},
            message=_(
                "Hello,\n\n%(workspace)s opened its client portal to you, for %(client)s. "
                "Sign in with your usual address and password, then choose %(workspace)s in "
                "“Workspaces and invitations”:\n\n%(link)s\n"
            )
            % {"workspace": workspace, "client": client.name, "link": settings.BASE_URL + "/"},
            from_email=None,
            recipient_list=[user.email],
        )
    except (OSError, smtplib.SMTPException):
        logger.exception("The portal notice to %s could not be sent", user.email)
