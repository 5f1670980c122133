"""The email that lets a newly added person choose their password."""

import logging
import smtplib

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.urls import reverse
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
