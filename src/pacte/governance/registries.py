"""What apps above governance contribute to it: stage rules and scorecard lines.

Governance owns the relationship's lifecycle stage and the two-sided scorecard (DOMAIN §4).
Their inputs come from everywhere: refusals (decisions), payments (billing), SLAs and
requesters (support, which sits above governance), conflicts (a later area). Governance reads
the apps below it directly; an app above registers its rules and lines here from its
`AppConfig.ready()`, and governance imports none of them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from pacte.kernel.panels import Registry


class LifecycleStage(models.TextChoices):
    """The five stages of a partnership, and its end (DOMAIN §4, from the article on the five
    stages of a client partnership)."""

    HONEYMOON = "honeymoon", _("Honeymoon")
    POWER_STRUGGLE = "power_struggle", _("Power struggle")
    POWER_SHARING = "power_sharing", _("Power sharing")
    COMMITMENT = "commitment", _("Commitment")
    MATURITY = "maturity", _("Maturity")
    SEPARATION = "separation", _("Separation")


@dataclass(frozen=True)
class StageSuggestion:
    stage: str  # a LifecycleStage value
    rule: str  # the key of the StageRule that made it
    reason: str  # the evidence in words, in the active language: "2 refusals in the first 4 months"


@dataclass(frozen=True)
class StageRule:
    """A rule that may suggest a stage for one client. When several fire, the lowest
    `priority` wins (separation before power struggle before commitment…)."""

    key: str
    label: Any  # a lazy translation: the rule in words
    # (*, actor, client, today: date) -> StageSuggestion | None
    suggest: Callable[..., StageSuggestion | None]
    priority: int = 100


@dataclass(frozen=True)
class LineResult:
    """One scorecard line measured for one client."""

    value: str  # in words: "8 of 9 invoices paid on time"
    verdict: str  # "good", "watch", "poor" or "unknown" (no data yet)
    evidence: str = ""  # a URL in the members' face
    portal_evidence: str = ""  # a URL the client's people may open ("" when none)


@dataclass(frozen=True)
class ScorecardLine:
    side: str  # "client" or "provider": whose obligation it is
    key: str
    label: Any  # a lazy translation: "Pays on time"
    # (*, actor, client, today: date) -> LineResult
    measure: Callable[..., LineResult]
    order: int = 100


CLIENT_SIDE = "client"
PROVIDER_SIDE = "provider"
VERDICTS = ("good", "watch", "poor", "unknown")

_stage_rules: Registry[StageRule] = Registry("stage rule")
_scorecard_lines: Registry[ScorecardLine] = Registry("scorecard line")


def register_stage_rule(rule: StageRule) -> StageRule:
    return _stage_rules.add((rule.key,), rule)


def registered_stage_rules() -> list[StageRule]:
    return sorted(_stage_rules.entries(), key=lambda r: (r.priority, r.key))


def register_scorecard_line(line: ScorecardLine) -> ScorecardLine:
    if line.side not in (CLIENT_SIDE, PROVIDER_SIDE):
        raise ValueError(f"scorecard line {line.key!r}: unknown side {line.side!r}")
    return _scorecard_lines.add((line.side, line.key), line)


def registered_scorecard_lines(side: str) -> list[ScorecardLine]:
    return sorted(
        (line for line in _scorecard_lines.entries() if line.side == side),
        key=lambda line: (line.order, line.key),
    )


def months_between(start: dt.date, end: dt.date) -> int:
    """Whole months from `start` to `end` (0 when end is before start)."""
    months = (end.year - start.year) * 12 + end.month - start.month
    if end.day < start.day:
        months -= 1
    return max(0, months)
