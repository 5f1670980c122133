"""Writes on support requests and SLAs (DOMAIN §4): logged by members (after the fact too),
opened by the client in the portal; SLAs proposed by the provider and agreed by either side."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pacte.clients.models import Client, Contact
from pacte.engagements.models import Engagement
from pacte.kernel import ledger
from pacte.kernel.errors import Conflict, InvalidInput, NotFound, full_clean_or_raise
from pacte.kernel.permissions import Perm
from pacte.kernel.tenancy import Actor
from pacte.kernel.validation import (
    parse_choice,
    parse_date,
    parse_decimal,
    parse_int,
    require_text,
)

from .models import (
    SUPPORT_REQUEST_TRANSITIONS,
    Category,
    Priority,
    RequestChannel,
    RequestStatus,
    Sla,
    SlaCalendar,
    SlaMeasurement,
    SlaMetric,
    SlaWindow,
    SupportRequest,
    SupportRequestWait,
)
from .windows import window_of

S = RequestStatus
# How far back a request may be logged after the fact.
OLDEST_DAYS = 3660
# A target of a year of minutes at most.
MAX_TARGET_MINUTES = 525_600


def parse_instant(value, *, field: str, required: bool = False) -> dt.datetime | None:
    """An aware instant from a datetime or an ISO 8601 text; a naive one is read in the
    workspace's time zone. None (or "") gives None unless `required`."""
    if value in (None, ""):
        if required:
            raise InvalidInput(
                _("This field is required."), fields={field: [_("This field is required.")]}
            )
        return None
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value.strip())
        except ValueError:
            raise InvalidInput(
                _("Give a date and time such as 2026-05-08T17:00."),
                fields={field: [_("Not a date and time.")]},
            ) from None
    if not isinstance(value, dt.datetime):
        raise InvalidInput(
            _("Give a date and time such as 2026-05-08T17:00."),
            fields={field: [_("Not a date and time.")]},
        )
    if timezone.is_naive(value):
        try:
            value = timezone.make_aware(value)
        except (ValueError, OverflowError):
            raise InvalidInput(
                _("This time does not exist in the workspace's time zone."),
                fields={field: [_("Not a date and time.")]},
            ) from None
    return value


def _not_in_future(at: dt.datetime, *, field: str, now: dt.datetime) -> None:
    if at > now:
        raise InvalidInput(
            _("This cannot be dated in the future."),
            code="in_future",
            fields={field: [_("In the future.")]},
        )


def _local(at: dt.datetime) -> str:
    return timezone.localtime(at).strftime("%Y-%m-%d %H:%M")


# --- Requests -------------------------------------------------------------------------------


def support_request_open(
    *,
    actor: Actor,
    client_id: int | None = None,
    summary: str,
    received_at=None,
    engagement_id=None,
    contact_id=None,
    channel: str = "",
    details: str = "",
    priority: str = Priority.NORMAL,
    category: str = Category.QUESTION,
) -> SupportRequest:
    """Log a request (members, after the fact too) or open one (the client in the portal:
    received now, by the contact with their address, through the portal)."""
    actor.require(Perm.SUPPORT_REQUEST_OPEN)
    summary = require_text(summary, field="summary", max_length=200)
    priority = parse_choice(priority or Priority.NORMAL, Priority, field="priority")
    category = parse_choice(category or Category.QUESTION, Category, field="category")
    now = timezone.now()
    if actor.is_portal:
        client_id = actor.client_id
        channel = RequestChannel.PORTAL
        received = now
        contact_id = None
    else:
        channel = parse_choice(channel or RequestChannel.EMAIL, RequestChannel, field="channel")
        received = parse_instant(received_at, field="received_at") or now
        _not_in_future(received, field="received_at", now=now)
        if received < now - dt.timedelta(days=OLDEST_DAYS):
            raise InvalidInput(
                _("A request is logged within ten years of today."),
                code="too_old",
                fields={"received_at": [_("More than ten years ago.")]},
            )
    with transaction.atomic():
        client = actor.get_or_404(Client.objects.all(), pk=client_id)
        engagement = None
        if engagement_id not in (None, ""):
            engagement = (
                Engagement.objects.for_actor(actor).filter(pk=_as_id(engagement_id)).first()
            )
            if engagement is None:
                raise NotFound()
            if engagement.client_id != client.pk:
                raise InvalidInput(
                    _("This engagement is not one of the client's."),
                    code="engagement_of_another_client",
                    fields={"engagement_id": [_("Not an engagement of this client.")]},
                )
            _within_engagement(engagement, received)
        contact = None
        if actor.is_portal:
            if actor.user is not None and actor.user.email:
                contact = (
                    Contact.objects.for_actor(actor)
                    .filter(client=client, email__iexact=actor.user.email)
                    .order_by("pk")
                    .first()
                )
        elif contact_id not in (None, ""):
            contact = Contact.objects.for_actor(actor).filter(pk=_as_id(contact_id)).first()
            if contact is None:
                raise NotFound()
            if contact.client_id != client.pk:
                raise InvalidInput(
                    _("This contact is not one of the client's."),
                    code="contact_of_another_client",
                    fields={"contact_id": [_("Not a contact of this client.")]},
                )
        request = SupportRequest(
            workspace=actor.workspace,
            client=client,
            engagement=engagement,
            contact=contact,
            channel=channel,
            summary=summary,
            details=(details or "").strip(),
            priority=priority,
            category=category,
            received_at=received,
            status=S.OPEN,
            opened_in_portal=actor.is_portal,
            opened_by=actor.user,
        )
        full_clean_or_raise(request)
        request.save()
        ledger.append(
            actor=actor,
            action="support_request.opened",
            subject=request,
            payload={
                "client": client.name,
                "summary": summary,
                "priority": priority,
                "received_at": received,
                "contact": contact.full_name if contact else "",
                "in_portal": actor.is_portal,
            },
        )
    return request


def _as_id(value) -> int:
    """A row's id as given, or NotFound for what cannot be one."""
    try:
        return int(value)
    except (TypeError, ValueError):
        raise NotFound() from None


def _within_engagement(engagement: Engagement, received: dt.datetime) -> None:
    """A past request is dated within its engagement's dates."""
    day = timezone.localdate(received)
    start = engagement.starts_on or engagement.activated_on
    if (start and day < start) or (engagement.ends_on and day > engagement.ends_on):
        raise InvalidInput(
            _("A request of this engagement is dated within its dates (%(start)s – %(end)s).")
            % {"start": start or "…", "end": engagement.ends_on or "…"},
            code="outside_engagement",
            fields={"received_at": [_("Outside the engagement's dates.")]},
        )


def _previous_event(request: SupportRequest, waits: list[SupportRequestWait]):
    """The latest instant already on record: a move cannot be dated before it."""
    instants = [request.received_at, request.first_response_at]
    for wait in waits:
        instants += [wait.started_at, wait.ended_at]
    return max(i for i in instants if i is not None)


def support_request_move(*, actor: Actor, request_id: int, move: str, at=None) -> SupportRequest:
    """One move of SUPPORT_REQUEST_TRANSITIONS, dated `at` (now by default): never in the
    future, never before the request's previous event."""
    move_name = str(move).replace("-", "_")
    if move_name not in SUPPORT_REQUEST_TRANSITIONS.moves:
        raise InvalidInput(_("Unknown move."), fields={"move": [_("Unknown move.")]})
    actor.require(SUPPORT_REQUEST_TRANSITIONS.move(move_name).perm)
    now = timezone.now()
    instant = parse_instant(at, field="at") or now
    _not_in_future(instant, field="at", now=now)
    with transaction.atomic():
        request = actor.get_or_404(SupportRequest.objects.select_for_update(), pk=request_id)
        SUPPORT_REQUEST_TRANSITIONS.check(request.status, move_name)
        waits = list(request.waits.order_by("started_at", "pk"))
        previous = _previous_event(request, waits)
        if instant < previous:
            raise InvalidInput(
                _("This move cannot be dated before the request's previous event (%(at)s).")
                % {"at": _local(previous)},
                code="before_previous_event",
                fields={"at": [_("Before the previous event.")]},
            )
        fields = ["status"]
        open_wait = next((w for w in waits if w.ended_at is None), None)
        if move_name == "respond":
            request.first_response_at = instant
            fields.append("first_response_at")
        elif move_name == "wait_for_client":
            SupportRequestWait.objects.create(
                workspace=actor.workspace, request=request, started_at=instant
            )
        elif move_name in ("client_replied", "resolve", "cancel") and open_wait is not None:
            open_wait.ended_at = instant
            open_wait.save(update_fields=["ended_at"])
        if move_name == "resolve":
            request.resolved_at = instant
            fields.append("resolved_at")
            if request.first_response_at is None:
                # Resolving an open request: the resolution was the first response.
                request.first_response_at = instant
                fields.append("first_response_at")
        elif move_name == "cancel":
            request.cancelled_at = instant
            fields.append("cancelled_at")
        request.status = SUPPORT_REQUEST_TRANSITIONS.move(move_name).target
        request.save(update_fields=fields)
        ledger.append(
            actor=actor,
            action="support_request.moved",
            subject=request,
            payload={"summary": request.summary, "move": move_name, "at": instant},
        )
    return request


def support_request_respond(*, actor: Actor, request_id: int, at=None) -> SupportRequest:
    return support_request_move(actor=actor, request_id=request_id, move="respond", at=at)


def support_request_resolve(*, actor: Actor, request_id: int, at=None) -> SupportRequest:
    return support_request_move(actor=actor, request_id=request_id, move="resolve", at=at)


# --- SLAs -----------------------------------------------------------------------------------


def sla_propose(
    *,
    actor: Actor,
    metric: str,
    client_id=None,
    engagement_id=None,
    target_minutes=None,
    target_percent=None,
    window: str = SlaWindow.MONTH,
    priority: str = "",
    calendar: str = SlaCalendar.BUSINESS_HOURS,
    agreed_on=None,
    agreed_by: str = "",
) -> Sla:
    """Propose an SLA for an engagement (or a whole client). Given `agreed_on`, it is
    recorded as agreed on that day (a negotiation concluded elsewhere)."""
    actor.require(Perm.SLA_EDIT)
    metric = parse_choice(metric, SlaMetric, field="metric")
    window = parse_choice(window or SlaWindow.MONTH, SlaWindow, field="window")
    calendar = parse_choice(calendar or SlaCalendar.BUSINESS_HOURS, SlaCalendar, field="calendar")
    priority = parse_choice(priority, Priority, field="priority") if priority else ""
    minutes, percent = None, None
    if metric == SlaMetric.AVAILABILITY:
        percent = parse_decimal(
            target_percent,
            field="target_percent",
            minimum=Decimal(0),
            maximum=Decimal(100),
            above_minimum=True,
            message=_("An availability target is a percentage above 0, at most 100."),
            field_message=_("A percentage above 0, at most 100."),
        )
    else:
        minutes = parse_int(
            target_minutes,
            field="target_minutes",
            minimum=1,
            maximum=MAX_TARGET_MINUTES,
            message=_("A target is a number of business minutes, at least 1."),
            field_message=_("A whole number of minutes, at least 1."),
        )
    day = parse_date(agreed_on, field="agreed_on", required=False)
    if day and day > timezone.localdate():
        raise InvalidInput(
            _("An agreement cannot be dated in the future."),
            code="in_future",
            fields={"agreed_on": [_("In the future.")]},
        )
    with transaction.atomic():
        engagement = None
        if engagement_id not in (None, ""):
            engagement = actor.get_or_404(
                Engagement.objects.select_related("client"), pk=engagement_id
            )
            if client_id not in (None, "") and int(client_id) != engagement.client_id:
                raise InvalidInput(
                    _("This engagement is not one of the client's."),
                    code="engagement_of_another_client",
                    fields={"engagement_id": [_("Not an engagement of this client.")]},
                )
            client = engagement.client
        elif client_id not in (None, ""):
            client = actor.get_or_404(Client.objects.all(), pk=client_id)
        else:
            raise InvalidInput(
                _("Name the engagement or the client the SLA is for."),
                fields={"engagement_id": [_("This field is required.")]},
            )
        sla = Sla(
            workspace=actor.workspace,
            client=client,
            engagement=engagement,
            metric=metric,
            target_minutes=minutes,
            target_percent=percent,
            window=window,
            priority=priority,
            calendar=calendar,
            agreed_on=day,
            agreed_by=(agreed_by or "").strip() if day else "",
            proposed_by=actor.user,
        )
        full_clean_or_raise(sla)
        sla.save()
        ledger.append(
            actor=actor,
            action="sla.proposed",
            subject=sla,
            payload={
                "client": client.name,
                "engagement": engagement.title if engagement else "",
                "metric": metric,
                "target_minutes": minutes,
                "target_percent": str(percent) if percent is not None else None,
                "window": window,
                "priority": priority,
                "calendar": calendar,
                "agreed_on": day,
            },
        )
    return sla


def sla_agree(*, actor: Actor, sla_id: int, agreed_on=None, agreed_by: str = "") -> Sla:
    """Both sides agree: the proposal becomes an SLA. In the portal the client agrees in
    person, today, in their own name."""
    actor.require(Perm.SLA_AGREE)
    if actor.is_portal:
        day = timezone.localdate()
        agreed_by = actor.user.get_full_name() or actor.user.email
    else:
        day = parse_date(agreed_on, field="agreed_on", required=False) or timezone.localdate()
        agreed_by = (agreed_by or "").strip()
    if day > timezone.localdate():
        raise InvalidInput(
            _("An agreement cannot be dated in the future."),
            code="in_future",
            fields={"agreed_on": [_("In the future.")]},
        )
    with transaction.atomic():
        sla = actor.get_or_404(Sla.objects.select_for_update(), pk=sla_id)
        if sla.agreed_on is not None:
            raise Conflict(_("This SLA is already agreed."), code="already_agreed")
        if day < timezone.localdate(sla.created_at) - dt.timedelta(days=OLDEST_DAYS):
            raise InvalidInput(
                _("An agreement is dated within ten years of the proposal."),
                code="too_old",
                fields={"agreed_on": [_("Too long ago.")]},
            )
        sla.agreed_on = day
        sla.agreed_in_portal = actor.is_portal
        sla.agreed_by = agreed_by[:150]
        full_clean_or_raise(sla)
        sla.save(update_fields=["agreed_on", "agreed_in_portal", "agreed_by"])
        ledger.append(
            actor=actor,
            action="sla.agreed",
            subject=sla,
            payload={
                "metric": sla.metric,
                "agreed_on": day,
                "agreed_by": sla.agreed_by,
                "in_portal": actor.is_portal,
            },
        )
    return sla


def parse_period(value, *, field: str = "period") -> dt.date | None:
    """A month written YYYY-MM (or a date YYYY-MM-DD) as the first day of that month."""
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value.replace(day=1)
    text = str(value).strip()
    try:
        if len(text) == 7:
            return dt.date.fromisoformat(text + "-01")
        return dt.date.fromisoformat(text).replace(day=1)
    except ValueError:
        raise InvalidInput(
            _("Give a month written YYYY-MM."), fields={field: [_("Not a month.")]}
        ) from None


def sla_measurement_record(*, actor: Actor, sla_id: int, period, value_percent) -> SlaMeasurement:
    """Availability as measured over one window of an availability SLA (once per window)."""
    actor.require(Perm.SLA_EDIT)
    month = parse_period(period)
    if month is None:
        raise InvalidInput(
            _("Give a month written YYYY-MM."), fields={"period": [_("This field is required.")]}
        )
    value = parse_decimal(
        value_percent,
        field="value_percent",
        minimum=Decimal(0),
        maximum=Decimal(100),
        message=_("A measured availability is a percentage from 0 to 100."),
        field_message=_("A percentage from 0 to 100."),
    )
    with transaction.atomic():
        sla = actor.get_or_404(Sla.objects.select_for_update(), pk=sla_id)
        if sla.metric != SlaMetric.AVAILABILITY:
            raise InvalidInput(
                _("Only an availability SLA is measured by hand."),
                code="not_availability",
                fields={"value_percent": [_("Not an availability SLA.")]},
            )
        start, _end = window_of(sla.window, month)
        if start > timezone.localdate():
            raise InvalidInput(
                _("This period has not begun yet."),
                code="in_future",
                fields={"period": [_("In the future.")]},
            )
        measurement = SlaMeasurement(
            workspace=actor.workspace,
            sla=sla,
            period_start=start,
            value_percent=value,
            recorded_by=actor.user,
        )
        full_clean_or_raise(measurement, validate_unique=False, validate_constraints=False)
        try:
            with transaction.atomic():
                measurement.save()
        except IntegrityError:
            raise Conflict(_("This period is already measured."), code="already_measured") from None
        ledger.append(
            actor=actor,
            action="sla.measured",
            subject=measurement,
            payload={"metric": sla.metric, "period": start, "value_percent": str(value)},
        )
    return measurement
