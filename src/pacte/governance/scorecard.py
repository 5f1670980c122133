"""Governance's own lines of the two-sided scorecard (DOMAIN §4, issue 11 item 6).

"Devenez le client qu'il a envie de garder" (the article): the client pays on time, is
available, documents its processes and follows advice or explicitly refuses it. The
provider communicates (R-SILENCE), documents its actions (R-OWN, check 11) and keeps the
client in control of its assets (R-OWN, reversibility). Keeping to designated contacts
(R-CONTACTS) and meeting SLAs are lines of the support app, which registers them itself.

Each line reads the records of the last twelve months (or the state today) and says its
value in words, a verdict (good, watch, poor, or unknown without data) and where its
evidence lies: a page of the members' face, and of the portal when the client may see it.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Exists, Min, OuterRef
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from pacte.assets.models import ActionLogEntry, Asset
from pacte.assets.ownership import ACTIONS_DOCUMENTED, WE_HAVE_ADMIN, evaluate, fact_flags
from pacte.billing.models import Invoice
from pacte.billing.selectors import punctuality_from
from pacte.decisions.models import Recommendation, RecommendationStatus
from pacte.engagements.models import EngagementStatus
from pacte.engagements.selectors import client_engagement_keys
from pacte.exchanges.selectors import silent_engagement_rows
from pacte.kernel.panels import once_per_page

from .models import ProcessLevel, Review
from .registries import (
    CLIENT_SIDE,
    PROVIDER_SIDE,
    LineResult,
    ScorecardLine,
    register_scorecard_line,
)
from .selectors import RUNNING, client_engagements, latest_process_assessment

RS = RecommendationStatus
WINDOW_DAYS = 365
GOOD_SHARE = 0.8
WATCH_SHARE = 0.5


def _verdict(share: float | None, *, good: float = GOOD_SHARE, watch: float = WATCH_SHARE) -> str:
    if share is None:
        return "unknown"
    if share >= good:
        return "good"
    return "watch" if share >= watch else "poor"


def _client_url(client, anchor: str) -> str:
    return f"{reverse('client_detail', args=[client.pk])}#{anchor}"


def _portal_url(anchor: str) -> str:
    return f"{reverse('portal:home')}#{anchor}"


# --- The client's side -----------------------------------------------------------------------


def pays_on_time(*, actor, client, today: dt.date) -> LineResult:
    """Invoices due in the last twelve months paid by their due date (billing)."""
    invoices = (
        Invoice.objects.for_actor(actor)
        .filter(
            engagement__in=client_engagement_keys(client),
            due_on__gte=today - dt.timedelta(days=WINDOW_DAYS),
        )
        .order_by()
        .only("due_on", "paid_in_full_on")
    )
    punctuality = punctuality_from(invoices, today)
    if not punctuality.counted:
        value = _("No invoice due in the last 12 months.")
    else:
        value = ngettext(
            "%(on_time)d of %(n)d invoice paid on time in the last 12 months.",
            "%(on_time)d of %(n)d invoices paid on time in the last 12 months.",
            punctuality.counted,
        ) % {"on_time": punctuality.on_time, "n": punctuality.counted}
    return LineResult(
        value=value,
        verdict=_verdict(punctuality.on_time_share, good=0.9, watch=0.7),
        evidence=_client_url(client, "punctuality"),
        portal_evidence=_portal_url("open-invoices"),
    )


def _recommendations_to_answer(actor, client, today: dt.date) -> list[tuple]:
    """(made on, status, first answer's day) of the recommendations made over the last
    twelve months and at least `decision_wait_days` ago: those the client had time to
    answer. One query, shared by two lines on a page."""
    wait = actor.workspace.decision_wait_days

    def load():
        return list(
            Recommendation.objects.for_actor(actor)
            .filter(
                engagement__in=client_engagement_keys(client),
                made_on__gte=today - dt.timedelta(days=WINDOW_DAYS),
                made_on__lte=today - dt.timedelta(days=wait),
            )
            .order_by()
            .annotate(first_answer=Min("decisions__decided_on"))
            .values_list("made_on", "status", "first_answer")
        )

    return once_per_page(client, f"governance.to_answer.{today}", load)


def is_available(*, actor, client, today: dt.date) -> LineResult:
    """Reviews attended by someone of the client's, and decisions given within the
    workspace's wait (`decision_wait_days`), over the last twelve months."""
    since = today - dt.timedelta(days=WINDOW_DAYS)
    wait = actor.workspace.decision_wait_days
    keys = client_engagement_keys(client)
    attendance = list(
        Review.objects.for_actor(actor)
        .filter(engagement__in=keys, held_on__gte=since)
        .order_by()
        .annotate(theirs=Count("client_attendees"))
        .values_list("theirs", flat=True)
    )
    answers = [
        (made, first) for made, _s, first in _recommendations_to_answer(actor, client, today)
    ]
    attended = sum(1 for n in attendance if n)
    in_time = sum(1 for made, first in answers if first is not None and (first - made).days <= wait)
    parts, shares = [], []
    if attendance:
        parts.append(
            ngettext(
                "attended %(n)d of %(total)d review",
                "attended %(n)d of %(total)d reviews",
                len(attendance),
            )
            % {"n": attended, "total": len(attendance)}
        )
        shares.append(attended / len(attendance))
    if answers:
        parts.append(
            ngettext(
                "answered %(n)d of %(total)d recommendation within %(days)d days",
                "answered %(n)d of %(total)d recommendations within %(days)d days",
                len(answers),
            )
            % {"n": in_time, "total": len(answers), "days": wait}
        )
        shares.append(in_time / len(answers))
    value = (
        _("Over the last 12 months: %(parts)s.") % {"parts": _("; ").join(parts)}
        if parts
        else _("No review held nor recommendation to answer in the last 12 months.")
    )
    return LineResult(
        value=value,
        verdict=_verdict(min(shares) if shares else None),
        evidence=_client_url(client, "governance"),
        portal_evidence=_portal_url("decisions"),
    )


_PROCESS_VERDICT = {ProcessLevel.YES: "good", ProcessLevel.PARTLY: "watch", ProcessLevel.NO: "poor"}


def documents_processes(*, actor, client, today: dt.date) -> LineResult:
    """The latest assessment a person recorded (ProcessAssessment)."""
    assessment = latest_process_assessment(actor=actor, client=client)
    if assessment is None:
        return LineResult(
            value=_("Not assessed yet."),
            verdict="unknown",
            evidence=_client_url(client, "scorecard"),
        )
    value = _("%(level)s (assessed on %(date)s).") % {
        "level": assessment.get_level_display(),
        "date": date_format(assessment.assessed_on, "DATE_FORMAT"),
    }
    if assessment.note:
        value = f"{value} {assessment.note}"
    return LineResult(
        value=value,
        verdict=_PROCESS_VERDICT[assessment.level],
        evidence=_client_url(client, "scorecard"),
    )


def follows_or_refuses_advice(*, actor, client, today: dt.date) -> LineResult:
    """Recommendations answered, accepted or refused alike (R-NO: an explicit "no" is a good
    answer), against those left unanswered (open or put off) past the workspace's wait."""
    wait = actor.workspace.decision_wait_days
    statuses = [status for _m, status, _f in _recommendations_to_answer(actor, client, today)]
    if not statuses:
        return LineResult(
            value=_("No recommendation to answer in the last 12 months."),
            verdict="unknown",
            evidence=_client_url(client, "refusals"),
            portal_evidence=_portal_url("decide"),
        )
    answered = sum(1 for s in statuses if s in (RS.ACCEPTED, RS.REFUSED, RS.IMPLEMENTED))
    left = len(statuses) - answered
    value = ngettext(
        "%(answered)d of %(n)d recommendation answered, accepted or refused",
        "%(answered)d of %(n)d recommendations answered, accepted or refused",
        len(statuses),
    ) % {"answered": answered, "n": len(statuses)}
    if left:
        value += " — " + ngettext(
            "%(left)d left unanswered past %(days)d days.",
            "%(left)d left unanswered past %(days)d days.",
            left,
        ) % {"left": left, "days": wait}
    else:
        value += "."
    return LineResult(
        value=value,
        verdict=_verdict(answered / len(statuses)),
        evidence=_client_url(client, "refusals"),
        portal_evidence=_portal_url("decide"),
    )


# --- The provider's side ---------------------------------------------------------------------


def communicates(*, actor, client, today: dt.date) -> LineResult:
    """R-SILENCE: the client's active engagements with no news sent beyond the workspace's
    `silence_days`."""
    active = sum(
        1
        for e in client_engagements(actor=actor, client=client)
        if e.status == EngagementStatus.ACTIVE
    )
    days = actor.workspace.silence_days
    if not active:
        return LineResult(
            value=_("No engagement under way."),
            verdict="unknown",
            evidence=_client_url(client, "timeline"),
        )
    silent = silent_engagement_rows(actor=actor, today=today).filter(client=client).count()
    if not silent:
        value = _("Every engagement under way had news within %(days)d days.") % {"days": days}
    else:
        value = ngettext(
            "%(n)d of %(total)d engagement without news for more than %(days)d days.",
            "%(n)d of %(total)d engagements without news for more than %(days)d days.",
            active,
        ) % {"n": silent, "total": active, "days": days}
    return LineResult(
        value=value,
        verdict="good" if not silent else "watch" if silent == 1 and active > 1 else "poor",
        evidence=_client_url(client, "timeline"),
    )


def _reversibility(actor, client):
    """R-OWN for the client, from one query: its assets with their facts (`fact_flags`) and
    whether their actions are logged, judged by `ownership.evaluate` (the rules stay there).
    Returns (Reversibility, the number of assets we hold admin access on)."""

    def load():
        rows = list(
            Asset.objects.for_actor(actor)
            .filter(client=client)
            .order_by()
            .annotate(
                facts=fact_flags(),
                documented=Exists(
                    ActionLogEntry.objects.filter(workspace=actor.workspace, asset=OuterRef("pk"))
                ),
            )
            .values_list("id", "client_id", "kind", "identifier", "facts", "documented")
        )
        running = any(e.status in RUNNING for e in client_engagements(actor=actor, client=client))
        reversibility = evaluate(
            [row[:5] for row in rows],
            {row[0] for row in rows if row[5]},
            has_alias_need=running,
        )
        administered = sum(1 for row in rows if row[4] & WE_HAVE_ADMIN)
        return reversibility, administered

    return once_per_page(client, "governance.reversibility", load)


def documents_actions(*, actor, client, today: dt.date) -> LineResult:
    """R-OWN check 11: every asset we hold admin access on has its actions in the log."""
    reversibility, administered = _reversibility(actor, client)
    evidence = f"{reverse('client_assets', args=[client.pk])}#action-log"
    if not administered:
        return LineResult(
            value=_("We hold admin access on none of the client's assets."),
            verdict="unknown",
            evidence=evidence,
        )
    undocumented = sum(1 for v in reversibility.violations if v.rule is ACTIONS_DOCUMENTED)
    documented = administered - undocumented
    return LineResult(
        value=ngettext(
            "%(n)d of %(total)d asset we administer has its actions documented (R-OWN 11).",
            "%(n)d of %(total)d assets we administer have their actions documented (R-OWN 11).",
            administered,
        )
        % {"n": documented, "total": administered},
        verdict=_verdict(documented / administered, good=1.0, watch=0.75),
        evidence=evidence,
    )


def keeps_client_in_control(*, actor, client, today: dt.date) -> LineResult:
    """R-OWN reversibility: the ownership checks (1–10) the client's assets pass, so that the
    client owns and controls everything on the last day."""
    reversibility, administered = _reversibility(actor, client)
    undocumented = sum(1 for v in reversibility.violations if v.rule is ACTIONS_DOCUMENTED)
    checks = reversibility.checks - administered
    passed = reversibility.passed - (administered - undocumented)
    evidence = f"{reverse('client_assets', args=[client.pk])}#reversibility"
    if not checks:
        return LineResult(
            value=_("No asset registered to check yet."), verdict="unknown", evidence=evidence
        )
    if passed < checks:
        value = ngettext(
            "%(passed)d of %(checks)d ownership check passes: the client does not yet own "
            "and control everything it should.",
            "%(passed)d of %(checks)d ownership checks pass: the client does not yet own "
            "and control everything it should.",
            checks,
        )
    else:
        value = ngettext(
            "%(passed)d of %(checks)d ownership check passes: the client owns and controls "
            "what it should.",
            "%(passed)d of %(checks)d ownership checks pass: the client owns and controls "
            "what it should.",
            checks,
        )
    return LineResult(
        value=value % {"passed": passed, "checks": checks},
        verdict=_verdict(passed / checks, good=1.0, watch=0.75),
        evidence=evidence,
    )


LINES = [
    ScorecardLine(CLIENT_SIDE, "pays_on_time", gettext_lazy("Pays on time"), pays_on_time, 10),
    ScorecardLine(CLIENT_SIDE, "is_available", gettext_lazy("Is available"), is_available, 30),
    ScorecardLine(
        CLIENT_SIDE,
        "documents_processes",
        gettext_lazy("Documents its processes"),
        documents_processes,
        40,
    ),
    ScorecardLine(
        CLIENT_SIDE,
        "follows_or_refuses_advice",
        gettext_lazy("Follows advice or explicitly refuses it"),
        follows_or_refuses_advice,
        50,
    ),
    ScorecardLine(PROVIDER_SIDE, "communicates", gettext_lazy("Communicates"), communicates, 10),
    ScorecardLine(
        PROVIDER_SIDE,
        "documents_actions",
        gettext_lazy("Documents its actions"),
        documents_actions,
        30,
    ),
    ScorecardLine(
        PROVIDER_SIDE,
        "keeps_client_in_control",
        gettext_lazy("Keeps the client in control"),
        keeps_client_in_control,
        40,
    ),
]


def register():
    for line in LINES:
        register_scorecard_line(line)
