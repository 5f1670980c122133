"""The engagement's next steps follow its deposit invoice and payments."""

from decimal import Decimal

import pytest
from django.utils.translation import override

from pacte.billing.selectors import engagement_billing
from pacte.engagements.selectors import engagement_next_steps
from pacte.engagements.tests.helpers import create, deposit_invoice, pay, reload
from pacte.kernel.money import Money

pytestmark = pytest.mark.django_db


def test_a_fresh_draft_asks_for_its_deposit_invoice(world):
    engagement = create(world)
    with override("en"):
        money = engagement_billing(actor=world.actor("viewer"), engagement=engagement)
        steps = engagement_next_steps(actor=world.actor("viewer"), engagement=engagement)
    assert money.deposit_progress == 0
    assert steps == ["Issue the deposit invoice (3,000.00\xa0EUR) before any work starts."]


def test_the_deposit_progress_and_the_next_step_follow_the_payments(world):
    engagement = create(world)
    invoice = deposit_invoice(world, engagement)
    pay(world, invoice, "1000.00")
    with override("en"):
        money = engagement_billing(actor=world.actor("owner"), engagement=reload(engagement))
        steps = engagement_next_steps(actor=world.actor("owner"), engagement=reload(engagement))
    assert money.deposit_progress == 33
    assert money.deposit_paid == Money(Decimal("1000.00"), "EUR")
    assert steps[0] == ("Wait for the deposit: 1,000.00\xa0EUR of 3,000.00\xa0EUR received.")
    pay(world, invoice, "2000.00")
    with override("en"):
        money = engagement_billing(actor=world.actor("owner"), engagement=reload(engagement))
        steps = engagement_next_steps(actor=world.actor("owner"), engagement=reload(engagement))
    assert money.deposit_progress == 100
    assert steps[0] == "The deposit is paid: activate the engagement."
