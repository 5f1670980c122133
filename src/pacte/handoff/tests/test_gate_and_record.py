"""The closing gate follows the registry as it stands, and the dated records cannot be
rewritten backwards."""

import datetime as dt

import pytest
from django.utils import timezone

from pacte.assets.services import asset_update
from pacte.handoff.services import (
    engagement_close,
    engagement_start_closing,
    handoff_call_held,
    handoff_step_update,
    takeover_item_create,
    takeover_record,
)
from pacte.handoff.tests.helpers import active_engagement, plan_of, register, steps_of
from pacte.kernel.errors import Conflict, InvalidInput

pytestmark = pytest.mark.django_db


def test_an_asset_registered_after_the_plan_still_blocks_the_close(world):
    owner = world.actor("owner")
    engagement = active_engagement(world)
    engagement_start_closing(actor=owner, engagement_id=engagement.pk)
    assert steps_of(world, engagement) == []
    register(world, "domain", "tardif.fr", legal_owner="us")
    with pytest.raises(Conflict) as refused:
        engagement_close(actor=owner, engagement_id=engagement.pk)
    assert refused.value.code == "handoff_open"
    assert {s.asset.identifier for s in steps_of(world, engagement)} == {"tardif.fr"}


def test_a_secret_in_a_step_note_is_refused(world):
    owner = world.actor("owner")
    register(world, "hosting", "Serveur", we_have_admin=True, client_has_admin=True)
    engagement = active_engagement(world)
    engagement_start_closing(actor=owner, engagement_id=engagement.pk)
    step = steps_of(world, engagement)[0]
    with pytest.raises(InvalidInput) as refused:
        handoff_step_update(
            actor=owner,
            step_id=step.pk,
            status="done",
            notes="nouveau mot de passe: Tr0ub4dor&3xyz",
        )
    assert refused.value.code == "secret_refused"
    step.refresh_from_db()
    assert step.status == "open" and step.notes == ""


def test_editing_a_done_step_keeps_the_day_it_was_done(world):
    owner = world.actor("owner")
    register(world, "hosting", "Serveur", legal_owner="us", client_has_admin=True)
    engagement = active_engagement(world)
    engagement_start_closing(actor=owner, engagement_id=engagement.pk)
    step = steps_of(world, engagement)[0]
    handoff_step_update(actor=owner, step_id=step.pk, status="done")
    step.refresh_from_db()
    type(step).objects.in_workspace(world.workspace).filter(pk=step.pk).update(
        done_on=dt.date(2026, 1, 5)
    )
    handoff_step_update(actor=owner, step_id=step.pk, status="done", notes="Transfert confirmé")
    step.refresh_from_db()
    assert step.done_on == dt.date(2026, 1, 5)


def test_the_call_cannot_come_before_the_request(world):
    owner = world.actor("owner")
    engagement = active_engagement(world)
    engagement_start_closing(actor=owner, engagement_id=engagement.pk)
    plan = plan_of(world, engagement)
    with pytest.raises(InvalidInput):
        handoff_call_held(
            actor=owner, plan_id=plan.pk, held_on=plan.requested_on - dt.timedelta(days=1)
        )


def test_the_first_request_stays_on_record_and_nothing_is_dated_before_it(world):
    owner = world.actor("owner")
    today = timezone.localdate()
    item = takeover_item_create(
        actor=owner,
        client_id=world.client.pk,
        kind="domain",
        what="Code de transfert",
        asked_on=today - dt.timedelta(days=30),
    )
    takeover_record(actor=owner, item_id=item.pk, event="asked", on=today)
    item.refresh_from_db()
    assert item.asked_on == today - dt.timedelta(days=30)
    with pytest.raises(InvalidInput):
        takeover_record(
            actor=owner, item_id=item.pk, event="chased", on=today - dt.timedelta(days=40)
        )


def test_clearing_the_licence_through_a_patch_is_not_an_error(world):
    owner = world.actor("owner")
    asset = register(world, "software_licence", "Suite bureautique", licence="our_name")
    asset_update(actor=owner, asset_id=asset.pk, licence=None)
    asset.refresh_from_db()
    assert asset.licence == ""
    with pytest.raises(InvalidInput):
        asset_update(actor=owner, asset_id=asset.pk, notice_days=None)
