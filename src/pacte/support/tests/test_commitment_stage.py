"""The commitment stage (DOMAIN §4): "12 months with reviews held and SLAs met" suggest it.
Support registers the rule, since it reads both the reviews and the SLAs."""

import datetime as dt

import pytest
from django.utils import timezone

from pacte.governance.registries import LifecycleStage
from pacte.governance.selectors import stage_suggest
from pacte.governance.tests.helpers import cadence, days, review, started_engagement
from pacte.support.services import sla_propose, support_request_move, support_request_open

pytestmark = pytest.mark.django_db


def answered_request(world, engagement, received_days_ago: int, minutes: int):
    owner = world.actor("owner")
    zone = timezone.get_current_timezone()
    # A Tuesday at 10:00, so that the business minutes equal the wall-clock ones.
    day = days(-received_days_ago)
    day -= dt.timedelta(days=(day.weekday() - 1) % 7)
    received = dt.datetime.combine(day, dt.time(10), tzinfo=zone)
    request = support_request_open(
        actor=owner,
        client_id=world.client.pk,
        engagement_id=engagement.pk,
        summary="Une question",
        received_at=received,
    )
    support_request_move(
        actor=owner,
        request_id=request.pk,
        move="respond",
        at=received + dt.timedelta(minutes=minutes),
    )


def committed(world, *, response_minutes=30):
    e = started_engagement(world, days_ago=500)
    cadence(world, e, strategic=True, starts_on=days(-500))
    for offset in range(0, 420, 91):
        review(world, e, "strategic", days(-offset))
    sla_propose(
        actor=world.actor("owner"),
        client_id=world.client.pk,
        metric="first_response",
        target_minutes=60,
        window="month",
        agreed_on=days(-400),
        agreed_by="Direction",
    )
    for weeks in (40, 30, 20, 10):
        answered_request(world, e, weeks * 7, response_minutes)
    return e


def test_a_year_of_reviews_held_and_slas_met_suggests_commitment(world):
    committed(world)
    s = stage_suggest(actor=world.actor("owner"), client=world.client)
    assert (s.stage, s.rule) == (LifecycleStage.COMMITMENT, "commitment")
    assert "4 of 4 requests within the agreed SLAs" in s.reason


def test_slas_missed_suggest_no_commitment(world):
    committed(world, response_minutes=90)
    s = stage_suggest(actor=world.actor("owner"), client=world.client)
    assert s is None or s.rule != "commitment"
