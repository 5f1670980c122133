"""Reads on conflict cases: lists (the workspace's, a client's, an engagement's), one case with
its steps, and the cases past their follow-up date (the dashboard). Conflicts are the
provider's own file: members only (INTERNAL_VIEW), never the portal."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.utils import timezone

from pacte.kernel.permissions import Perm
from pacte.kernel.tenancy import Actor
from pacte.kernel.transitions import Move

from .models import CONFLICT_TRANSITIONS, ConflictCase, ConflictEngagement, ConflictStep

OPEN, CLOSED = "open", "closed"
# Cases shown on the dashboard, the oldest follow-up first.
DASHBOARD_LIMIT = 10


def conflict_list(
    *,
    actor: Actor,
    client=None,
    status: str = "",
    state: str = "",
) -> QuerySet[ConflictCase]:
    """Cases, newest first. `state` is "open" (still running) or "closed"; `status` one of
    ConflictStatus."""
    actor.require(Perm.INTERNAL_VIEW)
    qs = ConflictCase.objects.for_actor(actor).select_related("client")
    if client is not None:
        qs = qs.filter(client=client)
    if status:
        qs = qs.filter(status=status)
    if state == OPEN:
        qs = qs.filter(closed_on__isnull=True)
    elif state == CLOSED:
        qs = qs.filter(closed_on__isnull=False)
    return qs.order_by("-opened_on", "-pk")


def engagement_conflicts(*, actor: Actor, engagement, limit: int) -> list[ConflictCase]:
    """The newest cases that concern the engagement: read from the link table's engagement
    index, each case by its key (never the workspace's cases walked for one engagement's)."""
    actor.require(Perm.INTERNAL_VIEW)
    links = (
        ConflictEngagement.objects.for_actor(actor)
        .filter(engagement=engagement)
        .select_related("case", "case__client")
        .order_by("-case__opened_on", "-case_id")[:limit]
    )
    return [link.case for link in links]


def conflict_get(*, actor: Actor, case_id) -> ConflictCase:
    actor.require(Perm.INTERNAL_VIEW)
    return actor.get_or_404(
        ConflictCase.objects.select_related("client", "solution", "solution__engagement"),
        pk=case_id,
    )


def conflict_step_get(*, actor: Actor, step_id) -> ConflictStep:
    """One step of a case, for the evidence attached to it. Members only."""
    actor.require(Perm.INTERNAL_VIEW)
    return actor.get_or_404(ConflictStep.objects.select_related("case"), pk=step_id)


def conflict_steps(*, actor: Actor, case: ConflictCase) -> list[ConflictStep]:
    actor.require(Perm.INTERNAL_VIEW)
    return list(
        ConflictStep.objects.for_actor(actor)
        .filter(case=case)
        .select_related("recorded_by")
        .order_by("on", "pk")
    )


def case_engagements(*, actor: Actor, case: ConflictCase) -> list:
    actor.require(Perm.INTERNAL_VIEW)
    return list(case.engagements.all().order_by("pk"))


def available_moves(*, actor: Actor, obj: ConflictCase) -> list[Move]:
    """The moves of CONFLICT_TRANSITIONS this actor may make now (no query)."""
    return CONFLICT_TRANSITIONS.available(actor, obj.status)


def is_past_follow_up(case: ConflictCase, today: dt.date | None = None) -> bool:
    today = today or timezone.localdate()
    return case.closed_on is None and case.follow_up_on is not None and case.follow_up_on < today


def past_follow_up(*, actor: Actor, today: dt.date | None = None) -> QuerySet[ConflictCase]:
    """Running cases whose agreed follow-up date has passed, the oldest first (one index
    range: the partial follow-up index)."""
    actor.require(Perm.INTERNAL_VIEW)
    today = today or timezone.localdate()
    return (
        ConflictCase.objects.for_actor(actor)
        .filter(closed_on__isnull=True, follow_up_on__isnull=False, follow_up_on__lt=today)
        .select_related("client")
        .order_by("follow_up_on", "pk")
    )
