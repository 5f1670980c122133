from datetime import date
from decimal import Decimal

from ninja import Schema


class InvoiceIn(Schema):
    engagement_id: int
    kind: str
    amount: Decimal
    due_date: date
    issued_on: date | None = None
    number: str = ""
    currency: str | None = None


class PaymentIn(Schema):
    amount: Decimal
    paid_on: date
    reference: str = ""
    currency: str | None = None


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
