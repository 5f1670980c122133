"""Parsing helpers shared by the services: every face hands over raw values, and a bad one
becomes an InvalidInput naming the field, in the user's language."""

from __future__ import annotations

import datetime as dt

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
