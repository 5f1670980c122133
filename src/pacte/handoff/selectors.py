"""Reads on handoffs and takeovers."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone

from pacte.engagements.models import EngagementStatus
from pacte.kernel.permissions import Perm
from pacte.kernel.selectors import business_calendar
from pacte.kernel.tenancy import Actor
from pacte.kernel.transitions import Move

from .models import HANDOFF_STEP_TRANSITIONS, HandoffPlan, HandoffStep, StepStatus, TakeoverItem

CHASE_AFTER_DAYS = 7
# The handover call's reminder starts when this many working days are left before its due day.
CALL_WARNING_WORKING_DAYS = 2


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
            chase = chase_due_on(item) <= today
        rows.append(TakeoverRow(item, waiting, chase))
    return rows


def chase_due_on(item: TakeoverItem) -> dt.date | None:
    """The day an item asked for and not received should be chased: a week after the
    request or the latest chase (None when it was never asked for, or was received)."""
    if not item.asked_on or item.received_on:
        return None
    last = max(filter(None, [item.asked_on, item.last_chased_on]))
    return last + dt.timedelta(days=CHASE_AFTER_DAYS)


def takeover_chases_due(*, actor: Actor, today: dt.date) -> QuerySet[TakeoverItem]:
    """The workspace's items to chase today (`chase_due_on` reached), with their client, the
    longest waiting first: one query, for the reminders."""
    actor.require(Perm.CLIENT_VIEW)
    week_ago = today - dt.timedelta(days=CHASE_AFTER_DAYS)
    return (
        TakeoverItem.objects.for_actor(actor)
        .filter(received_on__isnull=True, asked_on__isnull=False, asked_on__lte=week_ago)
        .filter(Q(last_chased_on__isnull=True) | Q(last_chased_on__lte=week_ago))
        .select_related("client")
        .order_by("asked_on", "pk")
    )


# A closed engagement's handoff is over, even with steps left open (closed with a reason):
# nothing of it is due any more.
_HANDOFF_OVER = EngagementStatus.CLOSED


def handoff_steps_due(*, actor: Actor, today: dt.date) -> QuerySet[HandoffStep]:
    """The workspace's handoff steps due today or earlier and not done (to do or blocked),
    with their engagement, client and asset, the oldest first: one query, for the reminders."""
    actor.require(Perm.ENGAGEMENT_VIEW)
    return (
        HandoffStep.objects.for_actor(actor)
        .filter(due_on__lte=today)
        .exclude(status=StepStatus.DONE)
        .exclude(plan__engagement__status=_HANDOFF_OVER)
        .select_related("plan__engagement__client", "asset")
        .order_by("due_on", "pk")
    )


@dataclass(frozen=True)
class CallDue:
    plan: HandoffPlan
    working_days_left: int  # 0 on the due day and after it
    missed: bool  # the due day has passed without the call


def handover_calls_due(*, actor: Actor, today: dt.date) -> list[CallDue]:
    """The handover calls not held yet whose SLA (DOMAIN §6: within N working days of the
    request) is about to be missed (CALL_WARNING_WORKING_DAYS left or fewer) or was missed,
    the earliest due first. One query, and the workspace's calendar (see handoff_for for
    the same rule on one plan)."""
    actor.require(Perm.ENGAGEMENT_VIEW)
    calendar = business_calendar(actor.workspace)
    horizon = calendar.add_working_days(today, CALL_WARNING_WORKING_DAYS)
    plans = (
        HandoffPlan.objects.for_actor(actor)
        .filter(call_held_on__isnull=True, call_due_on__lte=horizon)
        .exclude(engagement__status=_HANDOFF_OVER)
        .select_related("engagement__client")
        .order_by("call_due_on", "pk")
    )
    return [
        CallDue(
            plan,
            working_days_left=calendar.working_days_between(today, plan.call_due_on),
            missed=plan.call_due_on < today,
        )
        for plan in plans
    ]


def handoff_step_get(*, actor: Actor, step_id) -> HandoffStep:
    """One handoff step, for members and for the portal users of its engagement's client."""
    actor.require(Perm.ENGAGEMENT_VIEW)
    return actor.get_or_404(HandoffStep.objects.select_related("plan"), pk=step_id)
