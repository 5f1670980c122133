"""The full walk hashes rows with orjson; the ledger's definition of an entry's bytes is
`canonical()` (json.dumps, sorted keys, compact separators, ensure_ascii=False). These
properties prove that the fast path gives the very same bytes, or declines (then the walk
takes the exact path), for every payload Pacte can store and for text no payload could be."""

import contextlib
import json
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from pacte.kernel import ledger

WORKSPACE_ID = 7
PREV = "ab" * 32

# Every code point, surrogates included (a lone one cannot even be encoded), with the
# characters JSON escapes made frequent.
any_char = st.one_of(
    st.characters(codec=None, categories=None),
    st.sampled_from(["\x00", "\x1f", "\x7f", "\n", '"', "\\", "\u2028", "\u2029", "😀", "é"]),
)
any_text = st.text(any_char, max_size=12)
json_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),  # unbounded: beyond 64 bits too
    st.integers(min_value=-(2**63), max_value=2**64 - 1),
    st.floats(allow_nan=True, allow_infinity=True),
    any_text,
)
json_values = st.recursive(
    json_scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(any_text, inner, max_size=4)
    ),
    max_leaves=12,
)
# What a service may hand to `append`: `_jsonable` turns it into the stored payload.
service_values = st.recursive(
    st.one_of(
        json_scalars,
        st.decimals(allow_nan=False, allow_infinity=False),
        st.datetimes(timezones=st.just(UTC)),
        st.dates(),
    ),
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(any_text, inner, max_size=4)
    ),
    max_leaves=12,
)
moments = st.datetimes(
    min_value=datetime(1000, 1, 1), max_value=datetime(9998, 12, 31)
)  # naive, UTC: as SQLite stores them


def exact(payload_stored, recorded_stored, actor="a@b.example (owner)", action="x.y"):
    try:
        return ledger._exact_canonical(
            WORKSPACE_ID,
            12,
            recorded_stored,
            actor,
            action,
            "clients.client",
            "4",
            payload_stored,
            PREV,
        )
    except (TypeError, ValueError, AttributeError):
        return None  # the ORM could not read it either: the walk calls the entry altered


def fast(payload_stored, recorded_stored, actor="a@b.example (owner)", action="x.y"):
    return ledger._fast_canonical(
        WORKSPACE_ID,
        12,
        recorded_stored,
        actor,
        action,
        "clients.client",
        "4",
        payload_stored,
        PREV,
    )


def assert_same_or_declined(payload_stored, recorded_stored, **names):
    got = fast(payload_stored, recorded_stored, **names)
    if got is not None:
        assert got == exact(payload_stored, recorded_stored, **names)


def stored_forms(value):
    """The text a payload is stored as: Django's JSONField on SQLite (json.dumps, ASCII
    escapes) and forms like PostgreSQL's jsonb text (UTF-8, spaces), compact too; as str
    and as the bytes the SQLite walk reads."""
    forms = []
    for kwargs in ({}, {"ensure_ascii": False}, {"separators": (",", ":")}):
        try:
            text = json.dumps(value, **kwargs)
        except ValueError:
            continue
        forms.append(text)
        with contextlib.suppress(UnicodeEncodeError):
            forms.append(text.encode())
    return forms


@settings(max_examples=600, suppress_health_check=[HealthCheck.too_slow])
@given(value=json_values, moment=moments)
@example(value={"text": '\x00\x01\x1f\x7f\u2028\u2029😀é"\\/'}, moment=datetime(2025, 1, 31))
@example(value={"big": 2**64, "bigger": -(2**63) - 1, "float": 1e16}, moment=datetime(2025, 1, 1))
@example(value={"n": 1.0, "tiny": 1e-05, "nan": float("nan")}, moment=datetime(2025, 1, 1))
@example(value={"z": {"b": [1, {"é": None}], "a": True}}, moment=datetime(2025, 1, 1, 0, 0, 0, 1))
def test_fast_bytes_equal_canonical_bytes_for_any_json_payload(value, moment):
    for stored in stored_forms(value):
        assert_same_or_declined(stored, str(moment))
        assert_same_or_declined(stored, moment)
        assert_same_or_declined(stored, moment.replace(tzinfo=UTC))


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(value=service_values, actor=any_text, action=any_text)
def test_what_append_stores_hashes_the_same_both_ways(value, actor, action):
    payload = ledger._jsonable({"value": value})
    moment = datetime(2026, 3, 29, 1, 30, 0, 250000)
    for stored in stored_forms(payload):
        assert_same_or_declined(stored, str(moment), actor=actor, action=action)


@settings(max_examples=1500, suppress_health_check=[HealthCheck.too_slow])
@given(
    text=st.text(
        st.sampled_from(list('{}[]:,"\\ 0123456789.eE-+tfnrulasNIy\u00e9\t\n\ufeff\x00\x0b\xa0')),
        max_size=30,
    )
)
@example(text='{"a":1,"a":2}')
@example(text="NaN")
@example(text='{"a": Infinity}')
@example(text='"\\ud800"')
@example(text='["\x01"]')
@example(text="01")
@example(text=" [1] ")
def test_text_that_is_barely_json_is_read_the_same_way(text):
    """A tampered row need not hold valid JSON: the fast path must then read it as Django
    would (json.loads, or the text itself when it is not JSON), or decline."""
    assert_same_or_declined(text, "2025-01-01 00:00:00")
    assert_same_or_declined(text.encode(), "2025-01-01 00:00:00")


@settings(max_examples=1500)
@given(
    text=st.one_of(
        st.text(st.sampled_from(list("0123456789-: .,TZ+W")), min_size=8, max_size=32),
        # The stored form with one character changed anywhere.
        st.builds(
            lambda i, c: (
                "2025-01-31 10:00:00.123456"[:i] + c + "2025-01-31 10:00:00.123456"[i + 1 :]
            ),
            st.integers(min_value=0, max_value=25),
            st.sampled_from(list("0123456789-: .,TZ+W٣")),
        ),
    ),
)
@example(text="2025-W05-3 10:00:00.000000")
@example(text="2025-01-31T10:00:00.000000")
@example(text="2025-01-31 10:00:00.12345Z")
@example(text="2025-01-31 10:00:00+02:00")
@example(text="2025-02-30 10:00:00.000000")
@example(text="2025-01-31 10:00:00")
def test_any_stored_date_text_is_read_the_same_way(text):
    assert_same_or_declined('{"a": 1}', text)


@given(moment=moments, offset=st.integers(min_value=-14 * 60, max_value=14 * 60))
def test_dates_with_an_offset_are_read_the_same_way(moment, offset):
    from datetime import timezone as tz

    aware = moment.replace(tzinfo=tz(timedelta(minutes=offset)))
    assert_same_or_declined("{}", aware)
    assert_same_or_declined("{}", aware.isoformat(sep=" "))


def test_the_fast_path_is_taken_for_an_ordinary_entry():
    """Otherwise the properties above would hold trivially."""
    payload = ledger._jsonable(
        {"amount": Decimal("1200.00"), "text": "décision, « avec ses mots »", "n": 3}
    )
    for stored in stored_forms(payload):
        assert fast(stored, "2025-01-31 10:00:00.123456") is not None
        assert fast(stored, "2025-01-31 10:00:00.123456") == exact(
            stored, "2025-01-31 10:00:00.123456"
        )


@pytest.mark.parametrize(
    "stored",
    [
        '{"ratio": 0.3}',
        '{"big": 123456789012345678901234567890}',
        '{"x": 1e16}',
        '{"x": NaN}',
        '[1, "\\ud800"]',
    ],
)
def test_numbers_orjson_may_write_differently_are_declined(stored):
    assert fast(stored, "2025-01-31 10:00:00") is None
