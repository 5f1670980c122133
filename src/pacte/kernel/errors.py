"""Domain errors: raised by services and selectors, translated once per face.

Each error has a stable `code` (what API clients and tests match on) and a translatable
message (what a person reads). The API turns them into {"code", "detail"} with `status`; the
web views into messages or form errors; the CLI into one line and a non-zero exit.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    status = 400
    code = "invalid"
    default_message = _("This request cannot be carried out.")

    def __init__(self, message=None, *, code: str | None = None, fields: dict | None = None):
        self.message = message if message is not None else self.default_message
        if code:
            self.code = code
        self.fields = fields or {}
        super().__init__(str(self.message))

    @property
    def detail(self) -> str:
        return str(self.message)


class InvalidInput(DomainError):
    status = 400
    code = "invalid"
    default_message = _("Some values are not valid.")

    @classmethod
    def from_validation_error(cls, exc: ValidationError) -> InvalidInput:
        if hasattr(exc, "error_dict"):
            fields = {name: [str(m) for m in msgs] for name, msgs in exc.message_dict.items()}
            first = next(iter(fields.items()))
            label = "" if first[0] == "__all__" else f"{first[0]}: "
            return cls(f"{label}{first[1][0]}", fields=fields)
        return cls(" ".join(str(m) for m in exc.messages))


class NotAuthenticated(DomainError):
    status = 401
    code = "unauthenticated"
    default_message = _("Authentication is required: send a valid bearer token.")


class PermissionDenied(DomainError):
    status = 403
    code = "forbidden"
    default_message = _("Your role does not allow this action.")


class NotFound(DomainError):
    """Answered both for what does not exist and for what the actor may not see."""

    status = 404
    code = "not_found"
    default_message = _("Not found.")


class Conflict(DomainError):
    status = 409
    code = "conflict"
    default_message = _("This action conflicts with the current state.")


class Throttled(DomainError):
    """Too many attempts from one address or one network: `retry_after` says in how many
    seconds the window that refused it ends (the API sends it as `Retry-After`)."""

    status = 429
    code = "throttled"
    default_message = _("Too many attempts: try again later.")

    def __init__(self, message=None, *, retry_after: int = 60, code: str | None = None):
        self.retry_after = max(int(retry_after), 1)
        if message is None:
            minutes = -(-self.retry_after // 60)  # rounded up
            if minutes <= 1:
                message = gettext("Too many attempts: try again in a minute.")
            else:
                message = gettext("Too many attempts: try again in %(minutes)d minutes.") % {
                    "minutes": minutes
                }
        super().__init__(message, code=code)


def full_clean_or_raise(instance, **kwargs) -> None:
    """Run model validation and re-raise Django's ValidationError as a domain error."""
    try:
        instance.full_clean(**kwargs)
    except ValidationError as exc:
        raise InvalidInput.from_validation_error(exc) from None
