"""Reads on support requests and SLAs: lists, clocks, breaches and compliance (DOMAIN §4).

Compliance is computed, never stored: a request is judged in the window (month or quarter, in
the workspace's time zone) where its measured event happened (first response, resolution),
or, while its clock still runs, in the window where the clock passed the target (a breach).
Cancelled requests never count; proposals (SLAs not agreed yet) count for nothing outside
their own panel. Each figure reads the requests of the windows concerned only, by the
date indexes, never the whole history.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone

from pacte.kernel.business_time import BusinessCalendar
from pacte.kernel.permissions import Perm
from pacte.kernel.selectors import business_calendar
from pacte.kernel.tenancy import Actor
from pacte.kernel.transitions import Move

from . import clocks
from .models import (
    RUNNING_STATES,
    SUPPORT_REQUEST_TRANSITIONS,
    Category,
    RequestStatus,
    Sla,
    SlaMeasurement,
    SlaMetric,
    SupportRequest,
    SupportRequestWait,
)
from .windows import instants, previous_window, window_of

# --- Lists ----------------------------------------------------------------------------------

# Requests looked at for the "breached" filter of the workspace's list: the newest ones.
BREACH_SCAN_LIMIT = 1000


def support_request_list(
    *,
    actor: Actor,
    client=None,
    engagement=None,
    status: str = "",
    priority: str = "",
    running: bool = False,
) -> QuerySet[SupportRequest]:
    """Requests, newest first: an index led by the workspace serves each order (the
    workspace's, a client's, an engagement's, a status's)."""
    actor.require(Perm.CLIENT_VIEW)
    actor.require(Perm.OPERATIONS_VIEW)  # per-contact rights (DOMAIN §9): operations
    qs = SupportRequest.objects.for_actor(actor).select_related("client", "contact", "engagement")
    if client is not None:
        qs = qs.filter(client=client)
    if engagement is not None:
        qs = qs.filter(engagement=engagement)
    if status:
        qs = qs.filter(status=status)
    elif running:
        qs = qs.filter(status__in=RUNNING_STATES)
    if priority:
        qs = qs.filter(priority=priority)
    return qs.order_by("-received_at", "-pk")


def support_request_get(*, actor: Actor, request_id) -> SupportRequest:
    actor.require(Perm.CLIENT_VIEW)
    actor.require(Perm.OPERATIONS_VIEW)  # per-contact rights (DOMAIN §9): operations
    return actor.get_or_404(
        SupportRequest.objects.select_related("client", "contact", "engagement", "opened_by"),
        pk=request_id,
    )


def available_moves(*, actor: Actor, obj: SupportRequest) -> list[Move]:
    """The moves of SUPPORT_REQUEST_TRANSITIONS this actor may make now (no query)."""
    return SUPPORT_REQUEST_TRANSITIONS.available(actor, obj.status)


def request_waits(*, actor: Actor, request: SupportRequest) -> list[SupportRequestWait]:
    return list(
        SupportRequestWait.objects.for_actor(actor)
        .filter(request=request)
        .order_by("started_at", "pk")
    )


def sla_list(*, actor: Actor, client=None, engagement=None, agreed=None) -> QuerySet[Sla]:
    actor.require(Perm.CLIENT_VIEW)
    actor.require(Perm.OPERATIONS_VIEW)  # per-contact rights (DOMAIN §9): operations
    qs = Sla.objects.for_actor(actor).select_related("client", "engagement")
    if client is not None:
        qs = qs.filter(client=client)
    if engagement is not None:
        qs = qs.filter(engagement=engagement)
    if agreed is True:
        qs = qs.filter(agreed_on__isnull=False)
    elif agreed is False:
        qs = qs.filter(agreed_on__isnull=True)
    if client is None and engagement is None:
        return qs.order_by("-created_at", "-pk")  # sla_ws_idx
    return qs.order_by("metric", "pk")  # sla_client_idx, sla_eng_idx


def sla_get(*, actor: Actor, sla_id) -> Sla:
    actor.require(Perm.CLIENT_VIEW)
    actor.require(Perm.OPERATIONS_VIEW)  # per-contact rights (DOMAIN §9): operations
    return actor.get_or_404(Sla.objects.select_related("client", "engagement"), pk=sla_id)


def slas_for_page(*, actor: Actor, client, engagement=None) -> list[Sla]:
    """The SLAs an engagement page shows: the engagement's and its client's own (one query);
    on the client page (no engagement), the client's own."""
    actor.require(Perm.CLIENT_VIEW)
    actor.require(Perm.OPERATIONS_VIEW)  # per-contact rights (DOMAIN §9): operations
    qs = Sla.objects.for_actor(actor).filter(client=client).select_related("engagement")
    if engagement is not None:
        qs = qs.filter(Q(engagement=engagement) | Q(engagement__isnull=True))
    else:
        qs = qs.filter(engagement__isnull=True)
    return list(qs.order_by("metric", "pk"))


# --- Clocks and judgements ------------------------------------------------------------------


def applies(sla: Sla, request: SupportRequest) -> bool:
    """Whether the SLA measures this request: its client (or its engagement), its priority
    when one is set (every priority otherwise), changes only for the delivery delay; never a
    cancelled request, never availability (measured by hand)."""
    if not sla.measures_requests or request.status == RequestStatus.CANCELLED:
        return False
    if request.client_id != sla.client_id:
        return False
    if sla.engagement_id is not None and request.engagement_id != sla.engagement_id:
        return False
    if sla.priority and request.priority != sla.priority:
        return False
    # The delivery delay is the resolution clock of changes only.
    return sla.metric != SlaMetric.DELIVERY_DELAY or request.category == Category.CHANGE


def _pauses(waits: Iterable[SupportRequestWait]) -> list[tuple]:
    return [(w.started_at, w.ended_at) for w in waits]


def request_clock(
    sla: Sla,
    request: SupportRequest,
    waits: Iterable[SupportRequestWait],
    calendar: BusinessCalendar,
    now: dt.datetime,
) -> clocks.Clock:
    """The request's clock against the SLA's target, in the SLA's calendar."""
    cal = clocks.calendar_for(sla.calendar, calendar)
    if sla.metric == SlaMetric.FIRST_RESPONSE:
        return clocks.response_clock(
            cal,
            received_at=request.received_at,
            first_response_at=request.first_response_at,
            target=sla.target_minutes,
            now=now,
        )
    return clocks.resolution_clock(
        cal,
        received_at=request.received_at,
        resolved_at=request.resolved_at,
        waits=_pauses(waits),
        target=sla.target_minutes,
        now=now,
    )


def _event(sla: Sla, request: SupportRequest) -> dt.datetime | None:
    if sla.metric == SlaMetric.FIRST_RESPONSE:
        return request.first_response_at
    return request.resolved_at


def judgement(
    sla: Sla,
    request: SupportRequest,
    waits: Iterable[SupportRequestWait],
    calendar: BusinessCalendar,
    now: dt.datetime,
) -> tuple[dt.datetime, bool, clocks.Clock] | None:
    """(the instant it is judged at, met?, its clock), or None while it is not judged yet
    (running within its target, or paused before reaching it)."""
    if not applies(sla, request):
        return None
    clock = request_clock(sla, request, waits, calendar, now)
    event = _event(sla, request)
    if event is not None:
        return event, not clock.breached, clock
    if clock.breached and clock.breached_at is not None and clock.breached_at <= now:
        return clock.breached_at, False, clock
    return None


@dataclass(frozen=True)
class Compliance:
    met: int
    judged: int
    ratio: float | None  # None when nothing was judged: "not yet measured", never 0 %
    window_start: dt.date
    window_end: dt.date  # the window's last day

    @property
    def breaches(self) -> int:
        return self.judged - self.met

    @property
    def percent(self) -> int | None:
        return None if self.ratio is None else round(100 * self.ratio)


def _ratio(met: int, judged: int) -> float | None:
    return met / judged if judged else None


def _requests_for(workspace, slas: list[Sla], start: dt.datetime, end: dt.datetime):
    """The requests any of `slas` may judge in [start, end): those whose event falls in it,
    and those still running (a breach may fall in it). Plus their waits. Two queries."""
    clients = {s.client_id for s in slas if s.measures_requests}
    if not clients:
        return [], {}
    in_range = (
        Q(first_response_at__gte=start, first_response_at__lt=end)
        | Q(resolved_at__gte=start, resolved_at__lt=end)
        | Q(status__in=RUNNING_STATES, received_at__lt=end)
    )
    requests = list(
        SupportRequest.objects.in_workspace(workspace)
        .filter(client__in=clients)
        .exclude(status=RequestStatus.CANCELLED)
        .filter(in_range)
        .order_by()
    )
    return requests, _waits_of(workspace, requests)


def _waits_of(workspace, requests) -> dict[int, list[SupportRequestWait]]:
    waits: dict[int, list[SupportRequestWait]] = defaultdict(list)
    ids = [r.pk for r in requests if r.first_response_at is not None]
    if ids:
        for wait in (
            SupportRequestWait.objects.in_workspace(workspace)
            .filter(request_id__in=ids)
            .order_by("started_at", "pk")
        ):
            waits[wait.request_id].append(wait)
    return waits


def _measurements(workspace, slas: list[Sla], since: dt.date, until: dt.date):
    ids = [s.pk for s in slas if s.metric == SlaMetric.AVAILABILITY]
    if not ids:
        return {}
    return {
        (m.sla_id, m.period_start): m
        for m in SlaMeasurement.objects.in_workspace(workspace).filter(
            sla_id__in=ids, period_start__gte=since, period_start__lt=until
        )
    }


def _count(
    sla: Sla,
    requests,
    waits,
    measurements,
    calendar: BusinessCalendar,
    now: dt.datetime,
    start: dt.date,
    end: dt.date,
) -> tuple[int, int]:
    """(met, judged) for one SLA over the dates [start, end)."""
    if sla.metric == SlaMetric.AVAILABILITY:
        met = judged = 0
        for (sla_id, period), m in measurements.items():
            if sla_id == sla.pk and start <= period < end:
                judged += 1
                met += m.value_percent >= sla.target_percent
        return met, judged
    lo, hi = instants(start, end, calendar.time_zone)
    met = judged = 0
    for request in requests:
        found = judgement(sla, request, waits.get(request.pk, ()), calendar, now)
        if found is not None and lo <= found[0] < hi:
            judged += 1
            met += found[1]
    return met, judged


def _window_dates(sla: Sla, period: dt.date | None) -> tuple[dt.date, dt.date]:
    return window_of(sla.window, period or timezone.localdate())


def sla_compliance(*, actor: Actor, sla: Sla, period: dt.date | None = None) -> Compliance:
    """The SLA's compliance over the window holding `period` (today by default): met among
    judged, ratio None when nothing was judged."""
    actor.require(Perm.CLIENT_VIEW)
    start, end = _window_dates(sla, period)
    calendar = business_calendar(actor.workspace)
    lo, hi = instants(start, end, calendar.time_zone)
    requests, waits = _requests_for(actor.workspace, [sla], lo, hi)
    measurements = _measurements(actor.workspace, [sla], start, end)
    met, judged = _count(sla, requests, waits, measurements, calendar, timezone.now(), start, end)
    return Compliance(met, judged, _ratio(met, judged), start, end - dt.timedelta(days=1))


def compliance_of_slas(
    *, actor: Actor, slas: list[Sla], period: dt.date | None = None
) -> dict[int, Compliance]:
    """The current window's compliance of several SLAs (a panel's), in a fixed number of
    queries: one for the requests, one for their waits, one for measurements."""
    if not slas:
        return {}
    today = period or timezone.localdate()
    calendar = business_calendar(actor.workspace)
    windows = {s.pk: window_of(s.window, today) for s in slas}
    first = min(w[0] for w in windows.values())
    last = max(w[1] for w in windows.values())
    lo, hi = instants(first, last, calendar.time_zone)
    requests, waits = _requests_for(actor.workspace, slas, lo, hi)
    measurements = _measurements(actor.workspace, slas, first, last)
    now = timezone.now()
    result = {}
    for sla in slas:
        start, end = windows[sla.pk]
        met, judged = _count(sla, requests, waits, measurements, calendar, now, start, end)
        result[sla.pk] = Compliance(met, judged, _ratio(met, judged), start, end - dt.timedelta(1))
    return result


def client_sla_standing(*, actor: Actor, client, since: dt.date, until: dt.date) -> tuple[int, int]:
    """(met, judged) over every agreed SLA of the client, for the events from `since` to
    `until` (both included). Governance reads it for its stage rules."""
    actor.require(Perm.CLIENT_VIEW)
    slas = list(
        Sla.objects.for_actor(actor).filter(client=client, agreed_on__isnull=False).order_by()
    )
    if not slas:
        return 0, 0
    end = until + dt.timedelta(days=1)
    calendar = business_calendar(actor.workspace)
    lo, hi = instants(since, end, calendar.time_zone)
    requests, waits = _requests_for(actor.workspace, slas, lo, hi)
    measurements = _measurements(actor.workspace, slas, since, end)
    now = timezone.now()
    met = judged = 0
    for sla in slas:
        m, j = _count(sla, requests, waits, measurements, calendar, now, since, end)
        met, judged = met + m, judged + j
    return met, judged


# --- Breaches on requests -------------------------------------------------------------------


@dataclass(frozen=True)
class SlaClock:
    """One applicable SLA's clock on a request, for its page."""

    sla: Sla
    clock: clocks.Clock
    judged: bool

    @property
    def breached(self) -> bool:
        return self.clock.breached


def request_clocks(
    *, actor: Actor, request: SupportRequest, waits: list[SupportRequestWait]
) -> list[SlaClock]:
    """Every SLA (agreed or proposed) that measures this request, with its clock (one
    query for the SLAs)."""
    calendar = business_calendar(actor.workspace)
    now = timezone.now()
    slas = (
        Sla.objects.for_actor(actor)
        .filter(client_id=request.client_id)
        .select_related("engagement")
        .order_by("metric", "pk")
    )
    result = []
    for sla in slas:
        if applies(sla, request):
            clock = request_clock(sla, request, waits, calendar, now)
            result.append(SlaClock(sla, clock, clock.stopped or clock.breached))
    return result


def breaches_of(
    *, actor: Actor, requests: list[SupportRequest], slas: list[Sla] | None = None
) -> dict[int, list[Sla]]:
    """For each request of a page, the agreed SLAs it breached (or is breaching now). Two
    queries whatever the number of requests: the SLAs of their clients (unless the page
    read them: `slas`), and their waits."""
    return {
        pk: [sla for sla, _clock in found]
        for pk, found in breach_clocks_of(actor=actor, requests=requests, slas=slas).items()
    }


def breach_clocks_of(
    *, actor: Actor, requests: list[SupportRequest], slas: list[Sla] | None = None
) -> dict[int, list[tuple[Sla, clocks.Clock]]]:
    """`breaches_of` with the clock of each breach (its `breached_at`): the same two queries."""
    if not requests:
        return {}
    if slas is None:
        clients = {r.client_id for r in requests}
        slas = list(
            Sla.objects.for_actor(actor)
            .filter(client_id__in=clients, agreed_on__isnull=False)
            .order_by("metric", "pk")
        )
    slas = [s for s in slas if s.is_agreed and s.measures_requests]
    if not slas:
        return {r.pk: [] for r in requests}
    waits = _waits_of(actor.workspace, requests)
    calendar = business_calendar(actor.workspace)
    now = timezone.now()
    result = {}
    for request in requests:
        found = []
        for sla in slas:
            if not applies(sla, request):
                continue
            clock = request_clock(sla, request, waits.get(request.pk, ()), calendar, now)
            if clock.breached:
                found.append((sla, clock))
        result[request.pk] = found
    return result


def breached_requests(*, actor: Actor, queryset: QuerySet[SupportRequest]) -> list[SupportRequest]:
    """The requests of `queryset` (its newest BREACH_SCAN_LIMIT) that breached an agreed SLA,
    in its order."""
    rows = list(queryset[:BREACH_SCAN_LIMIT])
    flags = breaches_of(actor=actor, requests=rows)
    return [r for r in rows if flags.get(r.pk)]


# The dashboard looks at the requests of the last weeks, newest first, at most this many.
RECENT_BREACH_DAYS = 30
RECENT_BREACH_SCAN = 200


def recent_breaches(*, actor: Actor, limit: int = 8) -> list[tuple[SupportRequest, list[Sla]]]:
    """The requests of the last 30 days that breached an agreed SLA, or are breaching one
    now, newest first (the dashboard): four queries, at most RECENT_BREACH_SCAN requests
    read, in the order of the workspace's index."""
    return [
        (request, [sla for sla, _clock in found])
        for request, found in recent_breach_clocks(actor=actor)[:limit]
    ]


def recent_breach_clocks(
    *, actor: Actor
) -> list[tuple[SupportRequest, list[tuple[Sla, clocks.Clock]]]]:
    """`recent_breaches`, every one, with the clock of each breach: when it passed its
    target (the reminders date each breach by it). The same four queries."""
    actor.require(Perm.INTERNAL_VIEW)
    since = timezone.now() - dt.timedelta(days=RECENT_BREACH_DAYS)
    rows = list(
        support_request_list(actor=actor)
        .filter(received_at__gte=since)
        .exclude(status=RequestStatus.CANCELLED)[:RECENT_BREACH_SCAN]
    )
    found = breach_clocks_of(actor=actor, requests=rows)
    return [(r, found[r.pk]) for r in rows if found.get(r.pk)]


# --- Bulk, for the health signals and the scorecard -----------------------------------------


def standing_by_sla(
    *, workspace, slas: list[Sla], windows: dict[int, list[tuple[dt.date, dt.date]]]
) -> dict[int, tuple[int, int]]:
    """(met, judged) of each SLA over its own windows: three queries for all of them."""
    if not slas:
        return {}
    calendar = business_calendar(workspace)
    first = min(w[0] for ws in windows.values() for w in ws)
    last = max(w[1] for ws in windows.values() for w in ws)
    lo, hi = instants(first, last, calendar.time_zone)
    requests, waits = _requests_for(workspace, slas, lo, hi)
    by_client = defaultdict(list)
    for request in requests:
        by_client[request.client_id].append(request)
    measurements = _measurements(workspace, slas, first, last)
    now = timezone.now()
    result = {}
    for sla in slas:
        met = judged = 0
        for start, end in windows[sla.pk]:
            m, j = _count(
                sla, by_client[sla.client_id], waits, measurements, calendar, now, start, end
            )
            met, judged = met + m, judged + j
        result[sla.pk] = (met, judged)
    return result


def current_and_previous(kind: str, today: dt.date) -> list[tuple[dt.date, dt.date]]:
    current = window_of(kind, today)
    return [previous_window(kind, current[0]), current]
