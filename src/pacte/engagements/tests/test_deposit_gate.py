"""R-DEPOSIT: the work starts only once the deposit is paid, from the service, the page and the
API."""

import pytest
from django.utils.translation import override

from pacte.engagements.services import engagement_activate
from pacte.engagements.tests.helpers import (
    TODAY,
    S,
    browser,
    counts,
    create,
    days,
    deposit_invoice,
    engagement_in,
    pay,
    pay_deposit,
    reload,
    row,
)
from pacte.kernel.errors import Conflict, InvalidInput

pytestmark = pytest.mark.django_db


def activation_refused(world, engagement):
    before, stored = counts(), row(engagement)
    with pytest.raises(Conflict) as refused:
        engagement_activate(actor=world.actor("manager"), engagement_id=engagement.pk)
    assert refused.value.code == "deposit_missing"
    assert counts() == before and row(engagement) == stored
    return refused.value


def test_a_fresh_draft_cannot_start_without_its_deposit(world):
    engagement = create(world)
    with override("en"):
        error = activation_refused(world, engagement)
        assert "3,000.00\xa0EUR" in error.detail


def test_a_partial_deposit_is_not_enough_and_the_full_one_opens_the_work(world):
    engagement = create(world)
    invoice = deposit_invoice(world, engagement)
    pay(world, invoice, "2999.99")
    activation_refused(world, engagement)
    pay(world, invoice, "0.01")
    engagement_activate(actor=world.actor("manager"), engagement_id=engagement.pk)
    engagement = reload(engagement)
    assert engagement.status == S.ACTIVE
    assert engagement.activated_on == TODAY
    assert not engagement.deposit_overridden


def test_a_paid_progress_invoice_does_not_count_as_the_deposit(world):
    engagement = create(world)
    deposit_invoice(world, engagement)  # issued, unpaid
    progress = deposit_invoice(world, engagement, "5000.00", kind="progress")
    pay(world, progress, "5000.00")
    activation_refused(world, engagement)


def test_two_deposit_invoices_add_up(world):
    engagement = create(world)
    first = deposit_invoice(world, engagement, "1500.00")
    second = deposit_invoice(world, engagement, "1500.00")
    pay(world, first, "1500.00")
    activation_refused(world, engagement)
    pay(world, second, "1500.00")
    assert engagement_activate(actor=world.actor("owner"), engagement_id=engagement.pk).status == (
        S.ACTIVE
    )


def test_a_fixed_deposit_amount_is_the_bar(world):
    engagement = create(world, deposit_amount="1200.00")
    invoice = deposit_invoice(world, engagement, "1200.00")
    pay(world, invoice, "1000.00")
    activation_refused(world, engagement)
    pay(world, invoice, "200.00")
    engagement_activate(actor=world.actor("owner"), engagement_id=engagement.pk)
    assert reload(engagement).status == S.ACTIVE


def test_deposits_paid_on_another_engagement_do_not_count(world):
    engagement = create(world)
    other = create(world, title="Autre mission")
    pay(world, deposit_invoice(world, other), "3000.00")
    deposit_invoice(world, engagement)
    activation_refused(world, engagement)


def test_a_start_already_under_way_keeps_its_date_but_never_a_future_one(world):
    engagement = create(world)
    pay(world, deposit_invoice(world, engagement), "3000.00")
    before, stored = counts(), row(engagement)
    with pytest.raises(InvalidInput):
        engagement_activate(
            actor=world.actor("owner"), engagement_id=engagement.pk, activated_on=days(1)
        )
    assert counts() == before and row(engagement) == stored
    engagement_activate(
        actor=world.actor("owner"), engagement_id=engagement.pk, activated_on=days(-4).isoformat()
    )
    assert reload(engagement).activated_on == days(-4)


def test_activating_an_active_engagement_changes_nothing(world):
    engagement = engagement_in(world, S.ACTIVE)
    before, stored = counts(), row(engagement)
    again = engagement_activate(actor=world.actor("owner"), engagement_id=engagement.pk)
    assert again.status == S.ACTIVE
    assert counts() == before and row(engagement) == stored


def test_activation_is_refused_on_the_page_until_the_deposit_is_paid(world, engagement):
    http = browser(world)
    page = http.post(f"/engagements/{engagement.pk}/do/activate/", follow=True)
    assert "The deposit of 3,000.00\u00a0EUR is not paid yet" in page.content.decode()
    engagement.refresh_from_db()
    assert engagement.status == "draft"
    pay_deposit(world, engagement)
    page = http.post(f"/engagements/{engagement.pk}/do/activate/", follow=True)
    assert "The engagement is active" in page.content.decode()
    engagement.refresh_from_db()
    assert engagement.status == "active"


def test_deposit_gate_from_creation_to_activation(api):
    client = api.post("/clients", {"name": "Fromagerie Lenoir"})
    assert client.status_code == 201
    client_id = client.json()["id"]
    assert api.get(f"/clients/{client_id}").json()["name"] == "Fromagerie Lenoir"
    assert any(c["id"] == client_id for c in api.get("/clients").json()["items"])

    engagement = api.post(
        "/engagements",
        {
            "client_id": client_id,
            "title": "Refonte du site",
            "value": "10000.00",
            "currency": "EUR",
            "deposit_percent": 30,
        },
    )
    assert engagement.status_code == 201
    body = engagement.json()
    engagement_id = body["id"]
    assert body["status"] == "draft"
    assert body["deposit"]["required"] == "3000.00"

    refused = api.post(f"/engagements/{engagement_id}/activate")
    assert refused.status_code == 409
    assert refused.json()["code"] == "deposit_missing"
    assert "3,000.00\u00a0EUR" in refused.json()["detail"]

    invoice = api.post(
        "/invoices",
        {
            "engagement_id": engagement_id,
            "kind": "deposit",
            "amount": "3000.00",
            "due_date": "2026-12-01",
        },
    )
    assert invoice.status_code == 201
    invoice_id = invoice.json()["id"]
    assert api.get(f"/engagements/{engagement_id}").json()["status"] == "awaiting_deposit"

    partial = api.post(
        f"/invoices/{invoice_id}/payments", {"amount": "1000.00", "paid_on": "2026-11-10"}
    )
    assert partial.status_code == 201
    assert api.post(f"/engagements/{engagement_id}/activate").json()["code"] == "deposit_missing"
    api.post(f"/invoices/{invoice_id}/payments", {"amount": "2000.00", "paid_on": "2026-11-12"})
    assert api.get(f"/invoices/{invoice_id}").json()["balance_due"] == "0.00"

    activated = api.post(f"/engagements/{engagement_id}/activate")
    assert activated.status_code == 200
    assert activated.json()["status"] == "active"
