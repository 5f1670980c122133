"""Governance's own stage rules (DOMAIN §4 lifecycle stage), from the article's five stages:
honeymoon ("la lune de miel"), power struggle ("la lutte pour le pouvoir"), power sharing
("le partage du pouvoir"), commitment ("l'engagement"), maturity or separation ("maturité ou
séparation").

Each rule reads the apps below governance (engagements, decisions) and names itself in the
suggestion. The lowest priority that fires wins:

    10 separation · 20 power struggle · 30 honeymoon · 40 maturity · 60 power sharing

Commitment ("12 months with reviews held and SLAs met") needs the SLAs of the support app,
which sits above governance: it registers that rule itself (between maturity and power
sharing), calling `selectors.reviews_held_since`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from pacte.decisions.models import Decision, DecisionChoice, RecommendationStatus
from pacte.decisions.selectors import client_recommendation_keys
from pacte.engagements.models import Engagement, EngagementStatus
from pacte.kernel.panels import once_per_page

from .registries import (
    LifecycleStage,
    StageRule,
    StageSuggestion,
    months_between,
    register_stage_rule,
)
from .selectors import ENDED, client_engagements, relationship_of, reviews_held_since

RS = RecommendationStatus

HONEYMOON_MONTHS = 4  # "the first months": the article's seduction phase
STRUGGLE_WINDOW_MONTHS = 6  # refusals this early are the power struggle
STRUGGLE_MAX_MONTHS = 12  # past a year, early refusals no longer describe the relationship
STRUGGLE_DEFERRALS = 2  # "several" deferred decisions
MATURITY_MONTHS = 36
MATURITY_HELD_SHARE = 0.75  # "regular reviews": three in four held over the last year
SHARING_ACCEPTED_SHARE = 0.6  # "decisions mostly accepted"
SHARING_MIN_DECISIONS = 3
SEPARATION_RECENT_DAYS = 90


@dataclass(frozen=True)
class Facts:
    """What the stage rules read of one client, loaded once per page."""

    months: int
    started_on: dt.date
    engagements: list[Engagement]
    decisions: list[Decision]  # every decision of the client, with its recommendation


def _add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)


def facts(*, actor, client, today: dt.date) -> Facts:
    def load():
        relationship = relationship_of(actor=actor, client=client, today=today)
        engagements = client_engagements(actor=actor, client=client)
        decisions = list(
            Decision.objects.for_actor(actor)
            .filter(recommendation__in=client_recommendation_keys(client))
            .select_related("recommendation", "reverses")
            .order_by("decided_on", "pk")
        )
        return Facts(relationship.months, relationship.started_on, engagements, decisions)

    return once_per_page(client, f"governance.stage_facts.{today}", load)


def separation(*, actor, client, today) -> StageSuggestion | None:
    """Every engagement closed or terminated, or one terminated in the last 90 days."""
    f = facts(actor=actor, client=client, today=today)
    if not f.engagements:
        return None
    recent = [
        e
        for e in f.engagements
        if e.status == EngagementStatus.TERMINATED
        and e.terminated_on
        and (today - e.terminated_on).days <= SEPARATION_RECENT_DAYS
    ]
    if recent:
        ended = max(recent, key=lambda e: e.terminated_on)
        return StageSuggestion(
            LifecycleStage.SEPARATION,
            "separation",
            _("“%(title)s” was terminated on %(date)s.")
            % {"title": ended.title, "date": ended.terminated_on.isoformat()},
        )
    if all(e.status in ENDED for e in f.engagements):
        return StageSuggestion(
            LifecycleStage.SEPARATION,
            "separation",
            ngettext(
                "Its one engagement is closed or terminated.",
                "All %(n)d engagements are closed or terminated.",
                len(f.engagements),
            )
            % {"n": len(f.engagements)},
        )
    return None


def power_struggle(*, actor, client, today) -> StageSuggestion | None:
    """In its first year, the client refused advice (a refusal still standing), or put off
    several decisions, within the first six months of the relationship."""
    f = facts(actor=actor, client=client, today=today)
    if f.months >= STRUGGLE_MAX_MONTHS:
        return None
    window_end = _add_months(f.started_on, STRUGGLE_WINDOW_MONTHS)
    early = [d for d in f.decisions if d.decided_on < window_end]
    refusals = {
        d.recommendation_id
        for d in early
        if d.decision == DecisionChoice.REFUSED and d.recommendation.status == RS.REFUSED
    }
    deferrals = {
        d.recommendation_id
        for d in early
        if d.decision == DecisionChoice.DEFERRED and d.recommendation.status == RS.DEFERRED
    }
    if not refusals and len(deferrals) < STRUGGLE_DEFERRALS:
        return None
    last = max(d.decided_on for d in early)
    months = max(1, months_between(f.started_on, last) + 1)
    parts = []
    if refusals:
        parts.append(
            ngettext("%(n)d refusal", "%(n)d refusals", len(refusals)) % {"n": len(refusals)}
        )
    if len(deferrals) >= STRUGGLE_DEFERRALS or (refusals and deferrals):
        parts.append(
            ngettext("%(n)d deferred decision", "%(n)d deferred decisions", len(deferrals))
            % {"n": len(deferrals)}
        )
    return StageSuggestion(
        LifecycleStage.POWER_STRUGGLE,
        "power_struggle",
        ngettext("%(what)s in the first month.", "%(what)s in the first %(months)d months.", months)
        % {"what": _(" and ").join(parts), "months": months},
    )


def honeymoon(*, actor, client, today) -> StageSuggestion | None:
    """A relationship younger than four months, with no refusal yet."""
    f = facts(actor=actor, client=client, today=today)
    if f.months >= HONEYMOON_MONTHS or not f.engagements:
        return None
    if any(d.decision == DecisionChoice.REFUSED for d in f.decisions):
        return None
    return StageSuggestion(
        LifecycleStage.HONEYMOON,
        "honeymoon",
        ngettext(
            "The relationship is %(n)d month old, with no refusal yet.",
            "The relationship is %(n)d months old, with no refusal yet.",
            f.months,
        )
        % {"n": f.months},
    )


def maturity(*, actor, client, today) -> StageSuggestion | None:
    """Three years or more together, with regular reviews over the last twelve months."""
    f = facts(actor=actor, client=client, today=today)
    if f.months < MATURITY_MONTHS:
        return None
    standing = reviews_held_since(
        actor=actor, client=client, since=_add_months(today, -12), today=today
    )
    if not standing.due or standing.held < MATURITY_HELD_SHARE * standing.due:
        return None
    return StageSuggestion(
        LifecycleStage.MATURITY,
        "maturity",
        _("%(years)d years together; %(held)d of %(due)d reviews held in the last 12 months.")
        % {"years": f.months // 12, "held": standing.held, "due": standing.due},
    )


def power_sharing(*, actor, client, today) -> StageSuggestion | None:
    """Past the first months: the client reversed a refusal, or accepted most advice."""
    f = facts(actor=actor, client=client, today=today)
    if f.months < HONEYMOON_MONTHS:
        return None
    reversed_refusals = [
        d for d in f.decisions if d.reverses_id and d.reverses.decision == DecisionChoice.REFUSED
    ]
    if reversed_refusals:
        return StageSuggestion(
            LifecycleStage.POWER_SHARING,
            "power_sharing",
            ngettext(
                "The client reversed %(n)d refusal.",
                "The client reversed %(n)d refusals.",
                len(reversed_refusals),
            )
            % {"n": len(reversed_refusals)},
        )
    latest: dict[int, str] = {}
    for d in f.decisions:  # oldest first: the last one per recommendation stands
        latest[d.recommendation_id] = d.decision
    decided = len(latest)
    accepted = sum(1 for choice in latest.values() if choice == DecisionChoice.ACCEPTED)
    if decided >= SHARING_MIN_DECISIONS and accepted >= SHARING_ACCEPTED_SHARE * decided:
        return StageSuggestion(
            LifecycleStage.POWER_SHARING,
            "power_sharing",
            _("%(accepted)d of %(decided)d recommendations accepted.")
            % {"accepted": accepted, "decided": decided},
        )
    return None


RULES = [
    StageRule("separation", gettext_lazy("Engagements ended"), separation, priority=10),
    StageRule(
        "power_struggle",
        gettext_lazy("Refusals or deferrals in the first months"),
        power_struggle,
        priority=20,
    ),
    StageRule(
        "honeymoon", gettext_lazy("A young relationship with no refusal"), honeymoon, priority=30
    ),
    StageRule("maturity", gettext_lazy("Three years or more, with regular reviews"), maturity, 40),
    StageRule(
        "power_sharing",
        gettext_lazy("Refusals reversed or advice mostly accepted"),
        power_sharing,
        priority=60,
    ),
]


def register():
    for rule in RULES:
        register_stage_rule(rule)
