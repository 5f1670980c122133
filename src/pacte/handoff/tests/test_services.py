"""Handoffs and takeovers (DOMAIN §6): the plan built from the registry when an engagement
starts closing or is terminated, its steps, owners and due dates, the handover call's SLA,
the gate on closing, and the dated record of a takeover from a previous provider."""

import datetime as dt

import pytest
from django.utils import timezone, translation

from pacte.assets.services import asset_create
from pacte.billing.services import invoice_create, payment_record
from pacte.engagements.models import Engagement
from pacte.engagements.services import (
    engagement_activate,
    engagement_create,
)
from pacte.handoff.models import HandoffPlan, HandoffStep, TakeoverEvent, TakeoverItem
from pacte.handoff.selectors import handoff_for, takeover_list
from pacte.handoff.services import (
    add_working_days,
    engagement_close,
    engagement_start_closing,
    engagement_terminate,
    handoff_call_held,
    handoff_plan_build,
    handoff_step_update,
    takeover_item_create,
    takeover_record,
)
from pacte.kernel.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from pacte.kernel.models import LedgerEntry, Workspace

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_english():
    with translation.override("en"):
        yield


TODAY = timezone.localdate()
FRIDAY = dt.date(2026, 10, 30)
assert FRIDAY.weekday() == 4 and FRIDAY < TODAY
NEXT_FRIDAY = dt.date(2026, 11, 6)  # 5 working days later: Mon 2 … Fri 6
TUESDAY_AFTER = dt.date(2026, 11, 10)  # 2 working days after the call: Mon 9, Tue 10

US = "Atelier Nord"
CLIENT = "Boulangerie Alpha"


def days(n: int) -> dt.date:
    return TODAY + dt.timedelta(days=n)


def working_days_after(start: dt.date, n: int) -> dt.date:
    day = start
    while n:
        day += dt.timedelta(days=1)
        n -= day.weekday() < 5
    return day


def reload(engagement):
    return Engagement.objects.in_workspace(engagement.workspace_id).get(pk=engagement.pk)


def entries(world, action):
    return list(LedgerEntry.objects.in_workspace(world.workspace).filter(action=action))


def ledger_size(world):
    return LedgerEntry.objects.in_workspace(world.workspace).count()


def plan_of(world, engagement):
    return HandoffPlan.objects.in_workspace(world.workspace).get(engagement=engagement)


def steps_of(world, engagement):
    return list(
        HandoffStep.objects.in_workspace(world.workspace)
        .filter(plan__engagement=engagement)
        .select_related("asset")
        .order_by("pk")
    )


def active_engagement(world, client=None, *, started=None):
    owner = world.actor("owner")
    engagement = engagement_create(
        actor=owner, client_id=(client or world.client).pk, title="Refonte", value="10000.00"
    )
    invoice = invoice_create(
        actor=owner,
        engagement_id=engagement.pk,
        kind="deposit",
        amount="3000.00",
        due_on=days(-60),
        issued_on=days(-70),
    )
    payment_record(actor=owner, invoice_id=invoice.pk, amount="3000.00", paid_on=days(-65))
    engagement_activate(actor=owner, engagement_id=engagement.pk, activated_on=started or days(-60))
    return reload(engagement)


def register(world, kind, identifier, *, client=None, **fields):
    values = {"legal_owner": "client", "client_has_admin": True, "we_have_admin": False}
    values.update(fields)
    return asset_create(
        actor=world.actor("owner"),
        client_id=(client or world.client).pk,
        kind=kind,
        identifier=identifier,
        **values,
    )


@pytest.fixture
def registry(world):
    """One asset of each situation the plan must handle."""
    return {
        "domain": register(
            world,
            "domain",
            "boulangerie-alpha.fr",
            legal_owner="us",
            client_has_admin=False,
            we_have_admin=True,
        ),
        "hosting": register(
            world,
            "hosting",
            "VPS OVH",
            legal_owner="third_party",
            third_party_name="Ancienne Agence",
        ),
        "code": register(world, "code_repository", "gitlab/site", legal_owner="third_party"),
        "backups": register(world, "backup_location", "S3 backups", legal_owner="us"),
        "alias": register(world, "email_alias", "agence@boulangerie-alpha.fr"),
        "analytics": register(world, "analytics", "GA4 property"),  # fully the client's
        "other": register(
            world, "domain", "garage-beta.fr", client=world.other_client, legal_owner="us"
        ),
    }


EXPECTED_STEPS = {
    "domain": [
        ("transfer_ownership", US),
        ("grant_client_admin", US),
        ("revoke_our_access", US),
        ("rotate_credentials", CLIENT),
    ],
    "hosting": [("transfer_ownership", "Ancienne Agence")],
    "code": [("transfer_ownership", "third party")],
    "backups": [("transfer_ownership", US), ("hand_over_backups", US)],
    "alias": [("cut_alias", CLIENT)],
    "analytics": [],
}


def steps_by_asset(steps, registry):
    names = {asset.pk: name for name, asset in registry.items()}
    out = {name: [] for name in EXPECTED_STEPS}
    for step in steps:
        out[names[step.asset_id]].append((step.kind, step.owner))
    return {name: sorted(found) for name, found in out.items()}


# --- Building the plan ----------------------------------------------------------------------


def test_add_working_days_skips_weekends():
    assert add_working_days(FRIDAY, 5) == NEXT_FRIDAY
    assert add_working_days(FRIDAY, 1) == dt.date(2026, 11, 2)  # Monday
    assert add_working_days(dt.date(2026, 10, 31), 5) == NEXT_FRIDAY  # from a Saturday
    assert add_working_days(dt.date(2026, 11, 1), 1) == dt.date(2026, 11, 2)  # from a Sunday
    assert add_working_days(NEXT_FRIDAY, 2) == TUESDAY_AFTER
    assert add_working_days(FRIDAY, 0) == FRIDAY


def test_starting_to_close_builds_the_plan_from_the_registry(world, registry):
    engagement = active_engagement(world)
    engagement_start_closing(actor=world.actor("consultant"), engagement_id=engagement.pk)
    assert reload(engagement).status == "closing"

    plan = plan_of(world, engagement)
    call_due = working_days_after(TODAY, 5)
    assert (plan.requested_on, plan.sla_working_days, plan.call_due_on) == (TODAY, 5, call_due)
    assert plan.call_held_on is None
    steps = steps_of(world, engagement)
    assert steps_by_asset(steps, registry) == {k: sorted(v) for k, v in EXPECTED_STEPS.items()}
    assert all(step.status == "open" for step in steps)
    late_kinds = {"revoke_our_access", "rotate_credentials"}
    for step in steps:
        expected = working_days_after(call_due, 2) if step.kind in late_kinds else call_due
        assert step.due_on == expected, step.kind

    [entry] = entries(world, "handoff.planned")
    assert entry.subject_id == str(plan.pk)
    assert entry.payload["steps"] == len(steps) == 9
    assert entry.payload["requested_on"] == TODAY.isoformat()
    assert entry.payload["call_due_on"] == call_due.isoformat()


def test_a_friday_request_is_due_the_next_friday_and_access_goes_the_tuesday_after(world, registry):
    engagement = active_engagement(world)
    plan = handoff_plan_build(
        actor=world.actor("owner"), engagement=engagement, requested_on=FRIDAY
    )
    assert (plan.requested_on, plan.call_due_on) == (FRIDAY, NEXT_FRIDAY)
    dues = {(s.asset_id, s.kind): s.due_on for s in steps_of(world, engagement)}
    domain = registry["domain"].pk
    assert dues[(domain, "transfer_ownership")] == NEXT_FRIDAY
    assert dues[(domain, "grant_client_admin")] == NEXT_FRIDAY
    assert dues[(domain, "revoke_our_access")] == TUESDAY_AFTER
    assert dues[(domain, "rotate_credentials")] == TUESDAY_AFTER
    assert dues[(registry["alias"].pk, "cut_alias")] == NEXT_FRIDAY
    assert dues[(registry["backups"].pk, "hand_over_backups")] == NEXT_FRIDAY


def test_the_workspace_sla_sets_the_call_due_date(world, registry):
    Workspace.objects.filter(pk=world.workspace.pk).update(handoff_sla_working_days=3)
    engagement = active_engagement(world)
    plan = handoff_plan_build(
        actor=world.actor("owner"), engagement=engagement, requested_on=FRIDAY
    )
    assert (plan.sla_working_days, plan.call_due_on) == (3, dt.date(2026, 11, 4))  # Wednesday


def test_a_fully_client_owned_registry_needs_no_step(world):
    register(world, "domain", "boulangerie-alpha.fr")
    register(world, "hosting", "o2switch")
    engagement = active_engagement(world)
    engagement_start_closing(actor=world.actor("owner"), engagement_id=engagement.pk)
    assert steps_of(world, engagement) == []
    assert entries(world, "handoff.planned")[0].payload["steps"] == 0
    # Nothing to do: it closes right away.
    engagement_close(actor=world.actor("consultant"), engagement_id=engagement.pk)
    assert reload(engagement).status == "closed"


def test_building_twice_returns_the_same_plan(world, registry):
    engagement = active_engagement(world)
    owner = world.actor("owner")
    first = handoff_plan_build(actor=owner, engagement=engagement, requested_on=FRIDAY)
    register(world, "crm", "HubSpot", legal_owner="us")  # registered after the plan
    size = ledger_size(world)
    again = handoff_plan_build(actor=owner, engagement=engagement, requested_on=TODAY)
    assert again.pk == first.pk
    assert again.requested_on == FRIDAY
    assert len(steps_of(world, engagement)) == 9
    assert ledger_size(world) == size
    assert HandoffPlan.objects.in_workspace(world.workspace).count() == 1


def test_only_writers_build_a_plan(world, registry):
    engagement = active_engagement(world)
    for kind in ("viewer", "portal"):
        with pytest.raises(PermissionDenied):
            handoff_plan_build(actor=world.actor(kind), engagement=engagement)
    assert not HandoffPlan.objects.in_workspace(world.workspace).exists()


def test_terminating_an_active_engagement_builds_the_plan_on_the_termination_date(world, registry):
    engagement = active_engagement(world, started=dt.date(2026, 9, 1))
    engagement_terminate(
        actor=world.actor("manager"),
        engagement_id=engagement.pk,
        terminated_by="client",
        reason="Le client reprend en interne",
        terminated_on=FRIDAY,
    )
    assert reload(engagement).status == "terminated"
    plan = plan_of(world, engagement)
    assert (plan.requested_on, plan.call_due_on) == (FRIDAY, NEXT_FRIDAY)
    assert len(steps_of(world, engagement)) == 9
    assert len(entries(world, "handoff.planned")) == 1


def test_terminating_a_closing_engagement_keeps_its_plan(world, registry):
    engagement = active_engagement(world)
    engagement_start_closing(actor=world.actor("owner"), engagement_id=engagement.pk)
    plan = plan_of(world, engagement)
    engagement_terminate(
        actor=world.actor("owner"),
        engagement_id=engagement.pk,
        terminated_by="us",
        reason="Impayés",
        terminated_on=FRIDAY,
    )
    assert plan_of(world, engagement).pk == plan.pk
    assert plan_of(world, engagement).requested_on == TODAY


@pytest.mark.parametrize("deposit_invoiced", [False, True])
def test_terminating_an_engagement_that_never_started_builds_no_plan(
    world, registry, deposit_invoiced
):
    owner = world.actor("owner")
    engagement = engagement_create(
        actor=owner, client_id=world.client.pk, title="Devis", value="1000.00"
    )
    if deposit_invoiced:
        invoice_create(
            actor=owner, engagement_id=engagement.pk, kind="deposit", amount="300", due_on=TODAY
        )
        assert reload(engagement).status == "awaiting_deposit"
    engagement_terminate(
        actor=owner, engagement_id=engagement.pk, terminated_by="client", reason="Refus du devis"
    )
    assert reload(engagement).status == "terminated"
    assert not HandoffPlan.objects.in_workspace(world.workspace).exists()
    assert entries(world, "handoff.planned") == []
    assert handoff_for(actor=owner, engagement=engagement).plan is None


# --- Steps and the closing gate -------------------------------------------------------------


@pytest.fixture
def closing(world, registry):
    engagement = active_engagement(world)
    engagement_start_closing(actor=world.actor("owner"), engagement_id=engagement.pk)
    return reload(engagement)


def test_closing_is_refused_while_steps_are_open(world, closing):
    size = ledger_size(world)
    for kind in ("owner", "manager", "consultant"):
        with pytest.raises(Conflict) as refused:
            engagement_close(actor=world.actor(kind), engagement_id=closing.pk)
        assert refused.value.code == "handoff_open"
        assert "9" in refused.value.detail
    with pytest.raises(Conflict) as blank:
        engagement_close(actor=world.actor("owner"), engagement_id=closing.pk, override_reason="  ")
    assert blank.value.code == "handoff_open"
    assert reload(closing).status == "closing"
    assert ledger_size(world) == size


@pytest.mark.parametrize("kind", ["manager", "consultant"])
def test_only_an_owner_may_close_with_open_steps(world, closing, kind):
    size = ledger_size(world)
    with pytest.raises(PermissionDenied):
        engagement_close(
            actor=world.actor(kind), engagement_id=closing.pk, override_reason="Client injoignable"
        )
    assert reload(closing).status == "closing"
    assert plan_of(world, closing).closed_with_open_steps_reason == ""
    assert ledger_size(world) == size


def test_an_owner_closes_with_open_steps_and_a_written_reason(world, closing):
    step = steps_of(world, closing)[0]
    handoff_step_update(actor=world.actor("consultant"), step_id=step.pk, status="done")
    engagement_close(
        actor=world.actor("owner"),
        engagement_id=closing.pk,
        override_reason="  Le client ne répond plus depuis deux mois  ",
    )
    assert reload(closing).status == "closed"
    plan = plan_of(world, closing)
    assert plan.closed_with_open_steps_reason == "Le client ne répond plus depuis deux mois"
    [entry] = entries(world, "handoff.closed_with_open_steps")
    assert entry.payload == {
        "reason": "Le client ne répond plus depuis deux mois",
        "open_steps": 8,
    }
    assert entry.subject_id == str(plan.pk)
    assert entries(world, "engagement.status_changed")[-1].payload["to"] == "closed"


def test_with_every_step_done_it_closes_without_a_reason(world, closing):
    for step in steps_of(world, closing):
        handoff_step_update(actor=world.actor("consultant"), step_id=step.pk, status="done")
    view = handoff_for(actor=world.actor("viewer"), engagement=closing)
    assert (view.open, view.done, view.complete) == (0, 9, True)
    engagement_close(actor=world.actor("manager"), engagement_id=closing.pk)
    assert reload(closing).status == "closed"
    assert entries(world, "handoff.closed_with_open_steps") == []
    assert plan_of(world, closing).closed_with_open_steps_reason == ""


def test_a_blocked_step_still_holds_the_close(world, closing):
    steps = steps_of(world, closing)
    for step in steps[1:]:
        handoff_step_update(actor=world.actor("owner"), step_id=step.pk, status="done")
    handoff_step_update(
        actor=world.actor("owner"), step_id=steps[0].pk, status="blocked", notes="Code EPP"
    )
    with pytest.raises(Conflict) as refused:
        engagement_close(actor=world.actor("owner"), engagement_id=closing.pk)
    assert refused.value.code == "handoff_open"
    view = handoff_for(actor=world.actor("owner"), engagement=closing)
    assert (view.open, view.done, view.blocked, view.complete) == (1, 8, 1, False)


def test_a_step_marked_done_is_dated_and_journaled(world, closing):
    step = steps_of(world, closing)[0]
    updated = handoff_step_update(
        actor=world.actor("consultant"),
        step_id=step.pk,
        status="done",
        notes=" Transfert validé ",
        owner=" Julie ",
        due_on=days(3),
    )
    assert (updated.status, updated.done_on, updated.notes, updated.owner, updated.due_on) == (
        "done",
        TODAY,
        "Transfert validé",
        "Julie",
        days(3),
    )
    [entry] = entries(world, "handoff.step_changed")
    assert entry.payload["from"] == "open" and entry.payload["to"] == "done"
    assert entry.payload["step"] == step.kind
    # Reopening clears the date it was done.
    reopened = handoff_step_update(actor=world.actor("consultant"), step_id=step.pk, status="open")
    assert reopened.done_on is None


def test_a_blocked_step_needs_a_note(world, closing):
    step = steps_of(world, closing)[0]
    size = ledger_size(world)
    for notes in (None, "", "   "):
        with pytest.raises(InvalidInput) as refused:
            handoff_step_update(
                actor=world.actor("consultant"), step_id=step.pk, status="blocked", notes=notes
            )
        assert "notes" in refused.value.fields
    stored = steps_of(world, closing)[0]
    assert (stored.status, stored.notes) == ("open", "")
    assert ledger_size(world) == size

    handoff_step_update(
        actor=world.actor("consultant"),
        step_id=step.pk,
        status="blocked",
        notes="L'ancienne agence ne donne pas le code de transfert",
    )
    stored = steps_of(world, closing)[0]
    assert stored.status == "blocked"
    assert stored.notes == "L'ancienne agence ne donne pas le code de transfert"
    # Already noted: blocking again without a new note keeps it.
    handoff_step_update(actor=world.actor("consultant"), step_id=step.pk, status="blocked")
    assert steps_of(world, closing)[0].notes.startswith("L'ancienne agence")


def test_a_blocked_step_cannot_lose_its_note(world, closing):
    step = steps_of(world, closing)[0]
    handoff_step_update(
        actor=world.actor("consultant"), step_id=step.pk, status="blocked", notes="Code EPP"
    )
    size = ledger_size(world)
    for notes in ("", "  "):
        with pytest.raises(InvalidInput):
            handoff_step_update(
                actor=world.actor("consultant"), step_id=step.pk, status="blocked", notes=notes
            )
    assert steps_of(world, closing)[0].notes == "Code EPP"
    assert ledger_size(world) == size


def test_step_updates_are_refused_to_readers_and_other_workspaces(world, closing):
    step = steps_of(world, closing)[0]
    for kind in ("viewer", "portal", "portal_other_client"):
        with pytest.raises(PermissionDenied):
            handoff_step_update(actor=world.actor(kind), step_id=step.pk, status="done")
    with pytest.raises(NotFound):
        handoff_step_update(actor=world.actor("other_workspace"), step_id=step.pk, status="done")
    with pytest.raises(InvalidInput):
        handoff_step_update(actor=world.actor("owner"), step_id=step.pk, status="finished")
    assert steps_of(world, closing)[0].status == "open"


# --- The handover call's SLA ----------------------------------------------------------------


@pytest.fixture
def friday_plan(world, registry):
    engagement = active_engagement(world, started=dt.date(2026, 9, 1))
    engagement_terminate(
        actor=world.actor("owner"),
        engagement_id=engagement.pk,
        terminated_by="client",
        reason="Fin anticipée",
        terminated_on=FRIDAY,
    )
    return engagement


def test_the_call_is_late_once_its_due_date_passes_without_it(world, friday_plan):
    viewer = world.actor("viewer")
    assert handoff_for(actor=viewer, engagement=friday_plan, today=FRIDAY).call_late is False
    assert handoff_for(actor=viewer, engagement=friday_plan, today=NEXT_FRIDAY).call_late is False
    assert (
        handoff_for(actor=viewer, engagement=friday_plan, today=dt.date(2026, 11, 7)).call_late
        is True
    )
    assert handoff_for(actor=viewer, engagement=friday_plan).call_late is True  # today


def test_a_call_held_on_time_meets_the_sla_for_good(world, friday_plan):
    plan = plan_of(world, friday_plan)
    held = handoff_call_held(actor=world.actor("consultant"), plan_id=plan.pk, held_on=NEXT_FRIDAY)
    assert held.call_held_on == NEXT_FRIDAY
    for today in (NEXT_FRIDAY, dt.date(2026, 11, 20), TODAY):
        view = handoff_for(actor=world.actor("owner"), engagement=friday_plan, today=today)
        assert view.call_late is False
    [entry] = entries(world, "handoff.call_held")
    assert entry.payload == {
        "held_on": NEXT_FRIDAY.isoformat(),
        "due_on": NEXT_FRIDAY.isoformat(),
        "late": False,
    }


def test_a_call_held_late_stays_late(world, friday_plan):
    plan = plan_of(world, friday_plan)
    late_day = dt.date(2026, 11, 9)
    handoff_call_held(actor=world.actor("owner"), plan_id=plan.pk, held_on=late_day)
    for today in (late_day, TODAY):
        view = handoff_for(actor=world.actor("owner"), engagement=friday_plan, today=today)
        assert view.call_late is True
    assert entries(world, "handoff.call_held")[0].payload["late"] is True


def test_the_call_cannot_be_recorded_in_the_future_or_by_a_reader(world, friday_plan):
    plan = plan_of(world, friday_plan)
    size = ledger_size(world)
    with pytest.raises(InvalidInput):
        handoff_call_held(actor=world.actor("owner"), plan_id=plan.pk, held_on=days(1))
    with pytest.raises(InvalidInput):
        handoff_call_held(actor=world.actor("owner"), plan_id=plan.pk, held_on="demain")
    with pytest.raises(PermissionDenied):
        handoff_call_held(actor=world.actor("viewer"), plan_id=plan.pk)
    with pytest.raises(NotFound):
        handoff_call_held(actor=world.actor("other_workspace"), plan_id=plan.pk)
    assert plan_of(world, friday_plan).call_held_on is None
    assert ledger_size(world) == size


def test_a_call_held_today_by_default(world, friday_plan):
    plan = plan_of(world, friday_plan)
    assert handoff_call_held(actor=world.actor("owner"), plan_id=plan.pk).call_held_on == TODAY


def test_no_plan_means_no_sla(world):
    engagement = active_engagement(world)
    view = handoff_for(actor=world.actor("owner"), engagement=engagement)
    assert (view.plan, view.steps, view.call_late, view.complete) == (None, [], False, False)


# --- Takeover -------------------------------------------------------------------------------


def events(item):
    return list(
        TakeoverEvent.objects.in_workspace(item.workspace_id)
        .filter(item=item)
        .order_by("pk")
        .values_list("event", "on", "note")
    )


def item_row(item):
    return (
        TakeoverItem.objects.in_workspace(item.workspace_id)
        .filter(pk=item.pk)
        .values("asked_on", "last_chased_on", "chase_count", "received_on")
        .get()
    )


def test_a_takeover_is_asked_chased_and_received_with_a_dated_record(world):
    consultant = world.actor("consultant")
    item = takeover_item_create(
        actor=consultant,
        client_id=world.client.pk,
        kind="domain",
        what="Code de transfert du domaine",
        previous_provider="Ancienne Agence",
    )
    assert events(item) == []
    asked, chased, received = days(-20), days(-10), days(-2)
    takeover_record(actor=consultant, item_id=item.pk, event="asked", on=asked, note="Par email")
    takeover_record(actor=consultant, item_id=item.pk, event="chased", on=chased, note="Relance")
    takeover_record(actor=consultant, item_id=item.pk, event="received", on=received)
    assert item_row(item) == {
        "asked_on": asked,
        "last_chased_on": chased,
        "chase_count": 1,
        "received_on": received,
    }
    assert events(item) == [
        ("asked", asked, "Par email"),
        ("chased", chased, "Relance"),
        ("received", received, ""),
    ]
    for action, day in (
        ("takeover.asked", asked),
        ("takeover.chased", chased),
        ("takeover.received", received),
    ):
        [entry] = entries(world, action)
        assert entry.payload["on"] == day.isoformat()
        assert entry.payload["previous_provider"] == "Ancienne Agence"
        assert entry.subject_id == str(item.pk)


def test_a_takeover_item_asked_at_creation_is_on_record(world):
    item = takeover_item_create(
        actor=world.actor("owner"),
        client_id=world.client.pk,
        kind="hosting",
        what="Accès à l'hébergement",
        asked_on=days(-3),
    )
    assert item_row(item)["asked_on"] == days(-3)
    assert events(item) == [("asked", days(-3), "")]
    [entry] = entries(world, "takeover.asked")
    assert entry.payload["on"] == days(-3).isoformat()


def test_a_takeover_item_cannot_be_asked_in_the_future(world):
    with pytest.raises(InvalidInput):
        takeover_item_create(
            actor=world.actor("owner"),
            client_id=world.client.pk,
            kind="hosting",
            what="Accès",
            asked_on=days(2),
        )
    assert not TakeoverItem.objects.in_workspace(world.workspace).exists()


def test_chasing_before_asking_is_refused(world):
    item = takeover_item_create(
        actor=world.actor("owner"), client_id=world.client.pk, kind="crm", what="Export CRM"
    )
    size = ledger_size(world)
    with pytest.raises(Conflict) as refused:
        takeover_record(actor=world.actor("owner"), item_id=item.pk, event="chased")
    assert refused.value.code == "not_asked"
    assert events(item) == []
    assert item_row(item)["chase_count"] == 0
    assert ledger_size(world) == size


@pytest.mark.parametrize("event", ["asked", "chased", "received"])
def test_nothing_is_recorded_after_receiving(world, event):
    owner = world.actor("owner")
    item = takeover_item_create(
        actor=owner, client_id=world.client.pk, kind="crm", what="Export CRM", asked_on=days(-5)
    )
    takeover_record(actor=owner, item_id=item.pk, event="received", on=days(-1))
    before, size = item_row(item), ledger_size(world)
    with pytest.raises(Conflict) as refused:
        takeover_record(actor=owner, item_id=item.pk, event=event)
    assert refused.value.code == "already_received"
    assert item_row(item) == before
    assert len(events(item)) == 2
    assert ledger_size(world) == size


def test_invalid_takeover_events_are_refused(world):
    owner = world.actor("owner")
    item = takeover_item_create(
        actor=owner, client_id=world.client.pk, kind="crm", what="Export CRM"
    )
    for kwargs in (
        {"event": "lost"},
        {"event": "asked", "on": days(1)},
        {"event": "asked", "on": "x"},
    ):
        with pytest.raises(InvalidInput):
            takeover_record(actor=owner, item_id=item.pk, **kwargs)
    with pytest.raises(InvalidInput):
        takeover_item_create(actor=owner, client_id=world.client.pk, kind="boat", what="x")
    with pytest.raises(InvalidInput):
        takeover_item_create(actor=owner, client_id=world.client.pk, kind="crm", what="  ")
    with pytest.raises(PermissionDenied):
        takeover_record(actor=world.actor("viewer"), item_id=item.pk, event="asked")
    with pytest.raises(PermissionDenied):
        takeover_item_create(
            actor=world.actor("portal"), client_id=world.client.pk, kind="crm", what="x"
        )
    with pytest.raises(NotFound):
        takeover_record(actor=world.actor("other_workspace"), item_id=item.pk, event="asked")
    with pytest.raises(NotFound):
        takeover_item_create(
            actor=world.actor("other_workspace"), client_id=world.client.pk, kind="crm", what="x"
        )
    assert events(item) == []
    assert TakeoverItem.objects.in_workspace(world.workspace).count() == 1


def test_chase_now_after_seven_days_without_news(world):
    owner = world.actor("owner")
    asked = dt.date(2026, 10, 1)
    item = takeover_item_create(
        actor=owner, client_id=world.client.pk, kind="domain", what="Code EPP", asked_on=asked
    )
    never = takeover_item_create(
        actor=owner, client_id=world.client.pk, kind="hosting", what="Accès FTP"
    )

    def row(today):
        rows = {r.item.pk: r for r in takeover_list(actor=owner, client=world.client, today=today)}
        assert rows[never.pk].chase_now is False and rows[never.pk].days_waiting is None
        return rows[item.pk]

    assert (row(asked).days_waiting, row(asked).chase_now) == (0, False)
    assert (row(asked + dt.timedelta(6)).chase_now, row(asked + dt.timedelta(7)).chase_now) == (
        False,
        True,
    )
    takeover_record(actor=owner, item_id=item.pk, event="chased", on=asked + dt.timedelta(8))
    later = row(asked + dt.timedelta(12))
    assert (later.days_waiting, later.chase_now) == (12, False)  # chased 4 days ago
    assert row(asked + dt.timedelta(15)).chase_now is True
    takeover_record(actor=owner, item_id=item.pk, event="received", on=asked + dt.timedelta(16))
    done = row(asked + dt.timedelta(40))
    assert (done.days_waiting, done.chase_now) == (None, False)


def test_the_takeover_list_is_the_clients_own(world):
    owner = world.actor("owner")
    mine = takeover_item_create(
        actor=owner, client_id=world.client.pk, kind="crm", what="Export CRM"
    )
    takeover_item_create(actor=owner, client_id=world.other_client.pk, kind="crm", what="Autre")
    assert [r.item.pk for r in takeover_list(actor=owner, client=world.client)] == [mine.pk]
    assert [r.item.pk for r in takeover_list(actor=world.actor("portal"), client=world.client)] == [
        mine.pk
    ]
