"""Writes on handoffs (the end of an engagement) and takeovers (the start of one)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from pacte.assets.models import Asset, AssetKind, Party
from pacte.assets.services import refuse_secrets
from pacte.billing.services import settlement_produce
from pacte.clients.models import Client
from pacte.engagements.models import Engagement, EngagementStatus, TerminatedBy
from pacte.engagements.services import engagement_locked, engagement_move
from pacte.kernel import ledger
from pacte.kernel.business_time import BusinessCalendar
from pacte.kernel.errors import Conflict, InvalidInput, full_clean_or_raise
from pacte.kernel.permissions import Perm
from pacte.kernel.selectors import business_calendar
from pacte.kernel.tenancy import Actor
from pacte.kernel.validation import (
    clean_fields_or_raise,
    parse_choice,
    parse_date,
    parse_int,
    require_text,
)

from .models import (
    HANDOFF_STEP_TRANSITIONS,
    HandoffPlan,
    HandoffStep,
    StepKind,
    StepStatus,
    TakeoverEvent,
    TakeoverItem,
)


def add_working_days(
    start: dt.date, days: int, *, calendar: BusinessCalendar | None = None
) -> dt.date:
    """`days` working days after `start` in the business calendar: the workspace's (see
    `kernel.selectors.business_calendar`), else the default one (Monday to Friday, less the
    public holidays of France). Weekends, public holidays and closure days are skipped."""
    return (calendar or BusinessCalendar()).add_working_days(start, days)


def _steps_for(asset: Asset, *, us: str, client: str) -> list[tuple[str, str]]:
    """The handoff steps an asset needs, each with who does it."""
    steps = []
    if asset.legal_owner != Party.CLIENT:
        holder = asset.third_party_name or (
            us if asset.legal_owner == Party.US else _("third party")
        )
        steps.append((StepKind.TRANSFER_OWNERSHIP, holder))
    if not asset.client_has_admin:
        steps.append((StepKind.GRANT_CLIENT_ADMIN, us))
    if asset.kind == AssetKind.BACKUP_LOCATION and asset.legal_owner != Party.CLIENT:
        steps.append((StepKind.HAND_OVER_BACKUPS, us))
    if asset.kind == AssetKind.EMAIL_ALIAS:
        steps.append((StepKind.CUT_ALIAS, client))
    if asset.we_have_admin:
        steps.append((StepKind.REVOKE_OUR_ACCESS, us))
        steps.append((StepKind.ROTATE_CREDENTIALS, client))
    return steps


def _add_steps(actor: Actor, plan: HandoffPlan, engagement, assets) -> list[HandoffStep]:
    us, client = actor.workspace.name, engagement.client.name
    after_call = add_working_days(plan.call_due_on, 2, calendar=business_calendar(actor.workspace))
    steps = []
    for asset in assets:
        for kind, owner in _steps_for(asset, us=us, client=client):
            late_step = kind in (StepKind.REVOKE_OUR_ACCESS, StepKind.ROTATE_CREDENTIALS)
            steps.append(
                HandoffStep(
                    workspace=actor.workspace,
                    plan=plan,
                    asset=asset,
                    kind=kind,
                    owner=owner,
                    due_on=after_call if late_step else plan.call_due_on,
                )
            )
    HandoffStep.objects.bulk_create(steps)
    return steps


def handoff_plan_sync(*, actor: Actor, engagement) -> HandoffPlan:
    """The plan as the registry stands now: built if it is missing, and given steps for any
    asset registered since. Run before closing, so nothing escapes the handoff."""
    plan = handoff_plan_build(actor=actor, engagement=engagement)
    covered = set(plan.steps.exclude(asset__isnull=True).values_list("asset_id", flat=True))
    newcomers = (
        Asset.objects.for_actor(actor)
        .filter(client_id=engagement.client_id)
        .exclude(pk__in=covered)
    )
    added = _add_steps(actor, plan, engagement, newcomers)
    if added:
        ledger.append(
            actor=actor, action="handoff.steps_added", subject=plan, payload={"steps": len(added)}
        )
    return plan


def handoff_plan_build(*, actor: Actor, engagement, requested_on=None) -> HandoffPlan:
    """Build the handoff plan from the client's asset registry (DOMAIN §6). Called when an
    engagement moves to closing or is terminated; building it twice returns the first."""
    actor.require(Perm.HANDOFF_EDIT)
    existing = HandoffPlan.objects.for_actor(actor).filter(engagement=engagement).first()
    if existing is not None:
        return existing
    day = parse_date(requested_on, field="requested_on", required=False) or timezone.localdate()
    sla = actor.workspace.handoff_sla_working_days
    call_due = add_working_days(day, sla, calendar=business_calendar(actor.workspace))
    with transaction.atomic():
        plan = HandoffPlan(
            workspace=actor.workspace,
            engagement=engagement,
            requested_on=day,
            sla_working_days=sla,
            call_due_on=call_due,
        )
        full_clean_or_raise(plan, exclude=["engagement"])
        plan.save()
        steps = _add_steps(
            actor,
            plan,
            engagement,
            Asset.objects.for_actor(actor).filter(client_id=engagement.client_id),
        )
        ledger.append(
            actor=actor,
            action="handoff.planned",
            subject=plan,
            payload={
                "engagement": engagement.title,
                "requested_on": day,
                "call_due_on": call_due,
                "steps": len(steps),
            },
        )
    return plan


def handoff_step_update(
    *,
    actor: Actor,
    step_id: int,
    status: str,
    notes: str | None = None,
    owner: str | None = None,
    due_on=None,
) -> HandoffStep:
    """Move a step along HANDOFF_STEP_TRANSITIONS (409 `invalid_transition` when the table
    refuses), or, keeping its status, edit its note, owner or due date."""
    actor.require(Perm.HANDOFF_EDIT)
    status = parse_choice(status, StepStatus, field="status")
    with transaction.atomic():
        step = actor.get_or_404(
            HandoffStep.objects.select_for_update(of=("self",)).select_related("asset"), pk=step_id
        )
        previous = step.status
        if status != previous:
            HANDOFF_STEP_TRANSITIONS.check(previous, status)
        # The note the step keeps: the one given (even blank), else the one it had.
        kept_notes = step.notes if notes is None else notes.strip()
        refuse_secrets({"notes": kept_notes})
        if status == StepStatus.BLOCKED and not kept_notes.strip():
            raise InvalidInput(
                _("Say what blocks this step."),
                fields={"notes": [_("A note is required for a blocked step.")]},
            )
        step.status = status
        # The day a step was done is evidence: editing a done step's note keeps it.
        if status != StepStatus.DONE:
            step.done_on = None
        elif previous != StepStatus.DONE or step.done_on is None:
            step.done_on = timezone.localdate()
        step.notes = kept_notes
        if owner:
            step.owner = owner.strip()
        if due_on not in (None, ""):
            step.due_on = parse_date(due_on, field="due_on")
        full_clean_or_raise(step)
        step.save()
        ledger.append(
            actor=actor,
            action="handoff.step_changed",
            subject=step,
            payload={
                "step": step.kind,
                "asset": str(step.asset) if step.asset else "",
                "from": previous,
                "to": status,
                "notes": step.notes,
            },
        )
    return step


def handoff_call_held(*, actor: Actor, plan_id: int, held_on=None) -> HandoffPlan:
    """Record the technical handover call: the handoff SLA is met when it is on time."""
    actor.require(Perm.HANDOFF_EDIT)
    day = parse_date(held_on, field="held_on", required=False) or timezone.localdate()
    if day > timezone.localdate():
        raise InvalidInput(
            _("The call cannot be recorded in the future."),
            fields={"held_on": [_("In the future.")]},
        )
    with transaction.atomic():
        plan = actor.get_or_404(HandoffPlan.objects.select_for_update(), pk=plan_id)
        if day < plan.requested_on:
            raise InvalidInput(
                _("The call cannot come before the handoff was requested (%(date)s).")
                % {"date": plan.requested_on},
                fields={"held_on": [_("Before the request.")]},
            )
        plan.call_held_on = day
        plan.save(update_fields=["call_held_on"])
        ledger.append(
            actor=actor,
            action="handoff.call_held",
            subject=plan,
            payload={"held_on": day, "due_on": plan.call_due_on, "late": day > plan.call_due_on},
        )
    return plan


def open_steps(actor: Actor, engagement) -> int:
    return (
        HandoffStep.objects.for_actor(actor)
        .filter(plan__engagement=engagement)
        .exclude(status=StepStatus.DONE)
        .count()
    )


def refuse_closing_with_open_steps(*, actor: Actor, engagement, override_reason: str = ""):
    """An engagement reaches `closed` only once every handoff step is done — unless an owner
    overrides, in writing; the reason goes to the ledger."""
    handoff_plan_sync(actor=actor, engagement=engagement)
    remaining = open_steps(actor, engagement)
    if not remaining:
        return
    reason = (override_reason or "").strip()
    refuse_secrets({"notes": reason})
    if not reason:
        raise Conflict(
            ngettext(
                "%(n)s handoff step is not done: finish it, or an owner can close anyway, "
                "giving a written reason.",
                "%(n)s handoff steps are not done: finish them, or an owner can close anyway, "
                "giving a written reason.",
                remaining,
            )
            % {"n": remaining},
            code="handoff_open",
        )
    actor.require(Perm.HANDOFF_OVERRIDE)
    plan = HandoffPlan.objects.for_actor(actor).get(engagement=engagement)
    plan.closed_with_open_steps_reason = reason
    clean_fields_or_raise(plan, ["closed_with_open_steps_reason"])
    plan.save(update_fields=["closed_with_open_steps_reason"])
    ledger.append(
        actor=actor,
        action="handoff.closed_with_open_steps",
        subject=plan,
        payload={"reason": reason, "open_steps": remaining},
    )


# Takeover: recovering a client's assets from the previous provider.


def takeover_item_create(
    *,
    actor: Actor,
    client_id: int,
    kind: str,
    what: str,
    previous_provider: str = "",
    asked_on=None,
) -> TakeoverItem:
    actor.require(Perm.HANDOFF_EDIT)
    kind = parse_choice(kind, AssetKind, field="kind")
    what = require_text(what, field="what", max_length=300)
    asked = parse_date(asked_on, field="asked_on", required=False)
    if asked and asked > timezone.localdate():
        raise InvalidInput(
            _("An event cannot be dated in the future."),
            fields={"asked_on": [_("In the future.")]},
        )
    with transaction.atomic():
        client = actor.get_or_404(Client.objects.all(), pk=client_id)
        item = TakeoverItem(
            workspace=actor.workspace,
            client=client,
            kind=kind,
            what=what,
            previous_provider=(previous_provider or "").strip(),
            asked_on=asked,
        )
        full_clean_or_raise(item)
        item.save()
        if asked:
            # Asked before it was listed: on record like any later request.
            asked_event = TakeoverEvent(
                workspace=actor.workspace, item=item, on=asked, event="asked"
            )
            full_clean_or_raise(asked_event)
            asked_event.save()
            ledger.append(
                actor=actor,
                action="takeover.asked",
                subject=item,
                payload={
                    "what": item.what,
                    "previous_provider": item.previous_provider,
                    "on": asked,
                    "note": "",
                },
            )
    return item


def takeover_record(
    *, actor: Actor, item_id: int, event: str, on=None, note: str = ""
) -> TakeoverItem:
    """Record asking for an item, chasing it, or receiving it: the dated record of delays."""
    actor.require(Perm.HANDOFF_EDIT)
    if event not in ("asked", "chased", "received"):
        raise InvalidInput(
            _("The event must be asked, chased or received."),
            fields={"event": [_("Choose a value from the list.")]},
        )
    day = parse_date(on, field="on", required=False) or timezone.localdate()
    if day > timezone.localdate():
        raise InvalidInput(
            _("An event cannot be dated in the future."), fields={"on": [_("In the future.")]}
        )
    with transaction.atomic():
        item = actor.get_or_404(TakeoverItem.objects.select_for_update(), pk=item_id)
        if item.received_on:
            raise Conflict(_("This item was already received."), code="already_received")
        if event == "chased" and not item.asked_on:
            raise Conflict(_("Ask for it before chasing it."), code="not_asked")
        refuse_secrets({"notes": note or ""})
        if item.asked_on and event != "asked" and day < item.asked_on:
            raise InvalidInput(
                _("This cannot be dated before the request (%(date)s).") % {"date": item.asked_on},
                fields={"on": [_("Before the request.")]},
            )
        if event == "asked":
            # The first request stays on record: the delay counts from it.
            item.asked_on = item.asked_on or day
        elif event == "chased":
            item.last_chased_on = max(filter(None, [item.last_chased_on, day]))
            item.chase_count += 1
        else:
            item.received_on = day
        record = TakeoverEvent(
            workspace=actor.workspace, item=item, on=day, event=event, note=(note or "").strip()
        )
        full_clean_or_raise(record)
        item.save()
        record.save()
        ledger.append(
            actor=actor,
            action=f"takeover.{event}",
            subject=item,
            payload={
                "what": item.what,
                "previous_provider": item.previous_provider,
                "on": day,
                "note": (note or "").strip(),
            },
        )
    return item


NOT_STARTED = {EngagementStatus.DRAFT, EngagementStatus.AWAITING_DEPOSIT}


# The end of an engagement: moves of its lifecycle that build or check the handoff plan, so
# they live here, above engagements, and call its `engagement_move`.


def engagement_start_closing(*, actor: Actor, engagement_id: int) -> Engagement:
    """The end is near: the handoff plan is built from the client's asset registry."""
    actor.require(Perm.ENGAGEMENT_EDIT)
    with transaction.atomic():
        engagement = engagement_move(
            actor, engagement_locked(actor, engagement_id), "start_closing"
        )
        handoff_plan_build(actor=actor, engagement=engagement)
    return engagement


def engagement_close(*, actor: Actor, engagement_id: int, override_reason: str = "") -> Engagement:
    """Closed only once the handoff is complete, or by an owner's written override."""
    actor.require(Perm.ENGAGEMENT_EDIT)
    with transaction.atomic():
        # First bring the plan up to the registry: its new steps stay even if the close
        # is then refused.
        engagement = engagement_locked(actor, engagement_id)
        if engagement.status == EngagementStatus.CLOSING:
            handoff_plan_sync(actor=actor, engagement=engagement)
    with transaction.atomic():
        engagement = engagement_locked(actor, engagement_id)
        if engagement.status == EngagementStatus.CLOSING:
            refuse_closing_with_open_steps(
                actor=actor, engagement=engagement, override_reason=override_reason
            )
        engagement = engagement_move(actor, engagement, "close")
        # The final settlement is produced on closing (DOMAIN §3): its figures, journaled.
        settlement_produce(actor=actor, engagement=engagement, reason="closed")
        return engagement


def engagement_terminate(
    *,
    actor: Actor,
    engagement_id: int,
    terminated_by: str,
    reason: str,
    terminated_on=None,
    notice_days=None,
) -> Engagement:
    """The engagement ends before its term: who ended it, when, why, and the notice given."""
    actor.require(Perm.ENGAGEMENT_EDIT)
    terminated_by = parse_choice(terminated_by, TerminatedBy, field="terminated_by")
    reason = require_text(reason, field="reason")
    ended = parse_date(terminated_on, field="terminated_on", required=False) or timezone.localdate()
    if abs((ended - timezone.localdate()).days) > 3660:
        raise InvalidInput(
            _("The end date must fall within ten years of today."),
            fields={"terminated_on": [_("Out of range.")]},
        )
    notice_days = parse_int(
        notice_days,
        field="notice_days",
        minimum=0,
        maximum=365,
        message=_("The notice is a number of days between 0 and 365."),
        field_message=_("Between 0 and 365."),
        required=False,
    )
    with transaction.atomic():
        engagement = engagement_locked(actor, engagement_id)
        if engagement.activated_on and ended < engagement.activated_on:
            raise InvalidInput(
                _("An engagement cannot end before it started (%(date)s).")
                % {"date": engagement.activated_on},
                code="ended_before_start",
                fields={"terminated_on": [_("Before the start.")]},
            )
        engagement.terminated_by = terminated_by
        engagement.terminated_on = ended
        engagement.termination_reason = reason
        engagement.notice_days = notice_days
        was_started = engagement.status not in {
            EngagementStatus.DRAFT,
            EngagementStatus.AWAITING_DEPOSIT,
        }
        engagement = engagement_move(
            actor,
            engagement,
            "terminate",
            fields=["terminated_by", "terminated_on", "termination_reason", "notice_days"],
            payload={
                "by": terminated_by,
                "on": ended,
                "reason": reason,
                "notice_days": notice_days,
            },
        )
        if was_started:
            # Ending early still means handing everything back (DOMAIN §3 `exit`, §6).
            handoff_plan_build(actor=actor, engagement=engagement, requested_on=ended)
        # The final settlement is produced on every termination, whoever ends it (DOMAIN §3).
        settlement_produce(actor=actor, engagement=engagement, reason="terminated")
    return engagement
