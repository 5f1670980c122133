"""Parsing helpers shared by the services: every face hands over raw values, and a bad one
becomes an InvalidInput naming the field, in the user's language."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from .errors import InvalidInput


def parse_date(value, *, field: str, required: bool = True) -> dt.date | None:
    if value in (None, ""):
        if required:
            raise InvalidInput(
                _("%(field)s: a date is required.") % {"field": field},
                fields={field: [_("This field is required.")]},
            )
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise InvalidInput(
            _("%(field)s: “%(value)s” is not a date (use YYYY-MM-DD).")
            % {"field": field, "value": value},
            fields={field: [_("Enter a date as YYYY-MM-DD.")]},
        ) from None


def require_text(value, *, field: str, max_length: int | None = None) -> str:
    text = (value or "").strip() if isinstance(value, str) or value is None else str(value)
    if not text:
        raise InvalidInput(
            _("%(field)s: this cannot be empty.") % {"field": field},
            fields={field: [_("This field is required.")]},
        )
    if max_length and len(text) > max_length:
        raise InvalidInput(
            _("%(field)s: at most %(n)s characters.") % {"field": field, "n": max_length},
            fields={field: [_("Too long.")]},
        )
    return text


def parse_choice(value, choices, *, field: str) -> str:
    if value not in choices.values:
        raise InvalidInput(
            _("%(field)s: “%(value)s” is not one of %(choices)s.")
            % {"field": field, "value": value, "choices": ", ".join(choices.values)},
            fields={field: [_("Choose a value from the list.")]},
        )
    return value


def parse_int(
    value,
    *,
    field: str,
    minimum: int,
    maximum: int,
    message: str,
    field_message: str,
    required: bool = True,
) -> int | None:
    """A whole number within [minimum, maximum], from an int, a str or a whole float.

    90.5 or True is not a count: refused, never silently cut. `message` says what is expected
    (“A duration is between 1 minute and 24 hours.”), `field_message` the same beside the field.
    """
    if value in (None, ""):
        if required:
            raise InvalidInput(message, fields={field: [_("This field is required.")]})
        return None
    number = None
    if not isinstance(value, bool):
        try:
            if isinstance(value, float):
                number = int(value) if value.is_integer() else None
            else:
                text = str(value).strip()
                whole = Decimal(text.replace(",", "."))
                number = int(whole) if whole.is_finite() and whole == whole.to_integral() else None
        except (InvalidOperation, ValueError, OverflowError):
            number = None
    if number is None or not minimum <= number <= maximum:
        raise InvalidInput(message, fields={field: [field_message]})
    return number


def parse_decimal(
    value,
    *,
    field: str,
    minimum: Decimal,
    maximum: Decimal,
    message: str,
    field_message: str,
    places: int | None = 2,
    above_minimum: bool = False,
) -> Decimal:
    """A decimal within its bounds, as typed in French or English (“12,5” or “12.5”),
    rounded to `places` decimals (None: as typed, for the model's validators to judge).
    `above_minimum` excludes the minimum itself."""
    try:
        if isinstance(value, bool):
            raise ValueError
        text = str(value).strip().replace("\u00a0", "").replace("\u202f", "").replace(" ", "")
        if "," in text and "." not in text:
            text = text.replace(",", ".")
        number = Decimal(text)
    except (InvalidOperation, ValueError):
        number = None
    too_low = (
        number is not None
        and number.is_finite()
        and (number < minimum or (above_minimum and number == minimum))
    )
    if number is None or not number.is_finite() or too_low or number > maximum:
        raise InvalidInput(message, fields={field: [field_message]})
    return number if places is None else number.quantize(Decimal(1).scaleb(-places))
