"""Updating a handoff step: dated and journaled, a blocked step keeps its note, closed to
readers."""

import pytest

from pacte.handoff.services import handoff_step_update
from pacte.handoff.tests.helpers import TODAY, days, entries, ledger_size, steps_of
from pacte.kernel.errors import InvalidInput, NotFound, PermissionDenied

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_in_english")]


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
