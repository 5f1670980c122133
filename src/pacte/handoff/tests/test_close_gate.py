"""The close gate: open steps hold the close unless an owner writes a reason."""

import pytest

from pacte.handoff.selectors import handoff_for
from pacte.handoff.services import engagement_close, handoff_step_update
from pacte.handoff.tests.helpers import entries, ledger_size, plan_of, reload, steps_of
from pacte.kernel.errors import Conflict, PermissionDenied

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_in_english")]


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
