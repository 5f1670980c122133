"""Support's stage rule (DOMAIN §4 lifecycle stage): commitment, "12 months with reviews held
and SLAs met". It needs both the reviews (governance, below) and the SLAs (here), so support
registers it into governance's registry; between maturity (40) and power sharing (60)."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pacte.governance.registries import (
    LifecycleStage,
    StageRule,
    StageSuggestion,
    register_stage_rule,
)
from pacte.governance.selectors import relationship_of, reviews_held_since

from .selectors import client_sla_standing

COMMITMENT_MONTHS = 12
COMMITMENT_HELD_SHARE = 0.75  # reviews held: three in four over the last year, none overdue
COMMITMENT_MET_SHARE = 0.9  # SLAs met: nine requests in ten within their agreed targets
YEAR = dt.timedelta(days=365)


def suggest_commitment(*, actor, client, today: dt.date) -> StageSuggestion | None:
    """Commitment: a year or more together, the reviews held (three in four over the last
    twelve months, none overdue) and the agreed SLAs met (nine requests in ten judged over
    the same twelve months). Both sides keep their word: the article's "engagement"."""
    relationship = relationship_of(actor=actor, client=client, today=today)
    if relationship.months < COMMITMENT_MONTHS:
        return None
    since = today - YEAR
    reviews = reviews_held_since(actor=actor, client=client, since=since, today=today)
    if reviews.due == 0 or reviews.overdue or reviews.held < COMMITMENT_HELD_SHARE * reviews.due:
        return None
    met, judged = client_sla_standing(actor=actor, client=client, since=since, until=today)
    if judged == 0 or met < COMMITMENT_MET_SHARE * judged:
        return None
    return StageSuggestion(
        stage=LifecycleStage.COMMITMENT,
        rule="commitment",
        reason=_(
            "%(months)s months together; %(held)s of %(due)s reviews held and %(met)s of "
            "%(judged)s requests within the agreed SLAs over the last year"
        )
        % {
            "months": relationship.months,
            "held": reviews.held,
            "due": reviews.due,
            "met": met,
            "judged": judged,
        },
    )


COMMITMENT = StageRule(
    key="commitment",
    label=gettext_lazy(
        "A year or more together, with the reviews held and the agreed SLAs met, suggests "
        "commitment."
    ),
    suggest=suggest_commitment,
    priority=50,
)


def register() -> None:
    register_stage_rule(COMMITMENT)
