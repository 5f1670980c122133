"""The engagement's money overview: invoices, payments, change requests, what is overdue, and
the R-INVEST signals."""

from decimal import Decimal

import pytest
from django.utils.translation import override

from pacte.billing.selectors import engagement_billing
from pacte.billing.services import invoice_create
from pacte.engagements.selectors import engagement_change_requests, engagement_next_steps
from pacte.engagements.services import change_request_create, change_request_move
from pacte.engagements.tests.helpers import (
    TODAY,
    S,
    browser,
    change,
    create,
    days,
    engagement_in,
    move,
    pay,
    reach,
)
from pacte.kernel.errors import NotFound
from pacte.kernel.money import Money

pytestmark = pytest.mark.django_db


def test_the_overview_sums_invoices_payments_and_change_requests(world):
    engagement = engagement_in(world, S.ACTIVE)  # deposit 3000 invoiced and paid
    owner = world.actor("owner")
    late = invoice_create(
        actor=owner,
        engagement_id=engagement.pk,
        kind="progress",
        number="F-2026-002",
        amount="2000.00",
        issued_on=days(-40),
        due_on=days(-10),
    )
    pay(world, late, "500.00")
    invoice_create(
        actor=owner, engagement_id=engagement.pk, kind="progress", amount="1000", due_on=days(20)
    )
    reach(world, engagement, "new")
    reach(world, engagement, "accepted")
    first = change(world, engagement, title="Corriger une coquille")
    move(world, first, "estimated", estimate_hours="4", estimate_amount="400")
    move(world, first, "absorbed")
    second = change(world, engagement, title="Traduire le pied de page")
    move(world, second, "estimated", estimate_hours="2.5")
    move(world, second, "absorbed")
    reach(world, engagement, "refused")

    viewer = world.actor("viewer")
    with override("en"):
        changes = engagement_change_requests(actor=viewer, engagement=engagement)
        money = engagement_billing(actor=viewer, engagement=engagement)
        steps = engagement_next_steps(actor=viewer, engagement=engagement)
    assert changes.counts == {
        "new": 1,
        "estimated": 0,
        "accepted": 1,
        "billed": 0,
        "refused": 1,
        "absorbed": 2,
    }
    assert changes.absorbed_hours == Decimal("6.50")
    assert changes.absorbed_amount == Money(Decimal("400.00"), "EUR")
    assert money.invoiced == Money(Decimal("6000.00"), "EUR")
    assert money.paid == Money(Decimal("3500.00"), "EUR")
    assert money.balance_due == Money(Decimal("2500.00"), "EUR")
    assert money.deposit_progress == 100
    assert [i.pk for i in money.overdue] == [late.pk]
    assert steps[0] == "Chase invoice F-2026-002: 1,500.00\xa0EUR overdue by 10 days."
    assert "Estimate the change request “Demande new”." in steps
    assert "Bill the accepted change request “Demande accepted”." in steps
    assert not any("deposit" in step for step in steps)


def test_an_invoice_due_today_is_not_yet_overdue(world):
    engagement = engagement_in(world, S.ACTIVE)
    invoice_create(
        actor=world.actor("owner"),
        engagement_id=engagement.pk,
        kind="progress",
        amount="100",
        issued_on=days(-30),
        due_on=TODAY,
    )
    overview = engagement_billing(actor=world.actor("owner"), engagement=engagement)
    assert overview.overdue == []
    later = engagement_billing(actor=world.actor("owner"), engagement=engagement, today=days(1))
    assert len(later.overdue) == 1


@pytest.mark.parametrize("kind", ["other_workspace", "portal_other_client"])
def test_no_overview_of_an_engagement_the_actor_may_not_see(world, kind):
    engagement = create(world)
    with pytest.raises(NotFound):
        engagement_next_steps(actor=world.actor(kind), engagement=engagement)
    mine = engagement_billing(actor=world.actor("portal"), engagement=engagement)
    assert mine.deposit_required == Money(Decimal("3000.00"), "EUR")


def test_the_page_shows_the_invest_signals(world, engagement):
    """R-INVEST: the deposit's share of the value, and the extra work given away."""

    owner = world.actor("owner")
    change = change_request_create(actor=owner, engagement_id=engagement.pk, title="Logo")
    change_request_move(
        actor=owner,
        change_request_id=change.pk,
        to="estimated",
        estimate_hours="12",
        estimate_amount="1500.00",
    )
    change_request_move(actor=owner, change_request_id=change.pk, to="absorbed")
    html = browser(world).get(f"/engagements/{engagement.pk}/").content.decode()
    assert "30 % of the value" in html
    assert "15 % of the value given away" in html
