"""Every move is dated: never in the future, never before the request's previous event; a
refused move writes nothing."""

import datetime as dt

import pytest
from django.utils import timezone

from pacte.kernel.errors import InvalidInput, PermissionDenied

from .helpers import at, counts, move, request

pytestmark = pytest.mark.django_db


def test_a_move_in_the_future_is_refused(world):
    req = request(world, at(2026, 6, 1, 9))
    before = counts()
    with pytest.raises(InvalidInput) as refused:
        move(world, req, "respond", timezone.now() + dt.timedelta(hours=1))
    assert refused.value.code == "in_future" and "at" in refused.value.fields
    assert counts() == before


@pytest.mark.parametrize(
    "steps,name,when",
    [
        ([], "respond", at(2026, 6, 1, 8, 59)),  # before reception
        ([("respond", at(2026, 6, 1, 10))], "start", at(2026, 6, 1, 9, 30)),  # before response
        (
            [("respond", at(2026, 6, 1, 10)), ("wait_for_client", at(2026, 6, 1, 11))],
            "client_replied",
            at(2026, 6, 1, 10, 30),  # before the wait began
        ),
        ([], "resolve", at(2026, 5, 31, 9)),
        ([], "cancel", at(2026, 5, 31, 9)),
    ],
)
def test_a_move_before_the_previous_event_is_refused(world, steps, name, when):
    req = request(world, at(2026, 6, 1, 9))
    for step, instant in steps:
        move(world, req, step, instant)
    before = counts()
    with pytest.raises(InvalidInput) as refused:
        move(world, req, name, when)
    assert refused.value.code == "before_previous_event"
    assert list(refused.value.fields) == ["at"]
    assert counts() == before


def test_a_bad_datetime_is_refused(world):
    req = request(world, at(2026, 6, 1, 9))
    with pytest.raises(InvalidInput) as refused:
        move(world, req, "respond", "lundi matin")
    assert list(refused.value.fields) == ["at"]


def test_without_a_date_the_move_is_now(world):
    req = request(world, at(2026, 6, 1, 9))
    done = move(world, req, "respond", None)
    assert abs(done.first_response_at - timezone.now()) < dt.timedelta(minutes=1)


def test_a_viewer_cannot_move_a_request(world):
    req = request(world, at(2026, 6, 1, 9))
    with pytest.raises(PermissionDenied):
        move(world, req, "respond", at(2026, 6, 1, 10), actor="viewer")
    with pytest.raises(PermissionDenied):
        move(world, req, "respond", at(2026, 6, 1, 10), actor="portal")
