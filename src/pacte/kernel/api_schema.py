"""What the API's OpenAPI description says beyond the types (issue 10, item 6): the limits and
enums of the input schemas, and the error responses of every operation.

The input schemas of each app declare their fields with these types, mirroring the models,
so that a request the description calls valid is one the services accept, and a request
they refuse breaks a limit the description states:

    class ClientIn(Schema):
        name: Line[200]                       # required: at least one visible character
        city: OptionalLine[120] = ""          # may be blank
        notes: Text = ""                      # multi-line, up to TEXT_MAX_LENGTH
        language: choice(["fr", "en"]) = "fr"
        preferred_channel: choice(Channel, blank=True) = ""
        value: Amount

`document_errors(schema)` adds the error responses ({"code", "detail"}) to each operation of
the generated description (see `pacte.api.PacteAPI`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, Strict, WithJsonSchema

from .validation import TEXT_MAX_LENGTH

# The longest multi-line text a person may write (notes, descriptions, reasons): the models'
# TextFields' bound, one constant for both.

# Characters no text may hold (mirrors `kernel.validation`'s model validators): the C0
# controls but tab, line feed and carriage return, DEL, the C1 controls, and the
# bidirectional embeddings, overrides and isolates. Lone surrogates are refused by the body
# parser already. Written as regex escapes, which Python, Rust (pydantic) and ECMA-262 (the
# description's readers) all read alike.
_NEVER = r"\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069"
# A single line holds no tab, line break, nor line or paragraph separator either.
_NOT_ON_ONE_LINE = _NEVER + r"\t\n\r\u2028\u2029"


def _pattern(refused: str, visible: int) -> str:
    """None of the `refused` characters, and at least `visible` that are not spaces (what
    the services strip is then never all of it)."""
    anything = f"[^{refused}]*"
    return "^" + anything + f"[^\\s{refused}]{anything}" * visible + "$"


def one_line_pattern(*, visible: int = 0) -> str:
    return _pattern(_NOT_ON_ONE_LINE, visible)


def stripped_pattern(*, min_length: int, max_length: int) -> str:
    """One line whose text, once its surrounding spaces are stripped, has `min_length` (2
    or more) to `max_length` characters (a search query)."""
    visible, anything = f"[^\\s{_NOT_ON_ONE_LINE}]", f"[^{_NOT_ON_ONE_LINE}]"
    space = f"[^\\S{_NOT_ON_ONE_LINE}]*"
    middle = f"{anything}{{0,{max_length - 2}}}"
    return f"^{space}{visible}{middle}{visible}{space}$"


# What a single line never holds (a search query is checked against it).
ONE_LINE_REFUSED = re.compile(f"[{_NOT_ON_ONE_LINE}]")
ONE_LINE_PATTERN = one_line_pattern()
ONE_LINE_FILLED_PATTERN = one_line_pattern(visible=1)
TEXT_PATTERN = _pattern(_NEVER, 0)
TEXT_FILLED_PATTERN = _pattern(_NEVER, 1)

PATTERN_HELP = {
    ONE_LINE_PATTERN: "One line: no control character nor line break.",
    ONE_LINE_FILLED_PATTERN: "One line, not blank: no control character nor line break.",
    TEXT_PATTERN: "Line breaks allowed; no other control character.",
    TEXT_FILLED_PATTERN: "Not blank; line breaks allowed, no other control character.",
}


class _Line:
    """`Line[200]`: a required single-line text of at most 200 characters, not blank."""

    filled = True

    def __class_getitem__(cls, max_length: int) -> Any:
        pattern = ONE_LINE_FILLED_PATTERN if cls.filled else ONE_LINE_PATTERN
        return Annotated[
            str,
            Field(
                min_length=1 if cls.filled else 0,
                max_length=max_length,
                pattern=pattern,
                description=f"{PATTERN_HELP[pattern]} At most {max_length} characters.",
            ),
        ]


class Line(_Line):
    filled = True


class OptionalLine(_Line):
    """`OptionalLine[120]`: a single-line text of at most 120 characters, which may be ""."""

    filled = False


def _text(*, filled: bool) -> Any:
    pattern = TEXT_FILLED_PATTERN if filled else TEXT_PATTERN
    return Annotated[
        str,
        Field(
            min_length=1 if filled else 0,
            max_length=TEXT_MAX_LENGTH,
            pattern=pattern,
            description=f"{PATTERN_HELP[pattern]} At most {TEXT_MAX_LENGTH:,} characters.",
        ),
    ]


# A multi-line text (notes, reasons): may be blank.
Text = _text(filled=False)
# A multi-line text that must say something (an exchange's summary, a risk's options).
FilledText = _text(filled=True)


# An e-mail address, or "" for none: the plain ASCII addresses Django's EmailValidator
# accepts (a dotted local part, a domain of labels and a TLD of letters).
EMAIL_PATTERN = (
    r"^$|^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
    r"@([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$"
)
Email = Annotated[
    str,
    Field(
        max_length=254,
        pattern=EMAIL_PATTERN,
        description="An e-mail address (ASCII), or empty. At most 254 characters.",
    ),
]
# An e-mail address that must be given (a person to invite).
RequiredEmail = Annotated[
    str,
    Field(
        min_length=3,
        max_length=254,
        pattern=EMAIL_PATTERN.removeprefix("^$|"),
        description="An e-mail address (ASCII). At most 254 characters.",
    ),
]


# Numbers, booleans and dates as JSON writes them, nothing else: pydantic would otherwise
# take "5" for 5, 1 for true and 0 for 1970-01-01, values the description calls invalid.


def _json_integer(value):
    """An integer as JSON Schema has it: 5 or 5.0, not "5" nor true."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    raise ValueError("Use a whole number.")


Int = Annotated[int, BeforeValidator(_json_integer)]


def integer(*, minimum: int, maximum: int) -> Any:
    """A JSON integer from `minimum` to `maximum`."""
    return Annotated[int, Field(ge=minimum, le=maximum), BeforeValidator(_json_integer)]


Bool = Annotated[bool, Strict()]
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _iso_date(value):
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        return dt.date.fromisoformat(value)  # a date that does not exist: ValueError
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    raise ValueError("Use a date written YYYY-MM-DD.")


# A date, written YYYY-MM-DD.
Day = Annotated[dt.date, BeforeValidator(_iso_date)]


def choice(values: Iterable[Any], *, blank: bool = False) -> Any:
    """One of `values` (a TextChoices class or a list of strings); `blank` allows "" too."""
    options = [str(getattr(value, "value", value)) for value in values]
    if blank:
        options = ["", *options]
    return Literal[tuple(options)]


MAX_AMOUNT = Decimal("999999999999.99")


def _decimal(*, minimum: Decimal, maximum: Decimal, above_minimum: bool, text: str) -> Any:
    """A decimal with at most two decimals within its bounds, as a JSON number or as a
    string matching `text`: what `kernel.money.parse_amount` and
    `kernel.validation.parse_decimal` accept, and nothing else (no "1e2", no " 5")."""
    lowest = "exclusiveMinimum" if above_minimum else "minimum"
    number = {"type": "number", lowest: float(minimum), "maximum": float(maximum)}
    number["multipleOf"] = 0.01
    written = re.compile(text)

    def as_written(value):
        if isinstance(value, bool) or (isinstance(value, str) and not written.fullmatch(value)):
            raise ValueError("Write a number with at most two decimals, such as 1250.00.")
        return value

    limits = {"gt" if above_minimum else "ge": minimum, "le": maximum}
    return Annotated[
        Decimal,
        BeforeValidator(as_written),
        Field(decimal_places=2, allow_inf_nan=False, **limits),
        WithJsonSchema(
            {
                "anyOf": [number, {"type": "string", "pattern": text}],
                "description": f"{'Above' if above_minimum else 'From'} {minimum} to {maximum}, "
                "at most two decimals, as a number or a string.",
            }
        ),
    ]


_CENTS = r"(\.[0-9]{1,2})?"
# Above zero: "0", "0.0" and "0.00" are not amounts.
_SOME_CENTS = r"0\.(0[1-9]|[1-9][0-9]?)"
# An amount of money above zero (`kernel.money.parse_amount`).
Amount = _decimal(
    minimum=Decimal(0),
    maximum=MAX_AMOUNT,
    above_minimum=True,
    text=f"^[1-9][0-9]{{0,11}}{_CENTS}$|^{_SOME_CENTS}$",
)
# An amount that may be zero (an asset's cost).
AmountOrZero = _decimal(
    minimum=Decimal(0),
    maximum=MAX_AMOUNT,
    above_minimum=False,
    text=f"^(0|[1-9][0-9]{{0,11}}){_CENTS}$",
)
# A percentage above 0 and at most 100.
Percent = _decimal(
    minimum=Decimal(0),
    maximum=Decimal(100),
    above_minimum=True,
    text=f"^100(\\.0{{1,2}})?$|^[1-9][0-9]?{_CENTS}$|^{_SOME_CENTS}$",
)


# --- Error responses -----------------------------------------------------------------------

ERROR_SCHEMA = {
    "title": "Error",
    "type": "object",
    "description": "Every error of the API: a stable `code` to match on and a `detail` "
    "to show, in the language asked (Accept-Language).",
    "properties": {
        "code": {"type": "string", "description": "E.g. `invalid`, `not_found`, `conflict`."},
        "detail": {"type": "string"},
        "fields": {
            "type": "object",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
            "description": "For a 400 about given fields: what is wrong with each.",
        },
    },
    "required": ["code", "detail"],
}

ERRORS = {
    400: "Invalid input (`invalid` with `fields`, or a rule's own code): nothing changed.",
    401: "No valid bearer token (`unauthenticated`).",
    403: "The token's role does not allow this (`forbidden`).",
    404: "Not found, or not visible to this token (`not_found`).",
    409: "Conflicts with the current state (`conflict`, `invalid_transition`, or a rule's "
    "own code): nothing changed.",
    429: "Too many requests (`throttled`): wait and retry.",
    503: "The database is busy or cannot write (`busy`, `unavailable`): nothing changed; "
    "retry after `Retry-After` seconds.",
}


def _takes_an_id(path: str, operation: dict, components: dict) -> bool:
    """An operation that names a row (in its path, a query parameter or its body) can answer
    404."""
    if "{" in path:
        return True
    if any(p.get("name", "").endswith("_id") for p in operation.get("parameters", [])):
        return True
    body = operation.get("requestBody", {}).get("content", {}).get("application/json", {})
    ref = body.get("schema", {}).get("$ref", "")
    schema = components.get(ref.rsplit("/", 1)[-1], {}) if ref else body.get("schema", {})
    return any(name.endswith("_id") for name in schema.get("properties", {}))


def _object_bodies_only(operation: dict) -> None:
    """An optional body (`payload: CloseIn | None = None`) is an object or nothing: the body
    parser refuses a JSON `null` like any body that is not an object."""
    body = operation.get("requestBody", {}).get("content", {}).get("application/json", {})
    variants = body.get("schema", {}).get("anyOf")
    if variants and {"type": "null"} in variants:
        others = [v for v in variants if v != {"type": "null"}]
        body["schema"] = others[0] if len(others) == 1 else {"anyOf": others}


def document_errors(schema: dict) -> dict:
    """Add to each operation the errors it can answer, all as `Error`: 400, 403, 429 and 503
    everywhere; 401 where a token is required; 404 where a row is named; 409 on writes.
    Bodies are JSON objects, never `null`."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components["Error"] = ERROR_SCHEMA
    reference = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    for path, operations in schema.get("paths", {}).items():
        for method, operation in operations.items():
            _object_bodies_only(operation)
            statuses = {400, 403, 429, 503}
            if operation.get("security"):
                statuses.add(401)
            if _takes_an_id(path, operation, components):
                statuses.add(404)
            if method in ("post", "put", "patch", "delete"):
                statuses.add(409)
            responses = operation.setdefault("responses", {})
            for status in sorted(statuses):
                responses.setdefault(
                    str(status), {"description": ERRORS[status], "content": reference}
                )
    return schema
