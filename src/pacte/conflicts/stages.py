"""Conflicts' stage rule (DOMAIN §4 lifecycle stage): the first conflict ends the honeymoon.
In the article on the five stages of a partnership, the honeymoon gives way to the power
struggle ("la lutte pour le pouvoir") at the first disagreement. Registered into governance's
registry, between its power-struggle rule (20) and honeymoon (30), so that it wins over the
honeymoon and separation (10) still wins over it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pacte.governance.registries import (
    LifecycleStage,
    StageRule,
    StageSuggestion,
    register_stage_rule,
)
from pacte.kernel.panels import once_per_page

from .models import ConflictCase

# A closed conflict older than this no longer describes the relationship.
RECENT_DAYS = 365


@dataclass(frozen=True)
class ConflictHistory:
    """What the stage rule reads of one client's conflicts: the first case, how many are
    open, and when the latest was opened."""

    first_on: dt.date
    first_summary: str
    open_cases: int
    latest_on: dt.date


def conflict_history(*, actor, client) -> ConflictHistory | None:
    """Read once per page (the client page's conflicts panel shows it too, so the page costs
    the same whichever stage rule fires first). One query on the client's index."""

    def load():
        cases = list(
            ConflictCase.objects.for_actor(actor)
            .filter(client=client)
            .order_by("opened_on", "pk")
            .values_list("opened_on", "closed_on", "summary")
        )
        if not cases:
            return None
        return ConflictHistory(
            first_on=cases[0][0],
            first_summary=cases[0][2],
            open_cases=sum(1 for _o, closed, _s in cases if closed is None),
            latest_on=cases[-1][0],
        )

    return once_per_page(client, "conflicts.history", load)


def suggest_first_conflict(*, actor, client, today: dt.date) -> StageSuggestion | None:
    """Power struggle: a conflict case is open, or one was opened within the last year. The
    reason names the first conflict (the end of the honeymoon) and how many are open."""
    history = conflict_history(actor=actor, client=client)
    if history is None or history.first_on > today:
        return None
    recent = history.latest_on >= today - dt.timedelta(days=RECENT_DAYS)
    if not history.open_cases and not recent:
        return None
    return StageSuggestion(
        stage=LifecycleStage.POWER_STRUGGLE,
        rule="first_conflict",
        reason=_(
            "First conflict on %(date)s (“%(summary)s”), the end of the honeymoon; "
            "%(open)s still open."
        )
        % {
            "date": history.first_on.isoformat(),
            "summary": history.first_summary,
            "open": history.open_cases,
        },
    )


FIRST_CONFLICT = StageRule(
    key="first_conflict",
    label=gettext_lazy("A conflict ends the honeymoon: power struggle"),
    suggest=suggest_first_conflict,
    priority=25,
)


def register() -> None:
    register_stage_rule(FIRST_CONFLICT)
