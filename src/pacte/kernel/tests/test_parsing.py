"""The kernel's number parsers: every face hands over raw values; a bad one is refused beside
its field, never cut or rounded into something the person did not type."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pacte.kernel.errors import InvalidInput
from pacte.kernel.validation import parse_decimal, parse_int

INT = {"field": "minutes", "minimum": 1, "maximum": 1440, "message": "m", "field_message": "f"}
DEC = {
    "field": "deposit_percent",
    "minimum": Decimal(0),
    "maximum": Decimal(100),
    "above_minimum": True,
    "message": "m",
    "field_message": "f",
}


@pytest.mark.parametrize(("raw", "expected"), [(1, 1), ("90", 90), (" 45 ", 45), (60.0, 60)])
def test_whole_numbers_are_read(raw, expected):
    assert parse_int(raw, **INT) == expected


@pytest.mark.parametrize("raw", [0, 1441, "90.5", 90.5, True, "abc", "1e400", "nan", [], "∞"])
def test_anything_else_is_refused_beside_the_field(raw):
    with pytest.raises(InvalidInput) as refused:
        parse_int(raw, **INT)
    assert refused.value.fields == {"minutes": ["f"]}


def test_an_optional_number_may_be_empty():
    assert parse_int("", required=False, **INT) is None
    with pytest.raises(InvalidInput):
        parse_int(None, **INT)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("30", Decimal("30.00")), ("12,5", Decimal("12.50")), ("100", Decimal("100.00")), (7, 7)],
)
def test_decimals_are_read_as_typed_in_french_or_english(raw, expected):
    assert parse_decimal(raw, **DEC) == expected


@pytest.mark.parametrize("raw", ["0", "-1", "100.01", "abc", "nan", "inf", True, None])
def test_decimals_out_of_bounds_are_refused(raw):
    with pytest.raises(InvalidInput):
        parse_decimal(raw, **DEC)


@given(st.integers(min_value=-(10**6), max_value=10**6))
def test_parse_int_accepts_exactly_the_bounds(n):
    if 1 <= n <= 1440:
        assert parse_int(str(n), **INT) == n
    else:
        with pytest.raises(InvalidInput):
            parse_int(n, **INT)
