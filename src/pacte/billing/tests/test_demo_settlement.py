"""The demo's ended engagements show a sensible final settlement: the cave's closed one is
settled, the garage's terminated one (by the hour) has time left to invoice."""

from decimal import Decimal

import pytest

from pacte.billing.settlement import engagement_settlement
from pacte.demo.builder import Builder
from pacte.demo.handoff import closed, terminated
from pacte.engagements.models import Engagement
from pacte.kernel.models import LedgerEntry, User
from pacte.kernel.money import Money
from pacte.kernel.selectors import actor_for_user
from pacte.workspace.services import workspace_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def b():
    workspace_create(
        name="Démo", owner_email="demo@pacte.test", owner_password="x" * 20, owner_name="Démo"
    )
    return Builder(actor_for_user(User.objects.get(email="demo@pacte.test")))


def settlement_of(b, client):
    engagement = Engagement.objects.for_actor(b.actor).get(client=client)
    return engagement_settlement(actor=b.actor, engagement=engagement)


def test_the_closed_cave_is_settled(b):
    s = settlement_of(b, closed(b))
    # deposit 2,600 + final balance 2,600 invoiced and paid: balance 0
    assert s.invoiced == Money(Decimal("5200.00"), "EUR") and s.balance.amount == 0
    produced = LedgerEntry.objects.in_workspace(b.actor.workspace).get(action="settlement.produced")
    assert produced.payload["on"] == "closed" and produced.payload["balance"] == "0.00 EUR"


def test_the_terminated_garage_has_time_left_to_invoice(b):
    s = settlement_of(b, terminated(b))
    # 480 + 420 + 270 = 1,170 min = 19.5 h × 60 = 1,170.00; less the 900.00 deposit = 270.00
    assert s.hours_logged == Decimal("19.50") and s.deposit_held.amount == Decimal("900.00")
    assert s.unbilled_time.amount == Decimal("270.00") and s.balance.amount == Decimal("270.00")
    assert s.to_invoice.amount == Decimal("270.00")
    produced = LedgerEntry.objects.in_workspace(b.actor.workspace).get(action="settlement.produced")
    assert produced.payload["on"] == "terminated" and produced.payload["balance"] == "270.00 EUR"
