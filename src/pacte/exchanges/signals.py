"""Exchanges' health signal (DOMAIN §5): the silence (R-SILENCE). 99 % of clashes start with a
misunderstanding; an active engagement whose client has had no news for long is at risk.
One query for many subjects, read off the stored last outbound days (no subquery)."""

from __future__ import annotations

import functools

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from pacte.engagements.models import Engagement, EngagementStatus
from pacte.engagements.signals import evidence_links
from pacte.kernel.signals import CLIENT, HealthSignal, Reading, linear_score, register_signal

from .selectors import _ever_wrote, _silent_since

# 100 within the workspace's silence_days, 0 from this many times them.
SILENCE_ALARMING_FACTOR = 3


def measure_silence(*, workspace, level, subjects, today) -> dict[int, Reading]:
    """R-SILENCE: the days since our last outbound exchange about an active engagement (or
    about its client in general), counted from its activation (or creation) when we never
    wrote, as `silent_engagements` counts them. Only an active engagement is held to it:
    another says nothing. A client's silence is its most silent active engagement's. One
    query."""
    engagements = Engagement.objects.in_workspace(workspace).filter(status=EngagementStatus.ACTIVE)
    by_client = level == CLIENT
    if by_client:
        engagements = engagements.filter(client__in=subjects.values("pk"))
    else:
        engagements = engagements.filter(pk__in=subjects.values("pk"))
    rows = (
        engagements.order_by()
        .annotate(silent_since=_silent_since(), ever_wrote=_ever_wrote())
        .values_list("pk", "client_id", "silent_since", "ever_wrote")
    )
    # subject: (the most silent engagement's first silent day, its id, whether we ever wrote)
    found: dict[int, tuple] = {}
    for pk, client_id, silent_since, ever_wrote in rows:
        subject = client_id if by_client else pk
        known = found.get(subject)
        if known is None or (silent_since, pk) < known[:2]:
            found[subject] = (silent_since, pk, ever_wrote)
    policy = workspace.silence_days
    link = evidence_links("engagement_detail", "engagement_id", "exchanges")

    # Translated once per number of days: thousands of readings share a few hundred.
    @functools.cache
    def shown(days: int, ever_wrote: bool) -> str:
        if ever_wrote:
            text = ngettext(
                "%(days)s day since our last message; the policy is %(policy)s",
                "%(days)s days since our last message; the policy is %(policy)s",
                days,
            )
        else:
            text = ngettext(
                "%(days)s day since the engagement started, and no message from us yet; the "
                "policy is %(policy)s",
                "%(days)s days since the engagement started, and no message from us yet; the "
                "policy is %(policy)s",
                days,
            )
        return text % {"days": days, "policy": policy}

    readings = {}
    for subject, (silent_since, engagement_id, ever_wrote) in found.items():
        days = max((today - silent_since).days, 0)
        readings[subject] = Reading(
            value=days,
            shown=shown(days, bool(ever_wrote)),
            score=linear_score(days, healthy=policy, alarming=SILENCE_ALARMING_FACTOR * policy),
            evidence=link(engagement_id),
        )
    return readings


SILENCE = HealthSignal(
    key="silence",
    rule="R-SILENCE",
    label=_("Silence"),
    explanation=_(
        "Days since our last outbound exchange about an active engagement or its client, "
        "counted from the engagement's start when we never wrote; for a client, its most "
        "silent active engagement. 100 within the workspace's silence policy (10 days unless "
        "changed), 0 from three times it, in a straight line between. Nearly every clash "
        "starts with a misunderstanding."
    ),
    weight=15,
    measure=measure_silence,
    order=50,
)


def register() -> None:
    register_signal(SILENCE)
