from datetime import datetime

from ninja import Schema

from pacte.kernel.api_schema import Bool, Email, Line, OptionalLine, Text, choice
from pacte.kernel.permissions import Perm

from .models import Channel, Confidentiality, DecisionStyle, ReportFrequency

LANGUAGES = ["fr", "en"]


def internal(context, value: str) -> str:
    """A value only the provider's members see (portal users get an empty string)."""
    actor = getattr(context.get("request"), "actor", None) if context else None
    return value if actor is not None and actor.can(Perm.INTERNAL_VIEW) else ""


class ClientIn(Schema):
    name: Line[200]
    city: OptionalLine[120] = ""
    preferred_channel: choice(Channel, blank=True) = ""
    report_frequency: choice(ReportFrequency, blank=True) = ""
    language: choice(LANGUAGES) = "fr"
    decision_style: choice(DecisionStyle, blank=True) = ""
    expectations: Text = ""
    notes: Text = ""
    confidentiality: choice(Confidentiality) = Confidentiality.ANONYMISED


class ClientPatch(Schema):
    """Only the fields given change; null clears a field that may be blank."""

    name: Line[200] = None
    city: OptionalLine[120] | None = None
    preferred_channel: choice(Channel, blank=True) | None = None
    report_frequency: choice(ReportFrequency, blank=True) | None = None
    language: choice(LANGUAGES) = None
    decision_style: choice(DecisionStyle, blank=True) | None = None
    expectations: Text | None = None
    notes: Text | None = None
    # R-CONSENT: named / anonymised / confidential.
    confidentiality: choice(Confidentiality) = None


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
    confidentiality: str
    created_at: datetime

    # What we noted about the client is ours: the client's own people get it blank.
    @staticmethod
    def resolve_expectations(client, context) -> str:
        return internal(context, client.expectations)

    @staticmethod
    def resolve_notes(client, context) -> str:
        return internal(context, client.notes)


class ContactIn(Schema):
    full_name: Line[150]
    job_title: OptionalLine[120] = ""
    email: Email = ""
    phone: OptionalLine[40] = ""
    for_decisions: Bool = False
    for_operations: Bool = False
    for_billing: Bool = False


class ContactOut(Schema):
    id: int
    client_id: int
    full_name: str
    job_title: str
    email: str
    phone: str
    for_decisions: bool
    for_operations: bool
    for_billing: bool
