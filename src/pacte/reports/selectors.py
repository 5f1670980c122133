"""Reads of status reports (DOMAIN §2), always scoped to the actor: members see every report
of their workspace, the client's people only the reports sent to their own client."""

from __future__ import annotations

import datetime as dt
import importlib.util
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from pacte.assets.models import AssetKind
from pacte.assets.selectors import action_log_list
from pacte.clients.models import Channel, Client, Contact, ReportFrequency
from pacte.clients.selectors import contact_list
from pacte.deadlines.selectors import deadline_list
from pacte.decisions.models import RecommendationStatus
from pacte.decisions.selectors import recommendation_list
from pacte.engagements.models import Engagement, EngagementStatus
from pacte.exchanges.models import Direction
from pacte.exchanges.selectors import exchange_list
from pacte.governance.selectors import client_scorecard, engagement_started_on
from pacte.kernel.permissions import Perm
from pacte.kernel.tenancy import Actor
from pacte.risks.models import RiskStatus
from pacte.risks.selectors import risk_list
from pacte.support.selectors import client_sla_standing, sla_list

from .models import ReportStatus, StatusReport
from .writing import Facts, Item, day, one_line

# Items listed per section; what is beyond is counted ("and 12 more").
SECTION_LIMIT = 60
# The cancel-by dates a report announces: those of the next two months.
DEADLINE_DAYS = 60
# Sent reports on the portal home (the portal's list has them all, a page at a time).
PORTAL_HOME_LIMIT = 5


_UNREAD = object()


def _reports(actor: Actor) -> QuerySet[StatusReport]:
    actor.require(Perm.REPORT_VIEW)
    qs = StatusReport.objects.for_actor(actor).select_related(
        "engagement", "client", "created_by", "reviewed_by", "sent_by"
    )
    if actor.is_portal:
        # The client's people read what was sent to them, never a draft.
        qs = qs.filter(status=ReportStatus.SENT)
    return qs


def reports_of_engagement(*, actor: Actor, engagement: Engagement) -> QuerySet[StatusReport]:
    """The engagement's reports, latest period first (report_engagement_idx)."""
    return _reports(actor).filter(engagement=engagement).order_by("-period_end", "-pk")


def report_list(*, actor: Actor, engagement: Engagement | None = None) -> QuerySet[StatusReport]:
    """The workspace's reports (or one engagement's), latest period first (the command)."""
    if engagement is not None:
        return reports_of_engagement(actor=actor, engagement=engagement)
    return _reports(actor).order_by("-period_end", "-pk")


def report_get(*, actor: Actor, report_id) -> StatusReport:
    """One report; NotFound for another workspace's, and in the portal for a draft or
    another client's."""
    return actor.get_or_404(_reports(actor), pk=report_id)


def sent_reports_for_portal(*, actor: Actor) -> QuerySet[StatusReport]:
    """The reports sent to the portal user's client, newest first (report_client_sent_idx)."""
    actor.require(Perm.PORTAL_VIEW)
    return _reports(actor).order_by("-sent_at", "-pk")


def report_recipients(*, actor: Actor, client: Client) -> list[Contact]:
    """Who receives the client's reports: each contact designated (for decisions, operations
    or billing) who has an email address, once per address. The designated contacts are the
    client's own choice of who speaks for it (R-CONTACTS); reports go to them, not to
    whoever happened to write once."""
    seen, found = set(), []
    for contact in contact_list(actor=actor, client=client).filter(
        Q(for_decisions=True) | Q(for_operations=True) | Q(for_billing=True)
    ):
        email = (contact.email or "").strip()
        if email and email.lower() not in seen:
            seen.add(email.lower())
            found.append(contact)
    return found


def default_period(
    *, actor: Actor, engagement: Engagement, today: dt.date | None = None, latest=_UNREAD
):
    """The period the generate form proposes: from the day after the latest report's end
    (or a month back) up to today. `latest`: the latest report (or None) when the page
    already read it."""
    today = today or timezone.localdate()
    if latest is _UNREAD:
        latest = reports_of_engagement(actor=actor, engagement=engagement).first()
    start = latest.period_end + dt.timedelta(days=1) if latest else today - relativedelta(months=1)
    return min(start, today), today


def pdf_available() -> bool:
    """WeasyPrint is optional (the `pdf` extra): without it there is no PDF link."""
    return importlib.util.find_spec("weasyprint") is not None


# --- The facts of a period ------------------------------------------------------------------


def _bounded(qs, limit: int = SECTION_LIMIT) -> tuple[list, int]:
    rows = list(qs[: limit + 1])
    if len(rows) <= limit:
        return rows, 0
    return rows[:limit], qs.count() - limit


def _exchange_item(e) -> Item:
    who = str(Direction(e.direction).label) if e.direction in Direction.values else ""
    channel = str(Channel(e.channel).label) if e.channel in Channel.values else e.channel
    return Item(
        e.occurred_on,
        _("%(channel)s (%(direction)s): %(summary)s")
        % {"channel": channel, "direction": who.lower(), "summary": one_line(e.summary)},
    )


def _action_item(a) -> Item:
    text = one_line(a.what)
    if a.asset is not None:
        text += f" [{a.asset.identifier}]"
    if a.result:
        text = _("%(action)s: %(result)s") % {"action": text, "result": one_line(a.result)}
    return Item(a.done_on, text)


def _kind_label(kind: str) -> str:
    return str(AssetKind(kind).label) if kind in AssetKind.values else kind


def report_facts(
    *,
    actor: Actor,
    engagement: Engagement,
    period_start: dt.date,
    period_end: dt.date,
    today: dt.date | None = None,
) -> Facts:
    """Everything a report of `engagement` for the period says, read through each area's own
    selectors (so each keeps its rules): the period's exchanges about the engagement or the
    client in general, the actions done, the recommendations awaiting the client's answer,
    the risks announced to the client (never one not announced yet), the cancel-by dates of
    the client's assets in the next DEADLINE_DAYS days, and where SLAs are agreed, how they
    were met, with the two-sided scorecard. A fixed number of queries."""
    today = today or timezone.localdate()
    client = engagement.client
    about = Q(engagement=engagement) | Q(engagement__isnull=True)
    exchanges, exchanges_more = _bounded(
        exchange_list(actor=actor, client=client)
        .filter(about, occurred_on__gte=period_start, occurred_on__lte=period_end)
        .order_by("occurred_on", "pk")
    )
    actions, actions_more = _bounded(
        action_log_list(actor=actor, client=client)
        .filter(about, done_on__gte=period_start, done_on__lte=period_end)
        .order_by("done_on", "pk")
    )
    awaiting = (
        recommendation_list(actor=actor, engagement=engagement)
        .filter(status__in=[RecommendationStatus.OPEN, RecommendationStatus.DEFERRED])
        .prefetch_related(None)
        .order_by("made_on", "pk")[:SECTION_LIMIT]
    )
    # R-NO's counterpart for risks: only what was said to the client goes to the client.
    risks = (
        risk_list(actor=actor, engagement=engagement)
        .filter(announced_on__isnull=False, announced_on__lte=period_end)
        .exclude(status=RiskStatus.CLOSED)
        .order_by("announced_on", "pk")[:SECTION_LIMIT]
    )
    deadlines = deadline_list(actor=actor, within_days=DEADLINE_DAYS, client=client, today=today)
    facts = Facts(
        client_name=client.name,
        engagement_title=engagement.title,
        period_start=period_start,
        period_end=period_end,
        exchanges=[_exchange_item(e) for e in exchanges],
        exchanges_more=exchanges_more,
        actions=[_action_item(a) for a in actions],
        actions_more=actions_more,
        decisions=[Item(r.made_on, one_line(r.title)) for r in awaiting],
        risks=[
            Item(
                r.announced_on,
                one_line(r.description)
                + f" ({r.get_status_display()})"
                + (f": {one_line(r.mitigation)}" if r.mitigation else ""),
            )
            for r in risks
        ],
        deadlines=[
            Item(d.cancel_by, f"{_kind_label(d.kind)} {d.identifier} ({day_text(d.renewal_date)})")
            for d in deadlines[:SECTION_LIMIT]
        ],
    )
    if sla_list(actor=actor, client=client, agreed=True).exists():
        facts.sla = client_sla_standing(
            actor=actor, client=client, since=period_start, until=min(period_end, today)
        )
    # The two-sided scorecard, as the client sees it in the portal: the lines with data.
    facts.scorecard = {
        side: [
            (str(line.label), result.value) for line, result in rows if result.verdict != "unknown"
        ]
        for side, rows in client_scorecard(actor=actor, client=client, today=today).items()
    }
    return facts


def day_text(renewal: dt.date) -> str:
    """How a deadline's renewal reads in a report: "renews on 12/03/2027"."""
    return _("renews on %(date)s") % {"date": day(renewal)}


# --- Reports due (the reminder) -------------------------------------------------------------

# How often each frequency expects a report. Monthly and quarterly go by the calendar (the
# 31st of January is followed by the last day of February), the others by days.
FREQUENCY_STEP = {
    ReportFrequency.WEEKLY: relativedelta(days=7),
    ReportFrequency.FORTNIGHTLY: relativedelta(days=14),
    ReportFrequency.MONTHLY: relativedelta(months=1),
    ReportFrequency.QUARTERLY: relativedelta(months=3),
}


@dataclass(frozen=True)
class ReportDue:
    engagement: Engagement
    client: Client
    frequency: str
    last_sent_on: dt.date | None  # None: no report sent yet, counted from the start
    due_on: dt.date


def report_due_clients(*, actor: Actor, today: dt.date | None = None) -> list[ReportDue]:
    """The active engagements whose client asked for reports at a set frequency (not on
    demand) and whose latest sent report (or, before any, the engagement's start) is older
    than that frequency: one per engagement, since a report is an engagement's. One query
    whatever the number of clients."""
    actor.require(Perm.REPORT_VIEW)
    today = today or timezone.localdate()
    last_sent = (
        StatusReport.objects.for_actor(actor)
        .filter(engagement=OuterRef("pk"), status=ReportStatus.SENT)
        .order_by("-sent_at", "-pk")
        .values("sent_at")[:1]
    )
    rows = (
        Engagement.objects.for_actor(actor)
        .filter(status=EngagementStatus.ACTIVE, client__report_frequency__in=list(FREQUENCY_STEP))
        .select_related("client")
        .annotate(last_sent_at=Subquery(last_sent))
        .order_by("pk")
    )
    found = []
    for engagement in rows:
        last = timezone.localdate(engagement.last_sent_at) if engagement.last_sent_at else None
        since = last or engagement_started_on(engagement)
        due_on = since + FREQUENCY_STEP[engagement.client.report_frequency]
        if due_on <= today:
            found.append(
                ReportDue(
                    engagement=engagement,
                    client=engagement.client,
                    frequency=engagement.client.report_frequency,
                    last_sent_on=last,
                    due_on=due_on,
                )
            )
    return found
