from datetime import datetime

from ninja import Schema

from pacte.kernel.permissions import Perm


def internal(context, value: str) -> str:
    """A value only the provider's members see (portal users get an empty string)."""
    actor = getattr(context.get("request"), "actor", None) if context else None
    return value if actor is not None and actor.can(Perm.INTERNAL_VIEW) else ""


class ClientIn(Schema):
    name: str
    city: str = ""
    preferred_channel: str = ""
    report_frequency: str = ""
    language: str = "fr"
    decision_style: str = ""
    expectations: str = ""
    notes: str = ""


class ClientPatch(Schema):
    name: str | None = None
    city: str | None = None
    preferred_channel: str | None = None
    report_frequency: str | None = None
    language: str | None = None
    decision_style: str | None = None
    expectations: str | None = None
    notes: str | None = None


class ClientOut(Schema):
    id: int
    name: str
    city: str
    preferred_channel: str
    report_frequency: str
    language: str
    decision_style: str
    expectations: str
    notes: str
    created_at: datetime

    # What we noted about the client is ours: the client's own people get it blank.
    @staticmethod
    def resolve_expectations(client, context) -> str:
        return internal(context, client.expectations)

    @staticmethod
    def resolve_notes(client, context) -> str:
        return internal(context, client.notes)


class ContactIn(Schema):
    full_name: str
    job_title: str = ""
    email: str = ""
    phone: str = ""
    for_decisions: bool = False
    for_operations: bool = False
    for_billing: bool = False


class ContactOut(ContactIn):
    id: int
    client_id: int
