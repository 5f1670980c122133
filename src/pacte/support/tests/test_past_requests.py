"""Past requests may be logged after the fact, dated within the engagement's dates; the
engagement and the contact must be the client's. Nothing is written when refused."""

import datetime as dt

import pytest
from django.utils import timezone

from pacte.kernel.errors import InvalidInput, NotFound

from .helpers import at, contact, counts, engagement, request

pytestmark = pytest.mark.django_db


def test_a_past_request_is_logged_with_its_date(world):
    req = request(world, at(2026, 3, 2, 10))
    assert req.received_at == at(2026, 3, 2, 10) and req.status == "open"


def test_a_request_received_in_the_future_is_refused(world):
    before = counts()
    with pytest.raises(InvalidInput) as refused:
        request(world, timezone.now() + dt.timedelta(days=1))
    assert refused.value.code == "in_future" and list(refused.value.fields) == ["received_at"]
    assert counts() == before


@pytest.mark.parametrize(
    "received",
    [at(2026, 2, 28, 17), at(2026, 7, 1, 9)],  # before it starts, after it ends
)
def test_outside_the_engagement_dates_is_refused(world, received):
    e = engagement(world, starts_on=dt.date(2026, 3, 1), ends_on=dt.date(2026, 6, 30))
    before = counts()
    with pytest.raises(InvalidInput) as refused:
        request(world, received, engagement_id=e.pk)
    assert refused.value.code == "outside_engagement"
    assert list(refused.value.fields) == ["received_at"]
    assert counts() == before


def test_within_the_engagement_dates_is_accepted(world):
    e = engagement(world, starts_on=dt.date(2026, 3, 1), ends_on=dt.date(2026, 6, 30))
    assert request(world, at(2026, 6, 30, 17), engagement_id=e.pk).engagement_id == e.pk


def test_an_engagement_of_another_client_is_refused(world):
    e = engagement(world, client=world.other_client)
    before = counts()
    with pytest.raises(InvalidInput) as refused:
        request(world, at(2026, 6, 1), engagement_id=e.pk)
    assert refused.value.code == "engagement_of_another_client"
    assert counts() == before


def test_a_contact_of_another_client_is_refused(world):
    other = contact(world, "Bruno Garage", client=world.other_client)
    before = counts()
    with pytest.raises(InvalidInput) as refused:
        request(world, at(2026, 6, 1), contact_id=other.pk)
    assert refused.value.code == "contact_of_another_client"
    assert counts() == before


def test_another_workspace_client_is_not_found(world):
    with pytest.raises(NotFound):
        request(world, at(2026, 6, 1), client=world.foreign_client)


def test_a_naive_time_is_read_in_the_workspace_zone(world):
    req = request(world, "2026-06-01T09:30")
    assert req.received_at == at(2026, 6, 1, 9, 30)
