from datetime import date
from decimal import Decimal

from ninja import Schema

from pacte.clients.schemas import internal
from pacte.kernel.api_schema import (
    AmountOrZero,
    Bool,
    Day,
    Int,
    Line,
    OptionalLine,
    Text,
    choice,
    integer,
)
from pacte.kernel.money import Currency

from .models import AssetKind, Licence, Party, RenewalPeriod

NoticeDays = integer(minimum=0, maximum=730)


class AssetIn(Schema):
    client_id: Int
    kind: choice(AssetKind)
    identifier: Line[255]
    vendor: OptionalLine[120] = ""
    legal_owner: choice(Party) = "client"
    third_party_name: OptionalLine[120] = ""
    payer: choice(Party) = "client"
    client_has_admin: Bool = False
    we_have_admin: Bool = False
    licence: choice(Licence, blank=True) = ""
    credentials_reference: OptionalLine[255] = ""
    renewal_date: Day | None = None
    renewal_period: choice(RenewalPeriod) = "yearly"
    auto_renew: Bool = False
    notice_days: NoticeDays = 0
    cost: AmountOrZero | None = None
    currency: choice(Currency) = "EUR"
    last_verified_on: Day | None = None
    notes: Text = ""


class AssetPatch(Schema):
    """Only the fields given change; null clears a field that may be blank."""

    kind: choice(AssetKind) = None
    identifier: Line[255] = None
    vendor: OptionalLine[120] | None = None
    legal_owner: choice(Party) = None
    third_party_name: OptionalLine[120] | None = None
    payer: choice(Party) = None
    client_has_admin: Bool = None
    we_have_admin: Bool = None
    licence: choice(Licence, blank=True) | None = None
    credentials_reference: OptionalLine[255] | None = None
    renewal_date: Day | None = None
    renewal_period: choice(RenewalPeriod) = None
    auto_renew: Bool = None
    notice_days: NoticeDays = None
    cost: AmountOrZero | None = None
    currency: choice(Currency) = None
    last_verified_on: Day | None = None
    notes: Text | None = None


class AssetOut(Schema):
    @staticmethod
    def resolve_notes(asset, context) -> str:
        return internal(context, asset.notes)

    id: int
    client_id: int
    kind: str
    identifier: str
    vendor: str
    legal_owner: str
    third_party_name: str
    payer: str
    client_has_admin: bool
    we_have_admin: bool
    licence: str
    credentials_reference: str
    renewal_date: date | None
    renewal_period: str
    auto_renew: bool
    notice_days: int
    cost: Decimal | None
    currency: str
    last_verified_on: date | None
    notes: str


class ViolationOut(Schema):
    rule: str
    rule_number: int
    title: str
    asset_id: int | None
    asset: str
    fix: str


class ReversibilityOut(Schema):
    client_id: int
    score: int
    checks: int
    passed: int
    violations: list[ViolationOut]


class ActionIn(Schema):
    client_id: Int
    what: Line[300]
    done_on: Day | None = None
    why: Text = ""
    result: Text = ""
    asset_id: Int | None = None
    engagement_id: Int | None = None


class ActionOut(Schema):
    id: int
    client_id: int
    asset_id: int | None
    engagement_id: int | None
    done_on: date
    what: str
    why: str
    result: str
