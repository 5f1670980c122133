from datetime import date
from decimal import Decimal

from ninja import Schema

from pacte.clients.schemas import internal


class EngagementIn(Schema):
    client_id: int
    title: str
    value: Decimal
    currency: str = "EUR"
    kind: str = "fixed_price"
    deposit_percent: Decimal | None = None
    deposit_amount: Decimal | None = None
    starts_on: date | None = None
    ends_on: date | None = None


class DepositOut(Schema):
    required: Decimal
    paid: Decimal
    currency: str
    overridden: bool
    override_reason: str


class EngagementOut(Schema):
    id: int
    client_id: int
    title: str
    kind: str
    value: Decimal
    currency: str
    deposit_percent: Decimal | None
    deposit_amount: Decimal | None
    status: str
    starts_on: date | None
    ends_on: date | None
    activated_on: date | None
    deposit_override_reason: str
    terminated_by: str
    terminated_on: date | None
    termination_reason: str
    notice_days: int | None
    deposit: DepositOut

    @staticmethod
    def resolve_deposit_override_reason(engagement, context) -> str:
        return internal(context, engagement.deposit_override_reason)

    @staticmethod
    def resolve_deposit(engagement, context) -> dict:
        from .services import deposit_paid

        # Lists annotate what was paid (one query for the page); single reads ask.
        paid = getattr(engagement, "deposit_paid_amount", None)
        if paid is None:
            paid = deposit_paid(engagement).amount
        return {
            "required": engagement.required_deposit.amount,
            "paid": paid,
            "currency": engagement.currency,
            "overridden": engagement.deposit_overridden,
            "override_reason": internal(context, engagement.deposit_override_reason),
        }


class ReasonIn(Schema):
    reason: str = ""


class CloseIn(Schema):
    override_reason: str = ""


class TerminateIn(Schema):
    terminated_by: str
    reason: str
    terminated_on: date | None = None
    notice_days: int | None = None


class TimeEntryIn(Schema):
    worked_on: date
    minutes: int
    description: str
    recommendation_id: int | None = None
    change_request_id: int | None = None


class TimeEntryOut(Schema):
    id: int
    engagement_id: int
    worked_on: date
    minutes: int
    description: str
    recommendation_id: int | None
    change_request_id: int | None


class ChangeRequestIn(Schema):
    engagement_id: int
    title: str
    requested_on: date | None = None
    requested_by_id: int | None = None
    description: str = ""


class ChangeRequestMoveIn(Schema):
    to: str
    estimate_hours: Decimal | None = None
    estimate_amount: Decimal | None = None
    invoice_id: int | None = None


class ChangeRequestOut(Schema):
    id: int
    engagement_id: int
    title: str
    description: str
    requested_on: date
    requested_by_id: int | None
    estimate_hours: Decimal | None
    estimate_amount: Decimal | None
    status: str
    invoice_id: int | None
