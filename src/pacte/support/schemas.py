import datetime as dt
from typing import Annotated

from ninja import Schema
from pydantic import BeforeValidator, Field, WithJsonSchema

from pacte.engagements.schemas import move_names, request_actor
from pacte.kernel.api_schema import Day, Int, Line, OptionalLine, Percent, Text, choice

from .models import Category, Priority, RequestChannel, SlaCalendar, SlaMetric, SlaWindow
from .selectors import available_moves

FIRST_YEAR, LAST_YEAR = 2000, 2999


def _iso_instant(value):
    """An instant as RFC 3339 writes it, with its offset: 2026-05-08T17:00:00+02:00."""
    if not isinstance(value, str):
        raise ValueError("Use a date and time written like 2026-05-08T17:00:00+02:00.")
    try:
        parsed = dt.datetime.fromisoformat(value.strip())
    except ValueError:
        raise ValueError("Use a date and time written like 2026-05-08T17:00:00+02:00.") from None
    if parsed.tzinfo is None or parsed.utcoffset() is None:
        raise ValueError("Give the time zone offset, e.g. +02:00 or Z.")
    if not FIRST_YEAR <= parsed.year <= LAST_YEAR:
        raise ValueError(f"A year from {FIRST_YEAR} to {LAST_YEAR}.")
    return parsed


# An instant with its offset (RFC 3339).
Instant = Annotated[
    dt.datetime,
    BeforeValidator(_iso_instant),
    WithJsonSchema(
        {
            "type": "string",
            "format": "date-time",
            "description": "A date and time with its offset, e.g. 2026-05-08T17:00:00+02:00.",
        }
    ),
]


class SupportRequestIn(Schema):
    # A portal user's request is their own client's, whatever is given.
    client_id: Int
    summary: Line[200]
    engagement_id: Int | None = None
    contact_id: Int | None = None
    priority: choice(Priority) = "normal"
    category: choice(Category) = "question"
    channel: choice(RequestChannel, blank=True) = ""
    details: Text = ""
    received_at: Instant | None = None


class MoveIn(Schema):
    at: Instant | None = None


class SlaOfRequestOut(Schema):
    sla_id: int
    metric: str
    agreed: bool
    target_minutes: int
    elapsed_minutes: int
    stopped: bool
    breached: bool


class SupportRequestOut(Schema):
    id: int
    client_id: int
    engagement_id: int | None
    contact_id: int | None
    channel: str
    summary: str
    details: str
    priority: str
    category: str
    status: str
    received_at: dt.datetime
    first_response_at: dt.datetime | None
    resolved_at: dt.datetime | None
    cancelled_at: dt.datetime | None
    opened_in_portal: bool
    # What this actor may do now (SUPPORT_REQUEST_TRANSITIONS): respond, start,
    # wait_for_client, client_replied, resolve, cancel.
    moves: list[str]

    @staticmethod
    def resolve_moves(request, context) -> list[str]:
        actor = request_actor(context)
        if actor is None:
            return []
        return move_names(available_moves(actor=actor, obj=request))


class WaitOut(Schema):
    started_at: dt.datetime
    ended_at: dt.datetime | None


class SupportRequestDetailOut(SupportRequestOut):
    waits: list[WaitOut]
    # Every SLA (agreed or proposed) that measures the request, with its clock.
    clocks: list[SlaOfRequestOut]
    # The agreed SLAs it breached (or is breaching now).
    breaches: list[int]

    # Filled by the API's view from the selectors (see `support.api._detail`).
    @staticmethod
    def resolve_waits(request) -> list:
        return request.waits_out

    @staticmethod
    def resolve_clocks(request) -> list:
        return request.clocks_out

    @staticmethod
    def resolve_breaches(request) -> list:
        return request.breaches_out


class SlaIn(Schema):
    engagement_id: Int | None = None
    client_id: Int | None = None
    metric: choice(SlaMetric)
    target_minutes: Int | None = None
    target_percent: Percent | None = None
    window: choice(SlaWindow) = "month"
    priority: choice(Priority, blank=True) = ""
    calendar: choice(SlaCalendar) = "business_hours"
    agreed_on: Day | None = None
    agreed_by: OptionalLine[150] = ""


class AgreeIn(Schema):
    agreed_on: Day | None = None
    agreed_by: OptionalLine[150] = ""


class SlaOut(Schema):
    id: int
    client_id: int
    engagement_id: int | None
    metric: str
    target_minutes: int | None
    target_percent: float | None
    window: str
    priority: str
    calendar: str
    agreed_on: dt.date | None
    agreed_in_portal: bool
    agreed_by: str

    @staticmethod
    def resolve_target_percent(sla) -> float | None:
        return float(sla.target_percent) if sla.target_percent is not None else None


class MeasurementIn(Schema):
    # The month, YYYY-MM (for a quarterly SLA, any month of the quarter).
    period: Annotated[str, Field(pattern=r"^[0-9]{4}-(0[1-9]|1[0-2])$")]
    value_percent: Percent


class MeasurementOut(Schema):
    id: int
    sla_id: int
    period_start: dt.date
    value_percent: float

    @staticmethod
    def resolve_value_percent(m) -> float:
        return float(m.value_percent)


class ComplianceOut(Schema):
    met: int
    judged: int
    # null when nothing was judged in the window: "not yet measured", never 0 %.
    ratio: float | None
    window_start: dt.date
    window_end: dt.date


class RequesterOut(Schema):
    id: int
    full_name: str


class RequestersOut(Schema):
    client_id: int
    requesters: int
    designated: int
    window_days: int
    since: dt.date
    words: str
    contacts: list[RequesterOut]
