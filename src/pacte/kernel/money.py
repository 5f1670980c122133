"""Amounts with their currency. Adding two currencies is an error, never a silent sum."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.db import models
from django.utils.translation import gettext_lazy as _

from .errors import DomainError, InvalidInput

CENT = Decimal("0.01")
MAX_AMOUNT = Decimal("999999999999.99")


class Currency(models.TextChoices):
    EUR = "EUR", "EUR (€)"
    CAD = "CAD", "CAD ($ CA)"
    USD = "USD", "USD ($ US)"
    CHF = "CHF", "CHF"
    GBP = "GBP", "GBP (£)"


class CurrencyMismatch(DomainError):
    status = 400
    code = "currency_mismatch"
    default_message = _("Amounts in different currencies cannot be added together.")


def parse_amount(value, *, field: str = "amount", allow_zero: bool = False) -> Decimal:
    """A positive amount with at most two decimals, from a str, int or Decimal."""
    if isinstance(value, float):
        value = repr(value)
    text = str(value).strip().replace(" ", "").replace("\u202f", "").replace("\u00a0", "")
    if "," in text and "." not in text:
        text = text.replace(",", ".")  # 1250,00 as typed in France and Québec
    try:
        amount = Decimal(text)
    except (InvalidOperation, ValueError):
        raise InvalidInput(
            _("“%(value)s” is not an amount.") % {"value": value},
            fields={field: [_("Enter an amount such as 1250.00.")]},
        ) from None
    if not amount.is_finite() or amount.as_tuple().exponent < -2:
        raise InvalidInput(
            _("An amount has at most two decimals."),
            fields={field: [_("At most two decimals.")]},
        )
    if amount < 0 or (amount == 0 and not allow_zero) or amount > MAX_AMOUNT:
        raise InvalidInput(
            _("The amount must be more than zero and less than a trillion."),
            fields={field: [_("Out of range.")]},
        )
    return amount.quantize(CENT)


@dataclass(frozen=True, slots=True)
class Money:
    amount: Decimal
    currency: str

    @classmethod
    def zero(cls, currency: str) -> Money:
        return cls(Decimal("0.00"), currency)

    def _same(self, other: Money) -> None:
        if not isinstance(other, Money):
            raise TypeError(f"cannot combine Money with {type(other).__name__}")
        if other.currency != self.currency:
            raise CurrencyMismatch(
                _("%(a)s and %(b)s cannot be added together.")
                % {"a": self.currency, "b": other.currency}
            )

    def __add__(self, other: Money) -> Money:
        self._same(other)
        return Money(self.amount + other.amount, self.currency)

    def __sub__(self, other: Money) -> Money:
        self._same(other)
        return Money(self.amount - other.amount, self.currency)

    def __lt__(self, other: Money) -> bool:
        self._same(other)
        return self.amount < other.amount

    def __le__(self, other: Money) -> bool:
        self._same(other)
        return self.amount <= other.amount

    def __ge__(self, other: Money) -> bool:
        self._same(other)
        return self.amount >= other.amount

    def __gt__(self, other: Money) -> bool:
        self._same(other)
        return self.amount > other.amount

    def percent(self, rate: Decimal) -> Money:
        return Money((self.amount * rate / 100).quantize(CENT, ROUND_HALF_UP), self.currency)

    def __str__(self) -> str:
        """Canonical form, the same in every language: what the proof ledger stores."""
        return f"{self.amount:.2f} {self.currency}"

    def display(self) -> str:
        """For people: grouped and separated as the active language wants
        (3 000,00 EUR in French, 3,000.00 EUR in English)."""
        from django.utils.formats import number_format

        amount = number_format(self.amount, 2, use_l10n=True, force_grouping=True)
        return f"{amount}\u00a0{self.currency}"


def money_sum(items, currency: str) -> Money:
    """Sum Money values, all of which must be in `currency`."""
    total = Money.zero(currency)
    for item in items:
        total = total + item
    return total
