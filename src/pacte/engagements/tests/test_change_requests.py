"""Change requests: from new to billed, refused or absorbed, each move checked, each estimate
required."""

from decimal import Decimal

import pytest

from pacte.billing.services import invoice_create
from pacte.clients.services import contact_create
from pacte.engagements.models import ChangeRequest
from pacte.engagements.services import change_request_move
from pacte.engagements.tests.helpers import (
    S,
    change,
    counts,
    days,
    deposit_invoice,
    engagement_in,
    last_entry,
    log,
    move,
    reach,
)
from pacte.kernel.errors import Conflict, InvalidInput, NotFound

pytestmark = pytest.mark.django_db


def test_a_change_request_goes_from_new_to_billed(world):

    engagement = engagement_in(world, S.ACTIVE)
    contact = contact_create(actor=world.actor("owner"), client_id=world.client.pk, full_name="Zoé")
    request = change(world, engagement, requested_by_id=contact.pk, requested_on=days(-3))
    assert (request.status, request.requested_by, request.requested_on) == (
        "new",
        contact,
        days(-3),
    )
    entry = last_entry(world)
    assert entry.action == "change_request.created" and entry.payload["requested_by"] == "Zoé"

    move(world, request, "estimated", estimate_hours="6", estimate_amount="480.00")
    move(world, request, "estimated", estimate_hours="8", estimate_amount="640")  # again
    move(world, request, "accepted")
    invoice = invoice_create(
        actor=world.actor("owner"),
        engagement_id=engagement.pk,
        kind="change_request",
        amount="640.00",
        due_on=days(30),
    )
    billed = move(world, request, "billed", invoice_id=invoice.pk)
    assert billed.status == "billed" and billed.invoice == invoice
    assert billed.estimate_hours == Decimal("8.00") and billed.estimate_amount == Decimal("640.00")
    entry = last_entry(world)
    assert entry.action == "change_request.status_changed"
    assert (entry.payload["from"], entry.payload["to"]) == ("accepted", "billed")


def test_a_requester_must_be_a_contact_of_the_engagement_client(world):

    engagement = engagement_in(world, S.ACTIVE)
    stranger = contact_create(
        actor=world.actor("owner"), client_id=world.other_client.pk, full_name="Yves"
    )
    before = counts()
    with pytest.raises(NotFound):
        change(world, engagement, requested_by_id=stranger.pk)
    assert counts() == before


def test_billing_a_change_request_needs_its_change_request_invoice(world):
    engagement = engagement_in(world, S.ACTIVE)
    other = engagement_in(world, S.ACTIVE)
    request = change(world, engagement)
    move(world, request, "estimated", estimate_amount="300")
    move(world, request, "accepted")
    progress = deposit_invoice(world, engagement, "300.00", kind="progress")
    elsewhere = deposit_invoice(world, other, "300.00", kind="change_request")
    before = counts()
    with pytest.raises(InvalidInput):
        move(world, request, "billed")
    with pytest.raises(NotFound):
        move(world, request, "billed", invoice_id=progress.pk)
    with pytest.raises(NotFound):
        move(world, request, "billed", invoice_id=elsewhere.pk)
    assert counts() == before
    assert ChangeRequest.objects.in_workspace(world.workspace).get(pk=request.pk).status == (
        "accepted"
    )


def test_a_change_request_may_be_refused_or_absorbed(world):
    engagement = engagement_in(world, S.ACTIVE)
    refused = change(world, engagement, title="Refaire le logo")
    assert move(world, refused, "refused").status == "refused"
    absorbed = change(world, engagement, title="Corriger une coquille")
    move(world, absorbed, "estimated", estimate_hours="0.5")
    assert move(world, absorbed, "absorbed").status == "absorbed"
    accepted_then_absorbed = change(world, engagement, title="Traduire une page")
    move(world, accepted_then_absorbed, "estimated", estimate_hours="2")
    move(world, accepted_then_absorbed, "accepted")
    assert move(world, accepted_then_absorbed, "absorbed").status == "absorbed"


def test_no_work_is_logged_on_a_refused_change_request(world):
    engagement = engagement_in(world, S.ACTIVE)
    request = change(world, engagement)
    move(world, request, "refused")
    before = counts()
    with pytest.raises(Conflict) as refused:
        log(world, engagement, change_request_id=request.pk)
    assert refused.value.code == "change_request_refused"
    assert counts() == before


CHANGE_MOVES = {
    "estimated": {"new", "estimated"},
    "accepted": {"estimated"},
    "billed": {"accepted"},
    "refused": {"new", "estimated"},
    "absorbed": {"new", "estimated", "accepted"},
    "new": set(),
}


@pytest.mark.parametrize("to", list(CHANGE_MOVES))
@pytest.mark.parametrize(
    "status", ["new", "estimated", "accepted", "billed", "refused", "absorbed"]
)
def test_every_change_request_status_against_every_move(world, status, to):
    engagement = engagement_in(world, S.ACTIVE)
    request = reach(world, engagement, status)
    invoice = deposit_invoice(world, engagement, "90", kind="change_request")
    before = counts()
    if status in CHANGE_MOVES[to]:
        moved = move(world, request, to, estimate_hours="1", invoice_id=invoice.pk)
        assert moved.status == to
        entry = last_entry(world)
        assert entry.action == "change_request.status_changed"
        assert (entry.payload["from"], entry.payload["to"]) == (status, to)
        return
    with pytest.raises(Conflict) as refused:
        move(world, request, to, estimate_hours="1", invoice_id=invoice.pk)
    assert refused.value.code == "invalid_transition"
    assert counts() == before
    assert ChangeRequest.objects.in_workspace(world.workspace).get(pk=request.pk).status == status


@pytest.mark.parametrize(
    "kwargs",
    [
        {},
        {"estimate_hours": "", "estimate_amount": None},
        {"estimate_hours": "0"},
        {"estimate_hours": "trois"},
        {"estimate_amount": "-5"},
        {"estimate_amount": "10.001"},
    ],
)
def test_an_estimate_needs_hours_or_an_amount(world, kwargs):
    engagement = engagement_in(world, S.ACTIVE)
    request = change(world, engagement)
    before = counts()
    with pytest.raises(InvalidInput):
        move(world, request, "estimated", **kwargs)
    assert counts() == before
    stored = ChangeRequest.objects.in_workspace(world.workspace).get(pk=request.pk)
    assert (stored.status, stored.estimate_hours, stored.estimate_amount) == ("new", None, None)


def test_a_bad_change_request_status_is_refused(world):
    engagement = engagement_in(world, S.ACTIVE)
    request = change(world, engagement)
    with pytest.raises(InvalidInput):
        move(world, request, "done")
    with pytest.raises(InvalidInput):
        change(world, engagement, title="  ")
    with pytest.raises(NotFound):
        change_request_move(
            actor=world.actor("other_workspace"), change_request_id=request.pk, to="refused"
        )
