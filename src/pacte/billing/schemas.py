from datetime import date
from decimal import Decimal

from ninja import Schema

from pacte.kernel.api_schema import Amount, Day, FilledText, Int, OptionalLine, choice
from pacte.kernel.money import Currency

from .models import InvoiceKind


class InvoiceIn(Schema):
    engagement_id: Int
    kind: choice(InvoiceKind)
    amount: Amount
    due_date: Day
    issued_on: Day | None = None
    number: OptionalLine[40] = ""
    # The engagement's currency when not given; another one is refused (400).
    currency: choice(Currency) | None = None


class PaymentIn(Schema):
    amount: Amount
    paid_on: Day
    reference: OptionalLine[120] = ""
    currency: choice(Currency) | None = None


class PaymentOut(Schema):
    id: int
    invoice_id: int
    amount: Decimal
    paid_on: date
    reference: str


class InvoiceOut(Schema):
    id: int
    engagement_id: int
    kind: str
    number: str
    amount: Decimal
    currency: str
    issued_on: date
    due_date: date
    paid_amount: Decimal
    balance_due: Decimal
    paid_in_full_on: date | None

    @staticmethod
    def resolve_due_date(invoice) -> date:
        return invoice.due_on

    @staticmethod
    def resolve_balance_due(invoice) -> Decimal:
        return invoice.balance_money.amount


class PunctualityOut(Schema):
    invoices_counted: int
    paid_on_time: int
    on_time_share: float | None
    average_days_late: float | None


class SettlementOut(Schema):
    """The final settlement (see `billing.settlement` for the formula). Amounts as the invoices'
    (decimal strings in `currency`); `balance` above zero: the client owes us, below zero: we
    owe the client."""

    engagement_id: int
    status: str
    currency: str
    invoiced: Decimal
    paid: Decimal
    deposit_held: Decimal
    outstanding: Decimal
    hours_logged: Decimal
    time_valued: bool
    hourly_rate: Decimal | None
    unbilled_hours: Decimal | None
    unbilled_time: Decimal
    unbilled_changes_count: int
    unbilled_changes: Decimal
    absorbed_count: int
    absorbed: Decimal
    written_off: Decimal
    written_off_deducted: Decimal
    written_off_counted: Decimal
    refunded: Decimal
    balance: Decimal
    to_invoice: Decimal
    formula: str


class FinalInvoiceIn(Schema):
    issued_on: Day | None = None
    due_on: Day | None = None
    number: OptionalLine[40] = ""


class AdjustmentIn(Schema):
    """All of the balance when `amount` is left out; the reason is required."""

    amount: Amount | None = None
    reason: FilledText
    on: Day | None = None


class AdjustmentOut(Schema):
    id: int
    engagement_id: int
    kind: str
    amount: Decimal
    currency: str
    reason: str
    recorded_on: date
