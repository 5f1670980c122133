from datetime import date

from ninja import Schema

from pacte.clients.models import Channel
from pacte.kernel.api_schema import Day, FilledText, Int, OptionalLine, choice

from .models import Direction


class ExchangeIn(Schema):
    client_id: Int
    channel: choice(Channel)
    direction: choice(Direction)
    summary: FilledText
    occurred_on: Day | None = None
    people: OptionalLine[300] = ""
    engagement_id: Int | None = None
    follow_up_on: Day | None = None
    contact_id: Int | None = None


class ExchangeOut(Schema):
    id: int
    client_id: int
    engagement_id: int | None
    contact_id: int | None
    occurred_on: date
    channel: str
    direction: str
    people: str
    summary: str
    follow_up_on: date | None


class SilenceOut(Schema):
    engagement_id: int
    client_id: int
    title: str
    last_outbound_on: date | None
    days_silent: int
