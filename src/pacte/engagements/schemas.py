from datetime import date
from decimal import Decimal

from ninja import Schema
from pydantic import ConfigDict

from pacte.clients.schemas import internal
from pacte.kernel.api_schema import (
    TEXT_FILLED_PATTERN,
    Amount,
    Day,
    FilledText,
    Int,
    Line,
    Percent,
    Text,
    choice,
    integer,
)
from pacte.kernel.money import Currency
from pacte.kernel.tenancy import Actor

from .figures import DEPOSIT_PAID, figure
from .models import ChangeRequestStatus, EngagementKind, TerminatedBy
from .selectors import available_moves, change_request_moves


def request_actor(context) -> Actor | None:
    """Who asked, from a resolver's context (none outside a request: then no moves)."""
    return getattr(context.get("request"), "actor", None) if context else None


def move_names(moves) -> list[str]:
    return [move.name for move in moves]


class EngagementIn(Schema):
    client_id: Int
    title: Line[200]
    value: Amount
    currency: choice(Currency) = "EUR"
    kind: choice(EngagementKind) = "fixed_price"
    # One or the other (400 otherwise); neither: the workspace's default percentage.
    deposit_percent: Percent | None = None
    deposit_amount: Amount | None = None
    starts_on: Day | None = None
    ends_on: Day | None = None
    # Time and materials: what an hour is billed at (the final settlement values time with it).
    hourly_rate: Amount | None = None


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
    hourly_rate: Decimal | None
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
    reason: Text = ""


def _reason_required(schema: dict) -> None:
    schema["required"] = ["reason"]
    schema["properties"]["reason"].update(
        minLength=1, pattern=TEXT_FILLED_PATTERN, description="Required, not blank."
    )
    del schema["properties"]["reason"]["default"]


class OverrideIn(Schema):
    """An owner starts the work without the deposit in writing only (R-DEPOSIT): a missing
    or blank `reason` is refused with 400 `reason_required`."""

    # Described as required and not blank; checked by the service, which answers its code.

    model_config = ConfigDict(json_schema_extra=_reason_required)

    reason: Text = ""


class CloseIn(Schema):
    override_reason: Text = ""


class TerminateIn(Schema):
    terminated_by: choice(TerminatedBy)
    reason: FilledText
    terminated_on: Day | None = None
    notice_days: integer(minimum=0, maximum=365) | None = None


class TimeEntryIn(Schema):
    worked_on: Day
    minutes: integer(minimum=1, maximum=24 * 60)
    description: Line[500]
    recommendation_id: Int | None = None
    change_request_id: Int | None = None


class TimeEntryOut(Schema):
    id: int
    engagement_id: int
    worked_on: date
    minutes: int
    description: str
    recommendation_id: int | None
    change_request_id: int | None


class ChangeRequestIn(Schema):
    engagement_id: Int
    title: Line[200]
    requested_on: Day | None = None
    requested_by_id: Int | None = None
    description: Text = ""


class ChangeRequestMoveIn(Schema):
    to: choice(ChangeRequestStatus)
    estimate_hours: Amount | None = None
    estimate_amount: Amount | None = None
    invoice_id: Int | None = None


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
