"""How punctual each client pays: paid and due invoices, on time or later every day."""

from types import SimpleNamespace

import pytest

from pacte.billing.selectors import client_punctuality, punctuality_from
from pacte.billing.tests.helpers import TODAY, days, engagement, invoice, pay

pytestmark = pytest.mark.django_db


def bill_(due, paid=None):
    return SimpleNamespace(due_on=days(due), paid_in_full_on=None if paid is None else days(paid))


def test_punctuality_counts_paid_and_due_invoices_only():
    p = punctuality_from(
        [
            bill_(due=-20, paid=-25),  # paid 5 days early: on time
            bill_(due=-30, paid=-30),  # paid on the day: on time
            bill_(due=-40, paid=-30),  # 10 days late
            bill_(due=-6),  # unpaid, due 6 days ago: late up to today
            bill_(due=10),  # not due yet: ignored
            bill_(due=0),  # due today: not late yet, ignored
        ],
        today=TODAY,
    )
    assert p.counted == 4 and p.on_time == 2
    assert p.on_time_share == 0.5
    # On average an invoice is paid (10 + 6) / 4 = 4 days late; on-time ones count as 0.
    assert p.average_days_late == 4


def test_an_invoice_paid_before_it_is_due_counts_as_on_time():
    p = punctuality_from([bill_(due=15, paid=-1)], today=TODAY)
    assert (p.counted, p.on_time, p.on_time_share, p.average_days_late) == (1, 1, 1.0, 0)


def test_without_any_due_invoice_punctuality_says_nothing():
    p = punctuality_from([bill_(due=3)], today=TODAY)
    assert (p.counted, p.on_time_share, p.average_days_late) == (0, None, None)


def test_an_unpaid_invoice_grows_later_every_day():
    invoices = [bill_(due=-1)]
    assert punctuality_from(invoices, today=TODAY).average_days_late == 1
    assert punctuality_from(invoices, today=days(9)).average_days_late == 10


def test_a_client_punctuality_comes_from_its_own_invoices(world):
    mine = engagement(world)
    on_time = invoice(world, mine, issued=-30, due=-20)
    pay(world, on_time, "1000", on=-21)
    late = invoice(world, mine, issued=-40, due=-12)
    pay(world, late, "400", on=-10)  # partial: still late
    pay(world, late, "600", on=-2)  # 10 days late in all
    overdue = invoice(world, mine, issued=-20, due=-5)
    pay(world, overdue, "999.99", on=-3)  # one cent short: late up to today
    invoice(world, mine, issued=-1, due=30)  # not due yet
    theirs = engagement(world, client=world.other_client)
    invoice(world, theirs, issued=-90, due=-60)  # another client's, very late

    p = client_punctuality(actor=world.actor("viewer"), client=world.client)
    assert (p.counted, p.on_time) == (3, 1)
    assert p.average_days_late == pytest.approx((10 + 5) / 3)
    other = client_punctuality(actor=world.actor("owner"), client=world.other_client)
    assert (other.counted, other.on_time, other.average_days_late) == (1, 0, 60)
