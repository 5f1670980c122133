"""Money never adds two currencies."""

from decimal import Decimal

import pytest

from pacte.billing.tests.helpers import eur
from pacte.kernel.money import CurrencyMismatch, Money, money_sum

pytestmark = pytest.mark.django_db


def test_money_never_adds_two_currencies():
    with pytest.raises(CurrencyMismatch) as refused:
        _ = eur("10") + Money(Decimal("10"), "CAD")
    assert refused.value.code == "currency_mismatch"
    with pytest.raises(CurrencyMismatch):
        _ = eur("10") - Money(Decimal("1"), "CAD")
    with pytest.raises(CurrencyMismatch):
        _ = eur("10") < Money(Decimal("11"), "CAD")
    with pytest.raises(CurrencyMismatch):
        money_sum([eur("1"), Money(Decimal("1"), "CAD")], "EUR")
    assert money_sum([eur("1.10"), eur("2.20")], "EUR") == eur("3.30")
    assert eur("10000").percent(Decimal("33.33")) == eur("3333.00")
