from datetime import date
from decimal import Decimal

from ninja import Schema

from pacte.clients.schemas import internal
from pacte.kernel.tenancy import Actor

from .figures import DEPOSIT_PAID, figure
from .selectors import available_moves, change_request_moves


def request_actor(context) -> Actor | None:
    """Who asked, from a resolver's context (none outside a request: then no moves)."""
    return getattr(context.get("request"), "actor", None) if context else None


def move_names(moves) -> list[str]:
    return [move.name for move in moves]


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
    # What this actor may do now (ENGAGEMENT_TRANSITIONS): a viewer gets [].
    moves: list[str]

    @staticmethod
    def resolve_moves(engagement, context) -> list[str]:
        actor = request_actor(context)
        if actor is None:
            return []
        return move_names(available_moves(actor=actor, obj=engagement))

    @staticmethod
    def resolve_deposit_override_reason(engagement, context) -> str:
        return internal(context, engagement.deposit_override_reason)

    @staticmethod
    def resolve_deposit(engagement, context) -> dict:
        # Reads annotate what was paid (engagements.figures, registered by billing); an
        # engagement a service returns asks (one query).
        paid = figure(engagement, DEPOSIT_PAID) or Decimal(0)
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
    # The statuses this actor may move it to now (CHANGE_REQUEST_TRANSITIONS), as `to` takes them.
    moves: list[str]

    @staticmethod
    def resolve_moves(change, context) -> list[str]:
        actor = request_actor(context)
        if actor is None:
            return []
        return move_names(change_request_moves(actor=actor, obj=change))
