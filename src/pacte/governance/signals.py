"""Governance's health signal: reviews overdue (DOMAIN §5, rule "§4 cadence").

An engagement (or a client, over its engagements) whose cadence asks for reviews scores 100
with none overdue, down to 0 at three overdue. Without a cadence (or with every kind
switched off) there is no reading: the health score shares the weight among the others."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from pacte.engagements.models import Engagement
from pacte.kernel.signals import (
    CLIENT,
    ENGAGEMENT,
    HealthSignal,
    Reading,
    linear_score,
    register_signal,
)

from .models import ReviewCadence
from .selectors import RUNNING, overdue_counts

RULE = "§4 cadence"
ALARMING = 3


def _reading(overdue: int, evidence: str) -> Reading:
    return Reading(
        value=overdue,
        shown=ngettext("%(n)d review overdue", "%(n)d reviews overdue", overdue) % {"n": overdue},
        score=linear_score(overdue, healthy=0, alarming=ALARMING),
        evidence=evidence,
    )


def measure_reviews_overdue(*, workspace, level, subjects, today) -> dict:
    """{subject id: Reading}, two queries whatever the number of subjects."""
    cadences = ReviewCadence.objects.in_workspace(workspace)
    if level == ENGAGEMENT:
        cadences = cadences.filter(engagement__in=subjects.values("pk"))
    else:
        # Through the engagements' keys: searched on (workspace, engagement), no walk.
        engagements = Engagement.objects.in_workspace(workspace).filter(
            client__in=subjects.values("pk"), status__in=RUNNING
        )
        cadences = cadences.filter(engagement__in=engagements.values("pk"))
    counts = overdue_counts(workspace=workspace, cadences=cadences, today=today)
    if level == ENGAGEMENT:
        return {
            eid: _reading(n, f"{reverse('engagement_detail', args=[eid])}#reviews")
            for eid, (_client_id, n) in counts.items()
        }
    by_client: dict[int, int] = {}
    for _eid, (client_id, n) in counts.items():
        by_client[client_id] = by_client.get(client_id, 0) + n
    return {
        cid: _reading(n, f"{reverse('client_detail', args=[cid])}#governance")
        for cid, n in by_client.items()
    }


REVIEWS_OVERDUE = HealthSignal(
    key="reviews_overdue",
    rule=RULE,
    label=_("Reviews overdue"),
    explanation=_(
        "Reviews the cadence asks for (weekly, monthly, quarterly) not held by their due date "
        "plus the grace days: 100 with none overdue, 0 from three."
    ),
    weight=10,
    measure=measure_reviews_overdue,
    levels=(CLIENT, ENGAGEMENT),
    order=60,
)


def register():
    register_signal(REVIEWS_OVERDUE)
