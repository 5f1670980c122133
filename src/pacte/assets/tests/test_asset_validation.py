"""Invalid asset values are refused and write nothing; the bounds and verification dates are
kept."""

import datetime as dt
from decimal import Decimal

import pytest

from pacte.assets.services import asset_update, asset_verify
from pacte.assets.tests.helpers import (
    TODAY,
    asset_count,
    counts,
    create,
    days,
    domain_payload,
    stored,
)
from pacte.kernel.errors import InvalidInput

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_in_english")]


@pytest.mark.parametrize(
    "fields",
    [
        {"kind": "spaceship"},
        {"kind": ""},
        {"legal_owner": "nobody"},
        {"payer": "the cat"},
        {"licence": "pirated"},
        {"renewal_period": "weekly"},
        {"notice_days": -1},
        {"notice_days": 731},
        {"notice_days": "thirty"},
        {"last_verified_on": days(1)},
        {"renewal_date": "2026-02-30"},
        {"cost": "12.345"},
        {"cost": "-5.00"},
        {"cost": "douze"},
        {"identifier": "   "},
        {"identifier": "x" * 256},
        {"currency": "XXX"},
        {"colour": "blue"},
    ],
    ids=lambda f: "-".join(f"{k}={str(v)[:12]}" for k, v in f.items()),
)
def test_invalid_values_are_refused_and_nothing_is_written(world, fields):
    before = counts()
    with pytest.raises(InvalidInput):
        create(world, **fields)
    assert counts() == before


@pytest.mark.parametrize(
    "fields",
    [
        {"kind": "spaceship"},
        {"legal_owner": "nobody"},
        {"payer": "nobody"},
        {"licence": "pirated"},
        {"renewal_period": "weekly"},
        {"notice_days": -1},
        {"notice_days": 731},
        {"last_verified_on": days(1)},
        {"cost": "12.345"},
        {"identifier": ""},
        {"colour": "blue"},
    ],
    ids=lambda f: "-".join(f"{k}={str(v)[:12]}" for k, v in f.items()),
)
def test_invalid_updates_are_refused_and_change_nothing(world, fields):
    asset = create(world, cost="10.00", notice_days=30)
    row, before = stored(asset), counts()
    with pytest.raises(InvalidInput):
        asset_update(actor=world.actor("owner"), asset_id=asset.pk, **fields)
    assert stored(asset) == row
    assert counts() == before


@pytest.mark.parametrize("notice", [0, 730])
def test_the_notice_period_bounds_are_accepted(world, notice):
    assert create(world, notice_days=notice).notice_days == notice


def test_a_cost_with_two_decimals_or_none_is_accepted(world):
    assert create(world, cost="1250,5").cost == Decimal("1250.50")
    assert create(world, identifier="b.fr", cost="").cost is None
    assert create(world, identifier="c.fr", cost=None).cost is None


def test_verifying_records_today_and_never_the_future(world):
    asset = create(world)
    assert asset_verify(actor=world.actor("consultant"), asset_id=asset.pk).last_verified_on == (
        TODAY
    )
    with pytest.raises(InvalidInput):
        asset_verify(actor=world.actor("consultant"), asset_id=asset.pk, verified_on=days(3))
    assert stored(asset)["last_verified_on"] == TODAY


@pytest.mark.parametrize(
    "changes",
    [
        {"kind": "spaceship"},
        {"legal_owner": "nobody"},
        {"notice_days": 731},
        {"notice_days": -1},
        {"renewal_date": "2026-02-30"},
        {"cost": "12.345"},
        {"client_id": "abc"},
        {"last_verified_on": (TODAY + dt.timedelta(days=1)).isoformat()},
    ],
    ids=str,
)
def test_invalid_assets_answer_400_and_write_nothing(world, api, changes):
    before = asset_count()
    refused = api.post("/assets", domain_payload(world, **changes))
    assert refused.status_code == 400, refused.content
    assert refused.json()["code"] == "invalid"
    assert asset_count() == before
