"""Issue 10, item 5: every face writes text through a service whose model validation refuses
NUL, escape codes and other control characters, and any text longer than its limit: one
rule per field, in the models, so the web, the API, the CLI and the portal all obey it."""

import pytest
from django.apps import apps
from django.utils import timezone

from pacte.assets.services import action_log, asset_create
from pacte.billing.services import invoice_create, payment_record
from pacte.clients.services import client_create, client_update, contact_create
from pacte.decisions.services import (
    recommendation_create,
    recommendation_decide,
    recommendation_record_outcome,
)
from pacte.engagements.models import Engagement
from pacte.engagements.services import (
    engagement_activate,
    engagement_create,
    engagement_hold,
    engagement_override_deposit,
)
from pacte.exchanges.services import exchange_log
from pacte.handoff.models import HandoffStep
from pacte.handoff.services import (
    engagement_start_closing,
    engagement_terminate,
    handoff_step_update,
    takeover_item_create,
    takeover_record,
)
from pacte.kernel.errors import InvalidInput
from pacte.kernel.validation import TEXT_MAX_LENGTH
from pacte.portal.services import portal_user_create
from pacte.risks.services import risk_create

TODAY = timezone.localdate()
NUL, ESC = "Nord\x00Sud", "Nord \x1b[31mrouge\x1b[0m"
# Exactly the limit, ending with a character that stripping keeps.
LONGEST = ("Une note. " * 2000)[: TEXT_MAX_LENGTH - 1] + "."
MULTI_LINE = "Première ligne\nDeuxième ligne\r\n\tTroisième, en retrait"


def total_rows() -> int:
    """Every row of every Pacte table: a refused write adds or changes none."""
    return sum(
        model._base_manager.count()
        for model in apps.get_models()
        if model.__module__.startswith("pacte.")
    )


def _engagement(world, *, active=True):
    owner = world.actor("owner")
    engagement = engagement_create(
        actor=owner, client_id=world.client.pk, title="Refonte", value="1000"
    )
    if active:
        invoice = invoice_create(
            actor=owner, engagement_id=engagement.pk, kind="deposit", amount="300", due_on=TODAY
        )
        payment_record(actor=owner, invoice_id=invoice.pk, amount="300", paid_on=TODAY)
        engagement_activate(actor=owner, engagement_id=engagement.pk)
    return engagement


def _recommendation(world, **values):
    values = {"title": "Passer en HTTPS", "made_on": TODAY, **values}
    return recommendation_create(
        actor=world.actor("consultant"), engagement_id=_engagement(world).pk, **values
    )


def _step(world):
    owner = world.actor("owner")
    asset_create(actor=owner, client_id=world.client.pk, kind="domain", identifier="nord.fr")
    engagement = _engagement(world)
    engagement_start_closing(actor=owner, engagement_id=engagement.pk)
    return HandoffStep.objects.for_actor(owner).filter(plan__engagement=engagement).first()


# Each single-line field: a preparation (run before counting rows), then the write.
SINGLE_LINE = {
    "client name (create)": (
        lambda w: None,
        lambda w, _, text: client_create(actor=w.actor("owner"), name=text),
    ),
    "client name (update)": (
        lambda w: None,
        lambda w, _, text: client_update(actor=w.actor("owner"), client_id=w.client.pk, name=text),
    ),
    "contact name": (
        lambda w: None,
        lambda w, _, text: contact_create(
            actor=w.actor("owner"), client_id=w.client.pk, full_name=text
        ),
    ),
    "engagement title": (
        lambda w: None,
        lambda w, _, text: engagement_create(
            actor=w.actor("owner"), client_id=w.client.pk, title=text, value="1000"
        ),
    ),
    "recommendation title": (
        _engagement,
        lambda w, engagement, text: recommendation_create(
            actor=w.actor("consultant"), engagement_id=engagement.pk, title=text
        ),
    ),
    "decided by": (
        _recommendation,
        lambda w, rec, text: recommendation_decide(
            actor=w.actor("manager"), recommendation_id=rec.pk, decision="accepted", decided_by=text
        ),
    ),
    "exchange people": (
        lambda w: None,
        lambda w, _, text: exchange_log(
            actor=w.actor("consultant"),
            client_id=w.client.pk,
            channel="email",
            direction="outbound",
            summary="Point",
            people=text,
        ),
    ),
    "risk description": (
        _engagement,
        lambda w, engagement, text: risk_create(
            actor=w.actor("consultant"), engagement_id=engagement.pk, description=text
        ),
    ),
    "asset identifier": (
        lambda w: None,
        lambda w, _, text: asset_create(
            actor=w.actor("owner"), client_id=w.client.pk, kind="domain", identifier=text
        ),
    ),
    "invoice number": (
        lambda w: _engagement(w, active=False),
        lambda w, engagement, text: invoice_create(
            actor=w.actor("manager"),
            engagement_id=engagement.pk,
            kind="progress",
            amount="100",
            due_on=TODAY,
            number=text,
        ),
    ),
    "handoff step owner": (
        _step,
        lambda w, step, text: handoff_step_update(
            actor=w.actor("owner"), step_id=step.pk, status="open", owner=text
        ),
    ),
    "takeover item": (
        lambda w: None,
        lambda w, _, text: takeover_item_create(
            actor=w.actor("owner"), client_id=w.client.pk, kind="domain", what=text
        ),
    ),
    "portal user name": (
        lambda w: None,
        lambda w, _, text: portal_user_create(
            actor=w.actor("owner"),
            client_id=w.client.pk,
            email="nouvelle@client.test",
            full_name=text,
        ),
    ),
}


@pytest.mark.parametrize("text", [NUL, ESC, "Nord\u202eduS", "Nord\nSud"], ids=repr)
@pytest.mark.parametrize("case", list(SINGLE_LINE))
def test_single_line_text_refuses_control_characters(world, case, text):
    """Issue 10, item 5: NUL, ESC, a bidirectional override or a line break in a name or a
    title is refused with 400 `invalid`, and nothing is written (no row, no ledger entry)."""
    prepare, write = SINGLE_LINE[case]
    prepared = prepare(world)
    before = total_rows()
    with pytest.raises(InvalidInput) as refused:
        write(world, prepared, text)
    assert refused.value.status == 400
    assert "U+" in refused.value.detail
    assert total_rows() == before


def _client_notes(w, _, text):
    return client_update(actor=w.actor("owner"), client_id=w.client.pk, notes=text).notes


def _exchange_summary(w, _, text):
    return exchange_log(
        actor=w.actor("consultant"),
        client_id=w.client.pk,
        channel="email",
        direction="outbound",
        summary=text,
    ).summary


def _risk_mitigation(w, engagement, text):
    return risk_create(
        actor=w.actor("consultant"),
        engagement_id=engagement.pk,
        description="Retard",
        mitigation=text,
    ).mitigation


def _portal_decision(w, rec, text):
    return recommendation_decide(
        actor=w.actor("portal"), recommendation_id=rec.pk, decision="accepted", note=text
    ).words


def _outcome(w, rec, text):
    return recommendation_record_outcome(
        actor=w.actor("consultant"),
        recommendation_id=rec.pk,
        outcome=text,
        risk_materialised=False,
    ).outcome


def _hold_reason(w, engagement, text):
    return engagement_hold(
        actor=w.actor("owner"), engagement_id=engagement.pk, reason=text
    ).hold_reason


def _override_reason(w, engagement, text):
    return engagement_override_deposit(
        actor=w.actor("owner"), engagement_id=engagement.pk, reason=text
    ).deposit_override_reason


def _termination_reason(w, engagement, text):
    return engagement_terminate(
        actor=w.actor("owner"), engagement_id=engagement.pk, terminated_by="client", reason=text
    ).termination_reason


def _step_notes(w, step, text):
    return handoff_step_update(
        actor=w.actor("owner"), step_id=step.pk, status="blocked", notes=text
    ).notes


def _takeover_note(w, item, text):
    takeover_record(actor=w.actor("owner"), item_id=item.pk, event="asked", note=text)
    return item.events.get().note


def _action_why(w, _, text):
    return action_log(actor=w.actor("owner"), client_id=w.client.pk, what="Renouvelé", why=text).why


# Each multi-line field: a preparation, then the write, which answers the text as stored.
MULTI_LINE_CASES = {
    "client notes": (lambda w: None, _client_notes),
    "exchange summary": (lambda w: None, _exchange_summary),
    "risk mitigation": (_engagement, _risk_mitigation),
    "portal decision words": (
        lambda w: _recommendation(w, made_on=TODAY),
        _portal_decision,
    ),
    "recommendation outcome": (_recommendation, _outcome),
    "hold reason": (_engagement, _hold_reason),
    "deposit override reason": (lambda w: _engagement(w, active=False), _override_reason),
    "termination reason": (_engagement, _termination_reason),
    "handoff step notes": (_step, _step_notes),
    "takeover note": (
        lambda w: takeover_item_create(
            actor=w.actor("owner"), client_id=w.client.pk, kind="domain", what="nord.fr"
        ),
        _takeover_note,
    ),
    "action why": (lambda w: None, _action_why),
}


@pytest.mark.parametrize("case", list(MULTI_LINE_CASES))
def test_multi_line_text_is_bounded_and_clean(world, case):
    """Issue 10, item 5: a note of 20,001 characters, or one holding NUL or ESC, is refused
    and nothing is written; 20,000 characters and line breaks are accepted as typed."""
    prepare, write = MULTI_LINE_CASES[case]
    prepared = prepare(world)
    before = total_rows()
    for text in (LONGEST + "!", "Avant\x00après", "Avant \x1b[2J après"):
        with pytest.raises(InvalidInput):
            write(world, prepared, text)
        assert total_rows() == before
    assert write(world, prepared, MULTI_LINE) == MULTI_LINE


@pytest.mark.parametrize("case", ["client notes", "exchange summary", "portal decision words"])
def test_longest_note_is_accepted(world, case):
    """Issue 10, item 5: the limit is 20,000 characters, not fewer."""
    prepare, write = MULTI_LINE_CASES[case]
    assert write(world, prepare(world), LONGEST) == LONGEST


def test_a_client_name_fills_the_handoff_owner(world):
    """Issue 10, item 5: a step's owner holds a client's longest name (200 characters), so the
    step built from it can still be edited (it was limited to 150)."""
    owner = world.actor("owner")
    client = client_create(actor=owner, name="N" * 200)
    asset_create(
        actor=owner,
        client_id=client.pk,
        kind="email_alias",
        identifier="contact@nord.fr",
        legal_owner="client",
        client_has_admin=True,
    )
    engagement = engagement_create(actor=owner, client_id=client.pk, title="Fin", value="100")
    engagement_override_deposit(actor=owner, engagement_id=engagement.pk, reason="Urgent")
    engagement_start_closing(actor=owner, engagement_id=engagement.pk)
    step = HandoffStep.objects.for_actor(owner).get(plan__engagement_id=engagement.pk)
    assert step.owner == client.name
    handoff_step_update(actor=owner, step_id=step.pk, status="done")
    assert Engagement.objects.for_actor(owner).get(pk=engagement.pk).status == "closing"
