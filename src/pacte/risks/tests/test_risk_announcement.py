"""Announcing a risk to the client: the day it was said, never in the future, a next step until
then."""

import pytest
from django.utils.translation import override

from pacte.engagements.selectors import engagement_next_steps
from pacte.kernel.errors import InvalidInput
from pacte.kernel.models import LedgerEntry
from pacte.risks.services import risk_announce
from pacte.risks.tests.helpers import TODAY, counts, days, register, reload

pytestmark = pytest.mark.django_db


def test_announcing_a_risk_records_the_day_it_was_said(world, engagement):
    risk = register(world, engagement)
    assert risk.announced_on is None
    risk_announce(actor=world.actor("consultant"), risk_id=risk.pk, announced_on=days(-1))
    assert reload(risk).announced_on == days(-1)
    entry = LedgerEntry.objects.in_workspace(world.workspace).last()
    assert entry.action == "risk.announced"
    assert entry.payload == {"risk": risk.description, "announced_on": days(-1).isoformat()}
    other = register(world, engagement, description="Charge de travail du client en juin")
    risk_announce(actor=world.actor("manager"), risk_id=other.pk)
    assert reload(other).announced_on == TODAY


@pytest.mark.parametrize("announced_on", [days(1), "demain"])
def test_an_announcement_is_not_dated_in_the_future(world, engagement, announced_on):
    risk = register(world, engagement)
    before = counts()
    with pytest.raises(InvalidInput):
        risk_announce(actor=world.actor("consultant"), risk_id=risk.pk, announced_on=announced_on)
    assert counts() == before and reload(risk).announced_on is None


def test_an_unannounced_risk_is_a_next_step(world, engagement):
    risk = register(world, engagement)
    with override("en"):
        steps = engagement_next_steps(actor=world.actor("owner"), engagement=engagement)
    assert f"Tell the client about the risk “{risk.description}”." in steps
    risk_announce(actor=world.actor("consultant"), risk_id=risk.pk)
    with override("en"):
        steps = engagement_next_steps(actor=world.actor("owner"), engagement=engagement)
    assert not any("Tell the client" in step for step in steps)
