"""Creating an engagement: its deposit, its dates, bad input refused with nothing written, from
the service, the page and the API."""

import datetime as dt
from decimal import Decimal

import pytest

from pacte.engagements.models import Engagement
from pacte.engagements.services import engagement_create
from pacte.engagements.tests.helpers import S, browser, counts, create, last_entry
from pacte.kernel.errors import InvalidInput, NotFound, PermissionDenied
from pacte.kernel.money import Money

pytestmark = pytest.mark.django_db


def test_an_engagement_starts_as_a_draft_asking_the_workspace_default_deposit(world):
    engagement = create(world)
    assert engagement.status == S.DRAFT
    assert engagement.deposit_percent == Decimal("30.00")
    assert engagement.deposit_amount is None
    assert engagement.required_deposit == Money(Decimal("3000.00"), "EUR")
    entry = last_entry(world)
    assert entry.action == "engagement.created"
    assert entry.payload["deposit_required"] == "3000.00 EUR"
    assert entry.payload["client"] == "Boulangerie Alpha"


def test_the_workspace_policy_sets_the_default_deposit(world):
    owner = world.actor("owner")
    owner.workspace.default_deposit_percent = Decimal("40")
    owner.workspace.save()
    engagement = engagement_create(
        actor=owner, client_id=world.client.pk, title="Audit", value="5000"
    )
    assert engagement.required_deposit == Money(Decimal("2000.00"), "EUR")


def test_a_deposit_may_be_a_fixed_amount_or_another_share(world):
    fixed = create(world, title="Site vitrine", deposit_amount="2500.00", currency="CAD")
    assert fixed.deposit_percent is None
    assert fixed.required_deposit == Money(Decimal("2500.00"), "CAD")
    share = create(world, title="Boutique", deposit_percent="50")
    assert share.required_deposit == Money(Decimal("5000.00"), "EUR")


@pytest.mark.parametrize(
    "kwargs",
    [
        {"deposit_percent": "30", "deposit_amount": "3000"},  # both
        {"deposit_amount": "10000.01"},  # more than the value
        {"deposit_amount": "0"},
        {"deposit_percent": "0"},
        {"deposit_percent": "100.01"},
        {"deposit_percent": "beaucoup"},
        {"value": "0"},
        {"value": "-10"},
        {"value": "10000.005"},
        {"value": "dix mille"},
        {"value": ""},
        {"title": "   "},
        {"title": "x" * 201},
        {"currency": "XYZ"},
        {"kind": "barter"},
        {"starts_on": "2026-06-01", "ends_on": "2026-05-31"},  # ends before it starts
        {"starts_on": "2026-02-30"},
        {"ends_on": "demain"},
    ],
)
def test_bad_engagement_input_writes_nothing(world, kwargs):
    before = counts()
    with pytest.raises(InvalidInput):
        create(world, **kwargs)
    assert counts() == before


def test_an_engagement_may_start_and_end_the_same_day(world):
    engagement = create(world, starts_on="2026-06-01", ends_on="2026-06-01")
    assert engagement.starts_on == engagement.ends_on == dt.date(2026, 6, 1)


def test_a_client_of_another_workspace_is_not_found(world):
    before = counts()
    with pytest.raises(NotFound):
        create(world, client_id=world.foreign_client.pk)
    with pytest.raises(NotFound):
        create(world, client_id=999999)
    assert counts() == before


@pytest.mark.parametrize("kind", ["viewer", "portal"])
def test_readers_cannot_create_engagements(world, kind):
    before = counts()
    with pytest.raises(PermissionDenied):
        create(world, actor=kind)
    assert counts() == before


def test_creating_an_engagement_from_the_web(world):
    http = browser(world)
    page = http.get(f"/engagements/new/?client={world.client.pk}")
    assert page.status_code == 200
    response = http.post(
        "/engagements/new/",
        {
            "client_id": world.client.pk,
            "title": "Audit SEO",
            "kind": "fixed_price",
            "value": "4000",
            "currency": "EUR",
            "deposit_percent": "",
            "deposit_amount": "",
        },
    )
    engagement = Engagement.objects.in_workspace(world.workspace).get(title="Audit SEO")
    assert response["Location"] == f"/engagements/{engagement.pk}/"
    assert engagement.required_deposit.amount == 1200  # the workspace's 30 %
    # A client of another workspace is not even offered, and refused if posted.
    response = http.post(
        "/engagements/new/",
        {
            "client_id": world.foreign_client.pk,
            "title": "x",
            "kind": "fixed_price",
            "value": "10",
            "currency": "EUR",
        },
    )
    assert response.status_code == 200
    assert not Engagement.objects.in_workspace(world.workspace).filter(title="x").exists()


@pytest.mark.parametrize(
    "body, field",
    [
        ({"client_id": "x", "title": "T", "value": "10.00"}, "client_id"),
        ({"client_id": 1, "title": "", "value": "10.00"}, "title"),
        ({"client_id": 1, "title": "T", "value": "-5"}, "value"),
        ({"client_id": 1, "title": "T", "value": "abc"}, "value"),
        ({"client_id": 1, "title": "T", "value": "10.001"}, "value"),
        ({"client_id": 1, "title": "T", "value": "10.00", "currency": "XYZ"}, "currency"),
        (
            {"client_id": 1, "title": "T", "value": "10.00", "deposit_percent": 150},
            "deposit_percent",
        ),
        ({"client_id": 1, "title": "T", "value": "10.00", "deposit_percent": 0}, "deposit_percent"),
    ],
)
def test_bad_engagement_input_is_400_and_writes_nothing(world, api, body, field):

    if body["client_id"] == 1:
        body = {**body, "client_id": world.client.pk}
    response = api.post("/engagements", body)
    assert response.status_code == 400, response.content
    assert response.json()["code"] == "invalid"
    assert field in str(response.json())
    assert not Engagement.objects.in_workspace(world.workspace).exists()
