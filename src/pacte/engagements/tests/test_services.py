"""Engagement writes and reads: creation with its deposit, the lifecycle and its gate
(R-DEPOSIT), time entries, change requests, and the overview the engagement page shows."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone
from django.utils.translation import override

from pacte.billing.models import Invoice, Payment
from pacte.billing.selectors import engagement_billing
from pacte.billing.services import invoice_create, payment_record
from pacte.clients.services import contact_create
from pacte.engagements.models import (
    ChangeRequest,
    Engagement,
    EngagementStatus,
    TimeEntry,
)
from pacte.engagements.selectors import (
    engagement_change_requests,
    engagement_get,
    engagement_next_steps,
)
from pacte.engagements.services import (
    change_request_create,
    change_request_move,
    engagement_activate,
    engagement_create,
    engagement_hold,
    engagement_override_deposit,
    engagement_request_deposit,
    engagement_resume,
    time_entry_log,
)
from pacte.handoff.services import (
    engagement_close,
    engagement_start_closing,
    engagement_terminate,
)
from pacte.kernel.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from pacte.kernel.models import LedgerEntry
from pacte.kernel.money import Money

pytestmark = pytest.mark.django_db

S = EngagementStatus
TODAY = timezone.localdate()


def days(n: int) -> dt.date:
    return TODAY + dt.timedelta(days=n)


def counts():
    return tuple(
        model.objects.across_workspaces().count()
        for model in (Engagement, TimeEntry, ChangeRequest, Invoice, Payment, LedgerEntry)
    )


def row(engagement):
    """The engagement as stored, to prove a refused action changed nothing."""
    return (
        Engagement.objects.in_workspace(engagement.workspace_id)
        .filter(pk=engagement.pk)
        .values()
        .get()
    )


def reload(engagement):
    return Engagement.objects.in_workspace(engagement.workspace_id).get(pk=engagement.pk)


def last_entry(world):
    return LedgerEntry.objects.in_workspace(world.workspace).last()


def create(world, *, actor="owner", **kwargs):
    values = {"client_id": world.client.pk, "title": "Refonte du site", "value": "10000.00"}
    values.update(kwargs)
    return engagement_create(actor=world.actor(actor), **values)


def deposit_invoice(world, engagement, amount="3000.00", *, kind="deposit"):
    return invoice_create(
        actor=world.actor("owner"),
        engagement_id=engagement.pk,
        kind=kind,
        amount=amount,
        issued_on=days(-20),
        due_on=days(-5),
    )


def pay(world, invoice, amount, on=None):
    return payment_record(
        actor=world.actor("owner"), invoice_id=invoice.pk, amount=amount, paid_on=on or days(-1)
    )


def engagement_in(world, status: str) -> Engagement:
    """An engagement brought to `status` through the services, its deposit paid once it is
    awaited (an awaiting_deposit engagement is then ready to be activated)."""
    owner = world.actor("owner")
    engagement = create(world)
    if status == S.DRAFT:
        return engagement
    if status == S.TERMINATED:
        engagement_terminate(
            actor=owner, engagement_id=engagement.pk, terminated_by="client", reason="Budget cut"
        )
        return reload(engagement)
    pay(world, deposit_invoice(world, engagement), "3000.00")
    if status == S.AWAITING_DEPOSIT:
        return reload(engagement)
    engagement_activate(actor=owner, engagement_id=engagement.pk)
    if status == S.ON_HOLD:
        engagement_hold(actor=owner, engagement_id=engagement.pk, reason="Client on holiday")
    elif status in {S.CLOSING, S.CLOSED}:
        engagement_start_closing(actor=owner, engagement_id=engagement.pk)
        if status == S.CLOSED:
            engagement_close(actor=owner, engagement_id=engagement.pk)
    engagement = reload(engagement)
    assert engagement.status == status
    return engagement


# --- Creation -------------------------------------------------------------------------------


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


# --- The lifecycle, every status against every move ------------------------------------------


TRANSITIONS = {
    "request_deposit": lambda actor, pk: engagement_request_deposit(actor=actor, engagement_id=pk),
    "activate": lambda actor, pk: engagement_activate(actor=actor, engagement_id=pk),
    "override_deposit": lambda actor, pk: engagement_override_deposit(
        actor=actor, engagement_id=pk, reason="Long-standing client, paying in 10 days"
    ),
    "hold": lambda actor, pk: engagement_hold(actor=actor, engagement_id=pk, reason="Waiting"),
    "resume": lambda actor, pk: engagement_resume(actor=actor, engagement_id=pk),
    "start_closing": lambda actor, pk: engagement_start_closing(actor=actor, engagement_id=pk),
    "close": lambda actor, pk: engagement_close(actor=actor, engagement_id=pk),
    "terminate": lambda actor, pk: engagement_terminate(
        actor=actor, engagement_id=pk, terminated_by="us", reason="Unpaid invoices", notice_days=15
    ),
}

ALLOWED = {
    (S.DRAFT, "request_deposit"): S.AWAITING_DEPOSIT,
    (S.DRAFT, "override_deposit"): S.ACTIVE,
    (S.AWAITING_DEPOSIT, "activate"): S.ACTIVE,
    (S.AWAITING_DEPOSIT, "override_deposit"): S.ACTIVE,
    (S.ACTIVE, "hold"): S.ON_HOLD,
    (S.ACTIVE, "start_closing"): S.CLOSING,
    (S.ON_HOLD, "resume"): S.ACTIVE,
    (S.ON_HOLD, "start_closing"): S.CLOSING,
    (S.CLOSING, "close"): S.CLOSED,
    **{
        (status, "terminate"): S.TERMINATED
        for status in (S.DRAFT, S.AWAITING_DEPOSIT, S.ACTIVE, S.ON_HOLD, S.CLOSING)
    },
}
# Activating an active engagement changes nothing; a draft cannot have its deposit paid (the
# deposit invoice makes it awaiting_deposit), so activating it is the deposit gate's refusal.
SPECIAL = {(S.ACTIVE, "activate"), (S.DRAFT, "activate")}


@pytest.mark.parametrize("move", list(TRANSITIONS))
@pytest.mark.parametrize("status", S.values)
def test_every_status_against_every_move(world, status, move):
    engagement = engagement_in(world, status)
    owner = world.actor("owner")
    before, stored = counts(), row(engagement)
    if (status, move) in ALLOWED:
        TRANSITIONS[move](owner, engagement.pk)
        to = ALLOWED[(status, move)]
        assert reload(engagement).status == to
        # Closing and terminating also plan the handoff, journaled after the move.
        entry = (
            LedgerEntry.objects.in_workspace(world.workspace)
            .filter(action="engagement.status_changed")
            .last()
        )
        assert (entry.payload["from"], entry.payload["to"]) == (status, to)
        assert entry.subject_id == str(engagement.pk)
        assert entry.actor == "owner@nord.test (owner)"
    elif (status, move) in SPECIAL:
        if status == S.ACTIVE:
            TRANSITIONS[move](owner, engagement.pk)  # a no-op
        else:
            with pytest.raises(Conflict) as refused:
                TRANSITIONS[move](owner, engagement.pk)
            assert refused.value.code == "deposit_missing"
        assert counts() == before and row(engagement) == stored
    else:
        with pytest.raises(Conflict) as refused:
            TRANSITIONS[move](owner, engagement.pk)
        assert refused.value.code == "invalid_transition"
        assert counts() == before
        assert row(engagement) == stored


def test_every_pair_is_in_the_table():
    """The table above covers the whole lifecycle; a new status or move must be added to it."""
    pairs = {(status, move) for status in S.values for move in TRANSITIONS}
    assert set(ALLOWED) | SPECIAL <= pairs
    assert len(pairs) == len(S.values) * len(TRANSITIONS) == 56


def test_moves_on_an_engagement_of_another_workspace_are_not_found(world):
    engagement = create(world)
    outsider = world.actor("other_workspace")
    for move in TRANSITIONS.values():
        with pytest.raises(NotFound):
            move(outsider, engagement.pk)
    assert reload(engagement).status == S.DRAFT


@pytest.mark.parametrize("kind", ["viewer", "portal"])
def test_readers_cannot_move_an_engagement(world, kind):
    engagement = engagement_in(world, S.ACTIVE)
    before = counts()
    for name in ("hold", "start_closing", "terminate"):
        with pytest.raises(PermissionDenied):
            TRANSITIONS[name](world.actor(kind), engagement.pk)
    assert counts() == before


# --- R-DEPOSIT ------------------------------------------------------------------------------


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


@pytest.mark.parametrize("kind", ["manager", "consultant", "viewer", "portal"])
def test_only_an_owner_may_start_without_the_deposit(world, kind):
    engagement = create(world)
    before, stored = counts(), row(engagement)
    with pytest.raises(PermissionDenied):
        engagement_override_deposit(
            actor=world.actor(kind), engagement_id=engagement.pk, reason="Trust me"
        )
    assert counts() == before and row(engagement) == stored


@pytest.mark.parametrize("reason", ["", "   \n\t", None])
def test_an_override_needs_a_written_reason(world, reason):
    engagement = create(world)
    before, stored = counts(), row(engagement)
    with pytest.raises(InvalidInput) as refused:
        engagement_override_deposit(
            actor=world.actor("owner"), engagement_id=engagement.pk, reason=reason
        )
    assert refused.value.code == "reason_required"
    assert counts() == before and row(engagement) == stored


def test_an_override_is_kept_on_the_engagement_and_in_the_ledger_for_good(world):
    engagement = create(world)
    invoice = deposit_invoice(world, engagement)
    pay(world, invoice, "500.00")
    owner = world.actor("owner")
    engagement_override_deposit(
        actor=owner, engagement_id=engagement.pk, reason="  Client de 10 ans, virement lundi  "
    )
    engagement = engagement_get(actor=world.actor("viewer"), engagement_id=engagement.pk)
    assert engagement.status == S.ACTIVE
    assert engagement.activated_on == TODAY
    assert engagement.deposit_override_reason == "Client de 10 ans, virement lundi"
    assert engagement.deposit_override_by == world.users["owner"]
    assert engagement.deposit_override_at is not None
    entries = list(LedgerEntry.objects.in_workspace(world.workspace).order_by("-seq")[:2])
    status_changed, overridden = entries
    assert overridden.action == "engagement.deposit_overridden"
    assert overridden.payload == {
        "reason": "Client de 10 ans, virement lundi",
        "required": "3000.00 EUR",
        "paid": "500.00 EUR",
    }
    assert overridden.actor == "owner@nord.test (owner)"
    assert (status_changed.action, status_changed.payload["to"]) == (
        "engagement.status_changed",
        "active",
    )
    # Still shown once the work goes on and ends.
    engagement_hold(actor=owner, engagement_id=engagement.pk)
    engagement_resume(actor=owner, engagement_id=engagement.pk)
    engagement_start_closing(actor=owner, engagement_id=engagement.pk)
    engagement_close(actor=owner, engagement_id=engagement.pk)
    assert reload(engagement).deposit_override_reason == "Client de 10 ans, virement lundi"


def test_an_engagement_that_started_cannot_skip_its_deposit_afterwards(world):
    engagement = engagement_in(world, S.ON_HOLD)
    before, stored = counts(), row(engagement)
    with pytest.raises(Conflict) as refused:
        engagement_override_deposit(
            actor=world.actor("owner"), engagement_id=engagement.pk, reason="Late"
        )
    assert refused.value.code == "invalid_transition"
    assert counts() == before and row(engagement) == stored


# --- Termination ----------------------------------------------------------------------------


def test_termination_records_who_when_why_and_the_notice(world):
    engagement = engagement_in(world, S.ACTIVE)
    Engagement.objects.in_workspace(world.workspace).filter(pk=engagement.pk).update(
        activated_on=dt.date(2026, 1, 5)
    )
    engagement_terminate(
        actor=world.actor("manager"),
        engagement_id=engagement.pk,
        terminated_by="client",
        reason="  The client is selling the shop  ",
        terminated_on="2026-03-31",
        notice_days="30",
    )
    engagement = reload(engagement)
    assert engagement.status == S.TERMINATED
    assert engagement.terminated_by == "client"
    assert engagement.terminated_on == dt.date(2026, 3, 31)
    assert engagement.termination_reason == "The client is selling the shop"
    assert engagement.notice_days == 30
    entry = (
        LedgerEntry.objects.in_workspace(world.workspace)
        .filter(action="engagement.status_changed")
        .last()
    )
    assert entry.action == "engagement.status_changed"
    assert entry.payload == {
        "from": "active",
        "to": "terminated",
        "by": "client",
        "on": "2026-03-31",
        "reason": "The client is selling the shop",
        "notice_days": 30,
    }


def test_termination_defaults_to_today_without_notice(world):
    engagement = create(world)
    engagement_terminate(
        actor=world.actor("owner"), engagement_id=engagement.pk, terminated_by="mutual", reason="x"
    )
    engagement = reload(engagement)
    assert (engagement.terminated_on, engagement.notice_days) == (TODAY, None)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"terminated_by": "the weather"},
        {"terminated_by": ""},
        {"reason": ""},
        {"reason": "   "},
        {"notice_days": -1},
        {"notice_days": 366},
        {"notice_days": "a month"},
        {"terminated_on": "31/03/2026"},
    ],
)
def test_bad_termination_input_writes_nothing(world, kwargs):
    engagement = engagement_in(world, S.ACTIVE)
    values = {"terminated_by": "us", "reason": "Unpaid invoices"}
    values.update(kwargs)
    before, stored = counts(), row(engagement)
    with pytest.raises(InvalidInput):
        engagement_terminate(actor=world.actor("owner"), engagement_id=engagement.pk, **values)
    assert counts() == before and row(engagement) == stored


# --- Time entries ---------------------------------------------------------------------------


def log(world, engagement, **kwargs):
    values = {"worked_on": days(-1), "minutes": 90, "description": "Maquettes"}
    values.update(kwargs)
    return time_entry_log(actor=world.actor("consultant"), engagement_id=engagement.pk, **values)


@pytest.mark.parametrize(
    "status", [s for s in S.values if s != S.ACTIVE], ids=[s for s in S.values if s != S.ACTIVE]
)
def test_work_is_refused_on_an_engagement_that_is_not_active(world, status):
    engagement = engagement_in(world, status)
    before = counts()
    with pytest.raises(Conflict) as refused:
        log(world, engagement)
    assert refused.value.code == "engagement_not_active"
    assert counts() == before


def test_work_is_logged_on_an_active_engagement(world):
    engagement = engagement_in(world, S.ACTIVE)
    entry = log(world, engagement, minutes="1440", description="  Mise en ligne  ")
    assert (entry.minutes, entry.description, entry.author) == (
        1440,
        "Mise en ligne",
        world.users["consultant"],
    )
    assert log(world, engagement, minutes=1).minutes == 1
    assert (
        TimeEntry.objects.in_workspace(world.workspace).filter(engagement=engagement).count() == 2
    )


def test_work_is_refused_again_once_the_engagement_is_put_on_hold(world):
    engagement = engagement_in(world, S.ACTIVE)
    log(world, engagement)
    engagement_hold(actor=world.actor("owner"), engagement_id=engagement.pk)
    with pytest.raises(Conflict):
        log(world, engagement)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"minutes": 0},
        {"minutes": -30},
        {"minutes": 1441},
        {"minutes": "abc"},
        {"minutes": None},
        {"minutes": 90.5},  # never silently cut to 90
        {"minutes": True},
        {"worked_on": None},
        {"worked_on": ""},
        {"worked_on": "2026-02-30"},
        {"worked_on": "hier"},
        {"worked_on": days(1)},  # work is logged once done
        {"description": ""},
        {"description": "x" * 501},
    ],
)
def test_bad_time_entries_write_nothing(world, kwargs):
    engagement = engagement_in(world, S.ACTIVE)
    before = counts()
    with pytest.raises(InvalidInput):
        log(world, engagement, **kwargs)
    assert counts() == before


@pytest.mark.parametrize("kind", ["viewer", "portal"])
def test_readers_cannot_log_work(world, kind):
    engagement = engagement_in(world, S.ACTIVE)
    with pytest.raises(PermissionDenied):
        time_entry_log(
            actor=world.actor(kind),
            engagement_id=engagement.pk,
            worked_on=TODAY,
            minutes=30,
            description="x",
        )


def test_work_on_an_engagement_of_another_workspace_is_not_found(world):
    engagement = engagement_in(world, S.ACTIVE)
    with pytest.raises(NotFound):
        time_entry_log(
            actor=world.actor("other_workspace"),
            engagement_id=engagement.pk,
            worked_on=TODAY,
            minutes=30,
            description="x",
        )


# --- Change requests ------------------------------------------------------------------------


def change(world, engagement, title="Ajouter une page Équipe", **kwargs):
    return change_request_create(
        actor=world.actor("consultant"), engagement_id=engagement.pk, title=title, **kwargs
    )


def move(world, change_request, to, **kwargs):
    return change_request_move(
        actor=world.actor("consultant"), change_request_id=change_request.pk, to=to, **kwargs
    )


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


def reach(world, engagement, status):
    request = change(world, engagement, title=f"Demande {status}")
    path = {
        "new": [],
        "estimated": ["estimated"],
        "accepted": ["estimated", "accepted"],
        "billed": ["estimated", "accepted", "billed"],
        "refused": ["refused"],
        "absorbed": ["absorbed"],
    }[status]
    for step in path:
        kwargs = {}
        if step == "estimated":
            kwargs["estimate_hours"] = "3"
        if step == "billed":
            kwargs["invoice_id"] = deposit_invoice(
                world, engagement, "90", kind="change_request"
            ).pk
        move(world, request, step, **kwargs)
    return request


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


# --- The overview ---------------------------------------------------------------------------


def test_a_fresh_draft_asks_for_its_deposit_invoice(world):
    engagement = create(world)
    with override("en"):
        money = engagement_billing(actor=world.actor("viewer"), engagement=engagement)
        steps = engagement_next_steps(actor=world.actor("viewer"), engagement=engagement)
    assert money.deposit_progress == 0
    assert steps == ["Issue the deposit invoice (3,000.00\xa0EUR) before any work starts."]


def test_the_deposit_progress_and_the_next_step_follow_the_payments(world):
    engagement = create(world)
    invoice = deposit_invoice(world, engagement)
    pay(world, invoice, "1000.00")
    with override("en"):
        money = engagement_billing(actor=world.actor("owner"), engagement=reload(engagement))
        steps = engagement_next_steps(actor=world.actor("owner"), engagement=reload(engagement))
    assert money.deposit_progress == 33
    assert money.deposit_paid == Money(Decimal("1000.00"), "EUR")
    assert steps[0] == ("Wait for the deposit: 1,000.00\xa0EUR of 3,000.00\xa0EUR received.")
    pay(world, invoice, "2000.00")
    with override("en"):
        money = engagement_billing(actor=world.actor("owner"), engagement=reload(engagement))
        steps = engagement_next_steps(actor=world.actor("owner"), engagement=reload(engagement))
    assert money.deposit_progress == 100
    assert steps[0] == "The deposit is paid: activate the engagement."


def test_the_overview_sums_invoices_payments_and_change_requests(world):
    engagement = engagement_in(world, S.ACTIVE)  # deposit 3000 invoiced and paid
    owner = world.actor("owner")
    late = invoice_create(
        actor=owner,
        engagement_id=engagement.pk,
        kind="progress",
        number="F-2026-002",
        amount="2000.00",
        issued_on=days(-40),
        due_on=days(-10),
    )
    pay(world, late, "500.00")
    invoice_create(
        actor=owner, engagement_id=engagement.pk, kind="progress", amount="1000", due_on=days(20)
    )
    reach(world, engagement, "new")
    reach(world, engagement, "accepted")
    first = change(world, engagement, title="Corriger une coquille")
    move(world, first, "estimated", estimate_hours="4", estimate_amount="400")
    move(world, first, "absorbed")
    second = change(world, engagement, title="Traduire le pied de page")
    move(world, second, "estimated", estimate_hours="2.5")
    move(world, second, "absorbed")
    reach(world, engagement, "refused")

    viewer = world.actor("viewer")
    with override("en"):
        changes = engagement_change_requests(actor=viewer, engagement=engagement)
        money = engagement_billing(actor=viewer, engagement=engagement)
        steps = engagement_next_steps(actor=viewer, engagement=engagement)
    assert changes.counts == {
        "new": 1,
        "estimated": 0,
        "accepted": 1,
        "billed": 0,
        "refused": 1,
        "absorbed": 2,
    }
    assert changes.absorbed_hours == Decimal("6.50")
    assert changes.absorbed_amount == Money(Decimal("400.00"), "EUR")
    assert money.invoiced == Money(Decimal("6000.00"), "EUR")
    assert money.paid == Money(Decimal("3500.00"), "EUR")
    assert money.balance_due == Money(Decimal("2500.00"), "EUR")
    assert money.deposit_progress == 100
    assert [i.pk for i in money.overdue] == [late.pk]
    assert steps[0] == "Chase invoice F-2026-002: 1,500.00\xa0EUR overdue by 10 days."
    assert "Estimate the change request “Demande new”." in steps
    assert "Bill the accepted change request “Demande accepted”." in steps
    assert not any("deposit" in step for step in steps)


def test_an_invoice_due_today_is_not_yet_overdue(world):
    engagement = engagement_in(world, S.ACTIVE)
    invoice_create(
        actor=world.actor("owner"),
        engagement_id=engagement.pk,
        kind="progress",
        amount="100",
        issued_on=days(-30),
        due_on=TODAY,
    )
    overview = engagement_billing(actor=world.actor("owner"), engagement=engagement)
    assert overview.overdue == []
    later = engagement_billing(actor=world.actor("owner"), engagement=engagement, today=days(1))
    assert len(later.overdue) == 1


@pytest.mark.parametrize("kind", ["other_workspace", "portal_other_client"])
def test_no_overview_of_an_engagement_the_actor_may_not_see(world, kind):
    engagement = create(world)
    with pytest.raises(NotFound):
        engagement_next_steps(actor=world.actor(kind), engagement=engagement)
    mine = engagement_billing(actor=world.actor("portal"), engagement=engagement)
    assert mine.deposit_required == Money(Decimal("3000.00"), "EUR")
