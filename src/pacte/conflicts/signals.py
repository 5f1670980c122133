"""Conflicts' health signal (DOMAIN §5): the open conflict cases. An open conflict is the
relationship at risk; one past its agreed follow-up date, more so. Two queries for any
number of subjects."""

from __future__ import annotations

from collections import defaultdict

from django.utils.translation import gettext, gettext_lazy, ngettext

from pacte.engagements.signals import evidence_links
from pacte.kernel.signals import CLIENT, HealthSignal, Reading, register_signal

from .models import ConflictCase, ConflictEngagement

# The sub-score: 100 with no open conflict; each open case costs this much, a case past its
# follow-up date more; never below 0.
OPEN_COST = 40
LATE_COST = 60


def open_conflicts_score(open_cases: int, late: int) -> int:
    return max(0, 100 - OPEN_COST * (open_cases - late) - LATE_COST * late)


def measure_open_conflicts(*, workspace, level, subjects, today) -> dict[int, Reading]:
    """The conflict cases still open on each subject (a client's, or those naming the
    engagement), and how many of them are past their follow-up date. A subject that never had
    a conflict case gets no reading; one whose cases are all closed reads 100."""
    if level == CLIENT:
        rows = (
            ConflictCase.objects.in_workspace(workspace)
            .filter(client__in=subjects.values("pk"))
            .order_by()
            .values_list("client_id", "closed_on", "follow_up_on")
        )
    else:
        # From the link table's engagement index, each case by its key.
        rows = (
            ConflictEngagement.objects.in_workspace(workspace)
            .filter(engagement__in=subjects.values("pk"))
            .order_by()
            .values_list("engagement_id", "case__closed_on", "case__follow_up_on")
        )
    counts: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for subject, closed_on, follow_up_on in rows:
        count = counts[subject]
        if closed_on is None:
            count[0] += 1
            if follow_up_on is not None and follow_up_on < today:
                count[1] += 1
    readings = {}
    link = (
        evidence_links("client_detail", "client_id", "conflicts")
        if level == CLIENT
        else evidence_links("engagement_detail", "engagement_id", "conflicts")
    )
    for subject, (open_cases, late) in counts.items():
        if open_cases == 0:
            shown = gettext("No open conflict")
        else:
            shown = ngettext("%(n)d open conflict", "%(n)d open conflicts", open_cases) % {
                "n": open_cases
            }
            if late:
                shown += ngettext(
                    ", %(n)d past its follow-up date", ", %(n)d past their follow-up date", late
                ) % {"n": late}
        readings[subject] = Reading(
            value=open_cases,
            shown=shown,
            score=open_conflicts_score(open_cases, late),
            evidence=link(subject),
        )
    return readings


OPEN_CONFLICTS = HealthSignal(
    key="open_conflicts",
    rule="§3 conflicts",
    label=gettext_lazy("Open conflicts"),
    explanation=gettext_lazy(
        "Conflict cases still open (not resolved, apologised for or ended): 100 with none, "
        "40 points less for each open case and 60 less for each one past its agreed "
        "follow-up date, 0 at worst. A client who never had a conflict gets no reading."
    ),
    weight=10,
    measure=measure_open_conflicts,
    order=80,
)


def register() -> None:
    register_signal(OPEN_CONFLICTS)
