from datetime import date
from decimal import Decimal

from ninja import Schema

from pacte.clients.schemas import internal


class AssetIn(Schema):
    client_id: int
    kind: str
    identifier: str
    vendor: str = ""
    legal_owner: str = "client"
    third_party_name: str = ""
    payer: str = "client"
    client_has_admin: bool = False
    we_have_admin: bool = False
    licence: str = ""
    credentials_reference: str = ""
    renewal_date: date | None = None
    renewal_period: str = "yearly"
    auto_renew: bool = False
    notice_days: int = 0
    cost: Decimal | None = None
    currency: str = "EUR"
    last_verified_on: date | None = None
    notes: str = ""


class AssetPatch(Schema):
    kind: str | None = None
    identifier: str | None = None
    vendor: str | None = None
    legal_owner: str | None = None
    third_party_name: str | None = None
    payer: str | None = None
    client_has_admin: bool | None = None
    we_have_admin: bool | None = None
    licence: str | None = None
    credentials_reference: str | None = None
    renewal_date: date | None = None
    renewal_period: str | None = None
    auto_renew: bool | None = None
    notice_days: int | None = None
    cost: Decimal | None = None
    currency: str | None = None
    last_verified_on: date | None = None
    notes: str | None = None


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
    client_id: int
    what: str
    done_on: date | None = None
    why: str = ""
    result: str = ""
    asset_id: int | None = None
    engagement_id: int | None = None


class ActionOut(Schema):
    id: int
    client_id: int
    asset_id: int | None
    engagement_id: int | None
    done_on: date
    what: str
    why: str
    result: str
