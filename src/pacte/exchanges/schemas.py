from datetime import date

from ninja import Schema


class ExchangeIn(Schema):
    client_id: int
    channel: str
    direction: str
    summary: str
    occurred_on: date | None = None
    people: str = ""
    engagement_id: int | None = None
    follow_up_on: date | None = None


class ExchangeOut(Schema):
    id: int
    client_id: int
    engagement_id: int | None
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
