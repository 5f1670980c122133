"""What support contributes to the health score (kernel.signals) and to the two-sided
scorecard (governance.registries): SLA breaches and R-CONTACTS."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from pacte.governance.registries import (
    CLIENT_SIDE,
    PROVIDER_SIDE,
    LineResult,
    ScorecardLine,
    register_scorecard_line,
)
from pacte.kernel.signals import (
    CLIENT,
    ENGAGEMENT,
    HealthSignal,
    Reading,
    in_run,
    linear_score,
    register_signal,
    shared,
)

from .contacts import client_requesters, requesters_by_client
from .models import Sla
from .selectors import client_sla_standing, current_and_previous, standing_by_sla

# The compliance at which the SLA sub-score is 100, and at which it is 0 (percent).
SLA_HEALTHY = 95
SLA_ALARMING = 50
# The scorecard's SLA line looks this far back.
SCORECARD_DAYS = 90


def requests_url(client_id: int, *, breached: bool = False) -> str:
    url = reverse("client_requests", args=[client_id])
    return url + "?breached=1" if breached else url


def sla_words(met: int, judged: int) -> str:
    return ngettext(
        "%(met)d of %(judged)d request within the agreed SLAs",
        "%(met)d of %(judged)d requests within the agreed SLAs",
        judged,
    ) % {"met": met, "judged": judged}


def sla_score(met: int, judged: int) -> int:
    return linear_score(100 * met / judged, healthy=SLA_HEALTHY, alarming=SLA_ALARMING)


def measure_sla_breaches(*, workspace, level, subjects, today: dt.date) -> dict:
    """The compliance of the subjects' agreed SLAs over their current and previous window
    (SLA). A subject without agreed SLA, or with nothing judged, gets no reading. Four
    queries whatever the number of subjects."""
    slas = Sla.objects.in_workspace(workspace).filter(agreed_on__isnull=False).order_by()
    if level == CLIENT:
        slas = list(slas.filter(client__in=subjects.values("pk")))
        key = "client_id"
    else:
        slas = list(slas.filter(engagement__in=subjects.values("pk")))
        key = "engagement_id"
    windows = {s.pk: current_and_previous(s.window, today) for s in slas}
    standing = standing_by_sla(workspace=workspace, slas=slas, windows=windows)
    totals: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0])
    for sla in slas:
        met, judged = standing[sla.pk]
        total = totals[getattr(sla, key)]
        total[0] += met
        total[1] += judged
        total[2] = sla.client_id
    readings = {}
    for subject_id, (met, judged, client_id) in totals.items():
        if not judged:
            continue
        if level == CLIENT:
            evidence = requests_url(client_id, breached=True)
        else:
            evidence = reverse("engagement_detail", args=[subject_id]) + "#service-levels"
        readings[subject_id] = Reading(
            value=round(100 * met / judged),
            shown=sla_words(met, judged),
            score=sla_score(met, judged),
            evidence=evidence,
        )
    return readings


def measure_distinct_requesters(*, workspace, level, subjects, today: dt.date) -> dict:
    """R-CONTACTS: distinct requesters against designated contacts over the workspace's
    window. An engagement reads its client's. Three or four queries; within one run
    (`kernel.signals.measuring`), the engagements reuse what their clients' reading found."""
    # {client id: Requesters}, and the clients already asked, kept for the run.
    known, asked = shared(("requesters", workspace.pk, today), lambda: ({}, set()))
    if level == CLIENT:
        by_client = requesters_by_client(
            workspace=workspace, clients=subjects.values("pk"), today=today
        )
        if in_run():
            asked.update(subjects.values_list("pk", flat=True))
            known.update(by_client)
        pairs = [(client_id, client_id) for client_id in by_client]
    else:
        pairs = list(subjects.order_by().values_list("pk", "client_id"))
        missing = {client_id for _pk, client_id in pairs} - asked
        if missing:
            known.update(
                requesters_by_client(
                    workspace=workspace,
                    clients=subjects.filter(client_id__in=missing).values("client_id"),
                    today=today,
                )
            )
            asked.update(missing)
        by_client = known
    readings = {}
    for subject_id, client_id in pairs:
        found = by_client.get(client_id)
        if found is None or found.requesters == 0:
            continue  # no requester in the window: nothing to say
        readings[subject_id] = Reading(
            value=found.requesters,
            shown=found.words(),
            score=found.score,
            evidence=requests_url(client_id),
        )
    return readings


# --- The scorecard --------------------------------------------------------------------------


def meets_slas(*, actor, client, today: dt.date) -> LineResult:
    """The provider meets the agreed SLAs (last 90 days)."""
    since = today - dt.timedelta(days=SCORECARD_DAYS - 1)
    met, judged = client_sla_standing(actor=actor, client=client, since=since, until=today)
    portal = reverse("portal:home") + "#slas"
    if not judged:
        return LineResult(
            value=_("Not yet measured"),
            verdict="unknown",
            evidence=requests_url(client.pk),
            portal_evidence=portal,
        )
    percent = 100 * met / judged
    verdict = "good" if percent >= 90 else "watch" if percent >= 75 else "poor"
    return LineResult(
        value=_("%(words)s (last %(days)d days)") % {"words": sla_words(met, judged), "days": 90},
        verdict=verdict,
        evidence=requests_url(client.pk, breached=verdict != "good"),
        portal_evidence=portal,
    )


def keeps_designated_contacts(*, actor, client, today: dt.date) -> LineResult:
    """R-CONTACTS: the client goes through its designated contacts."""
    found = client_requesters(actor=actor, client=client, today=today)
    return LineResult(
        value=found.words() if found.requesters else _("No request in the window"),
        verdict=found.verdict,
        evidence=requests_url(client.pk),
        portal_evidence=reverse("portal:home") + "#requests",
    )


def register():
    register_signal(
        HealthSignal(
            key="sla_breaches",
            rule="SLA",
            label=gettext_lazy("Service levels met"),
            explanation=gettext_lazy(
                "Share of the requests judged within the agreed SLAs, this window and the "
                "previous one: 100 at 95 per cent or more, 0 at 50 per cent or less."
            ),
            weight=10,
            measure=measure_sla_breaches,
            levels=(CLIENT, ENGAGEMENT),
            order=70,
        )
    )
    register_signal(
        HealthSignal(
            key="distinct_requesters",
            rule="R-CONTACTS",
            label=gettext_lazy("Distinct requesters"),
            explanation=gettext_lazy(
                "Different client contacts who made requests, against the designated ones: "
                "100 while they are no more, 0 at three times as many (at 4 when none is "
                "designated)."
            ),
            weight=5,
            measure=measure_distinct_requesters,
            levels=(CLIENT, ENGAGEMENT),
            order=90,
        )
    )
    register_scorecard_line(
        ScorecardLine(
            side=PROVIDER_SIDE,
            key="meets_slas",
            label=gettext_lazy("Meets the agreed SLAs"),
            measure=meets_slas,
            order=20,
        )
    )
    register_scorecard_line(
        ScorecardLine(
            side=CLIENT_SIDE,
            key="keeps_designated_contacts",
            label=gettext_lazy("Keeps to its designated contacts"),
            measure=keeps_designated_contacts,
            order=20,
        )
    )
