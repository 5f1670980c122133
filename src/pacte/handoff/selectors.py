"""Reads on handoffs and takeovers."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from pacte.kernel.permissions import Perm
from pacte.kernel.tenancy import Actor
from pacte.kernel.transitions import Move

from .models import HANDOFF_STEP_TRANSITIONS, HandoffPlan, HandoffStep, StepStatus, TakeoverItem

CHASE_AFTER_DAYS = 7


@dataclass
class HandoffView:
    plan: HandoffPlan | None
    steps: list
    done: int
    blocked: int
    call_late: bool

    @property
    def open(self) -> int:
        return len(self.steps) - self.done

    @property
    def complete(self) -> bool:
        return self.plan is not None and self.open == 0


def handoff_for(*, actor: Actor, engagement, today: dt.date | None = None) -> HandoffView:
    """The engagement's handoff plan with its steps and SLA state (two queries)."""
    actor.require(Perm.ENGAGEMENT_VIEW)
    actor.require(Perm.OPERATIONS_VIEW)  # per-contact rights (DOMAIN §9): operations
    today = today or timezone.localdate()
    plan = HandoffPlan.objects.for_actor(actor).filter(engagement=engagement).first()
    if plan is None:
        return HandoffView(None, [], 0, 0, False)
    steps = list(plan.steps.select_related("asset").order_by("due_on", "asset__kind", "pk"))
    # The SLA: the technical handover call within N working days of the request.
    late = (plan.call_held_on or today) > plan.call_due_on
    return HandoffView(
        plan,
        steps,
        done=sum(s.status == StepStatus.DONE for s in steps),
        blocked=sum(s.status == StepStatus.BLOCKED for s in steps),
        call_late=late,
    )


def available_moves(*, actor: Actor, obj: HandoffStep) -> list[Move]:
    """The moves of HANDOFF_STEP_TRANSITIONS this actor may make on the step now (no query)."""
    return HANDOFF_STEP_TRANSITIONS.available(actor, obj.status)


@dataclass
class TakeoverRow:
    item: TakeoverItem
    days_waiting: int | None
    chase_now: bool


def takeover_list(*, actor: Actor, client, today: dt.date | None = None) -> list[TakeoverRow]:
    """What to recover from the previous provider; asked but not received for a week or
    more since the last request or chase: chase now (two queries)."""
    actor.require(Perm.CLIENT_VIEW)
    today = today or timezone.localdate()
    rows = []
    for item in (
        TakeoverItem.objects.for_actor(actor)
        .filter(client=client)
        .prefetch_related("events")
        .order_by("received_on", "kind", "pk")
    ):
        waiting = None
        chase = False
        if item.asked_on and not item.received_on:
            waiting = (today - item.asked_on).days
            last = max(filter(None, [item.asked_on, item.last_chased_on]))
            chase = (today - last).days >= CHASE_AFTER_DAYS
        rows.append(TakeoverRow(item, waiting, chase))
    return rows


def handoff_step_get(*, actor: Actor, step_id) -> HandoffStep:
    """One handoff step, for members and for the portal users of its engagement's client."""
    actor.require(Perm.ENGAGEMENT_VIEW)
    return actor.get_or_404(HandoffStep.objects.select_related("plan"), pk=step_id)
