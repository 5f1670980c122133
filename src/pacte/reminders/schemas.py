import datetime as dt

from ninja import Schema

from pacte.kernel.api_schema import choice

from .kinds import Delivery


class ReminderOut(Schema):
    id: int
    kind: str
    object_type: str
    object_id: int
    due_on: dt.date
    stage: str
    recipient_email: str
    language: str
    delivery: str
    status: str
    subject: str
    created_at: dt.datetime
    queued_at: dt.datetime | None


class ReminderPreferenceOut(Schema):
    kind: str
    label: str
    delivery: str
    is_default: bool


class ReminderSettingsOut(Schema):
    language: str
    kinds: list[ReminderPreferenceOut]


class ReminderSettingsIn(Schema):
    language: choice(["fr", "en"]) | None = None
    # kind key → delivery; kinds not named keep their choice.
    deliveries: dict[str, choice(Delivery)] = {}
