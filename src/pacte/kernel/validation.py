"""Parsing helpers shared by the services: every face hands over raw values, and a bad one
becomes an InvalidInput naming the field, in the user's language."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .errors import InvalidInput

# The longest multi-line text a person may write (notes, descriptions, minutes, reasons):
# some twelve pages, far more than any note needs, and a bound on what one request stores.
TEXT_MAX_LENGTH = 20_000

# Characters no text in Pacte may hold, even on several lines:
# - the C0 controls but tab, line feed and carriage return, DEL and the C1 controls: NUL
#   breaks PostgreSQL and C strings, ESC (and the C1 CSI) drives a terminal that prints the
#   text (`pacte clients list`), and none of them is ever typed on purpose;
# - lone surrogates (U+D800-DFFF), which a JSON body can carry ("\ud800") but no encoding
#   can store;
# - the bidirectional embeddings, overrides and isolates (U+202A-202E, U+2066-2069), which
#   make a text display in another order than it is stored ("Trojan Source"): evidence
#   that reads differently from what it says. The marks a right-to-left writer really uses
#   (LRM U+200E, RLM U+200F, ALM U+061C) stay allowed, and so do the other format
#   characters (zero-width joiners of emoji and Indic scripts, the soft hyphen).
_NEVER = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069"
# A single-line text (a name, a title, a reference) holds no line break either: tab, line
# feed, carriage return, and the Unicode line and paragraph separators.
_NOT_ON_ONE_LINE = _NEVER + "\t\n\r\u2028\u2029"

_MULTI_LINE_REFUSED = re.compile(f"[{_NEVER}]")
_SINGLE_LINE_REFUSED = re.compile(f"[{_NOT_ON_ONE_LINE}]")
# What a terminal must not receive raw, even from rows stored before these rules: all that
# a single line refuses (see `pacte.kernel.management.output`).
UNPRINTABLE = _SINGLE_LINE_REFUSED


def _refuse(pattern: re.Pattern, value, message) -> None:
    found = pattern.search(value) if isinstance(value, str) else None
    if found:
        raise ValidationError(
            message,
            code="control_character",
            params={"char": f"U+{ord(found.group()):04X}"},
        )


def refuse_control_characters(value) -> None:
    """Validator of single-line text: no control character, line break, lone surrogate or
    bidirectional override (see _NEVER)."""
    _refuse(
        _SINGLE_LINE_REFUSED,
        value,
        gettext_lazy(
            "This text holds a control character or a line break (%(char)s), "
            "which is not allowed here: remove it."
        ),
    )


def refuse_nul_and_escapes(value) -> None:
    """Validator of multi-line text: line breaks and tabs are welcome, NUL, escape codes and
    the other characters of _NEVER are not."""
    _refuse(
        _MULTI_LINE_REFUSED,
        value,
        gettext_lazy(
            "This text holds a control character (%(char)s), which is not allowed: remove it."
        ),
    )


# What the models give their fields: `validators=SINGLE_LINE_TEXT` on a CharField (which
# keeps its own max_length), `max_length=TEXT_MAX_LENGTH, validators=MULTI_LINE_TEXT` on a
# TextField (whose max_length Django does not enforce by itself).
SINGLE_LINE_TEXT = [refuse_control_characters]
MULTI_LINE_TEXT = [refuse_nul_and_escapes, MaxLengthValidator(TEXT_MAX_LENGTH)]


def clean_fields_or_raise(instance, fields: Iterable[str]) -> None:
    """The model's field validation (length, characters, choices) of the `fields` a service
    writes with `save(update_fields=…)`, as a domain error, for writes that do not run the
    whole `full_clean` (a move of a lifecycle, a note recorded on the way)."""
    written = set(fields)
    others = [
        f.name
        for f in instance._meta.concrete_fields
        if f.name not in written and f.attname not in written
    ]
    try:
        instance.clean_fields(exclude=others)
    except ValidationError as exc:
        raise InvalidInput.from_validation_error(exc) from None


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
