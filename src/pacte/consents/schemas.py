import datetime as dt

from ninja import Schema

from pacte.kernel.api_schema import Bool, Day, Int, OptionalLine, Text, choice

from .models import ConsentMethod, ConsentScope


class ConsentIn(Schema):
    client_id: Int
    scope: choice(ConsentScope)
    granted: Bool
    by_contact_id: Int | None = None
    on: Day
    until: Day | None = None
    # "portal" is the client's own record, made in the portal (400 from a member).
    method: choice(ConsentMethod) = ConsentMethod.DOCUMENT
    consideration: OptionalLine[300] = ""
    notes: Text = ""


class RevokeIn(Schema):
    on: Day
    by_contact_id: Int | None = None
    reason: Text = ""


class ConsentOut(Schema):
    id: int
    client_id: int
    scope: str
    granted: Bool
    by_contact_id: int | None
    method: str
    given_on: dt.date
    until: dt.date | None
    consideration: str
    notes: str
    revoked_on: dt.date | None
    revoked_by_contact_id: int | None
    revocation_reason: str
    recorded_at: dt.datetime


class ScopeOut(Schema):
    scope: str
    state: str
    in_force: bool
    standing: ConsentOut | None


class ClientConsentsOut(Schema):
    client_id: int
    confidentiality: str
    may_be_named: bool
    on: dt.date
    scopes: list[ScopeOut]


class ReferenceOut(Schema):
    client_id: int
    name: str
    city: str
    logo: bool
    logo_url: str
    reference_until: dt.date | None


class ReferenceExportOut(Schema):
    format: str
    filename: str
    content_type: str
    text: str
    sha256: str
