"""Decisions' health signal (DOMAIN §5): how often the client refuses our advice (R-NO). A
refusal is respected and kept on record; many of them say the client hired expertise it does
not listen to. One query for many subjects."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Exists, OuterRef, Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from pacte.engagements.signals import engagements_measured, evidence_links, number_texts
from pacte.kernel.signals import CLIENT, HealthSignal, Reading, linear_score, register_signal

from .models import Decision, Recommendation, RecommendationStatus

REFUSAL_WINDOW_DAYS = 365
REFUSAL_HEALTHY_PERCENT = 10
REFUSAL_ALARMING_PERCENT = 60
# Below three answers, one "no" would read as a third or half of them: too few to judge.
REFUSAL_MIN_ANSWERS = 3
# The client's answer, as the recommendation's status follows its latest decision: a yes
# (implemented since, or not yet) or a no. "Deferred" is no answer yet, and is not counted.
ANSWERED = (
    RecommendationStatus.ACCEPTED,
    RecommendationStatus.IMPLEMENTED,
    RecommendationStatus.REFUSED,
)


def measure_refusal_rate(*, workspace, level, subjects, today) -> dict[int, Reading]:
    """R-NO: the share of the recommendations the client answered whose latest decision is a
    refusal, among those decided in the last 12 months (the latest decision falls in the
    window). Fewer than three answers, no reading. For a client, over all its engagements.
    One query."""
    engagements = engagements_measured(workspace, level, subjects, running_only=False)
    group = "engagement__client_id" if level == CLIENT else "engagement_id"
    since = today - dt.timedelta(days=REFUSAL_WINDOW_DAYS)
    # Decisions are never dated in the future: the latest one falls in the window exactly
    # when one of them does.
    decided_lately = Exists(
        Decision.objects.filter(
            recommendation=OuterRef("pk"), decided_on__gte=since, decided_on__lte=today
        )
    )
    rows = (
        Recommendation.objects.in_workspace(workspace)
        .filter(engagement__in=engagements.values("pk"), status__in=ANSWERED)
        .filter(decided_lately)
        .order_by()
        .values(group)
        .annotate(
            answered=Count("pk"),
            refused=Count("pk", filter=Q(status=RecommendationStatus.REFUSED)),
        )
        .values_list(group, "answered", "refused")
    )
    link = (
        evidence_links("client_detail", "client_id", "refusals")
        if level == CLIENT
        else evidence_links("engagement_detail", "engagement_id", "recommendations")
    )
    number_text = number_texts()
    sentence = gettext(
        "%(percent)s %% of the answers refused in 12 months (%(refused)s of %(answered)s)"
    )
    readings = {}
    for subject, answered, refused in rows:
        if answered < REFUSAL_MIN_ANSWERS:
            continue
        share = refused / answered * 100
        readings[subject] = Reading(
            value=round(share, 1),
            shown=sentence
            % {"refused": refused, "answered": answered, "percent": number_text(share)},
            score=linear_score(
                share, healthy=REFUSAL_HEALTHY_PERCENT, alarming=REFUSAL_ALARMING_PERCENT
            ),
            evidence=link(subject),
        )
    return readings


REFUSAL_RATE = HealthSignal(
    key="refusal_rate",
    rule="R-NO",
    label=_("Advice refused"),
    explanation=_(
        "Among the recommendations the client answered in the last 12 months (accepted or "
        "refused, as their latest decision stands; put off is no answer yet), the share "
        "refused. 100 up to one in ten, 0 from six in ten, in a straight line between. Fewer "
        "than three answers are too few to judge: no reading. A refusal is respected; many of "
        "them mean the advice is not heard."
    ),
    weight=10,
    measure=measure_refusal_rate,
    order=40,
)


def register() -> None:
    register_signal(REFUSAL_RATE)
