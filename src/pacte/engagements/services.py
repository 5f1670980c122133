"""Writes on engagements: creation, the lifecycle (R-DEPOSIT), time entries, change requests.

The lifecycle is `draft → awaiting_deposit → active ⇄ on_hold → closing → closed`, or
`terminated`. Each move is one explicit service; a move the table does not allow answers
409 `invalid_transition`.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pacte.clients.models import Client, Contact
from pacte.kernel import ledger
from pacte.kernel.errors import Conflict, InvalidInput, full_clean_or_raise
from pacte.kernel.money import Currency, Money, parse_amount
from pacte.kernel.permissions import Perm
from pacte.kernel.tenancy import Actor
from pacte.kernel.validation import parse_choice, parse_date, require_text

from .models import (
    CHANGE_REQUEST_TRANSITIONS,
    ENGAGEMENT_TRANSITIONS,
    ChangeRequest,
    ChangeRequestStatus,
    Engagement,
    EngagementKind,
    EngagementStatus,
    TerminatedBy,
    TimeEntry,
)

S = EngagementStatus


class DepositMissing(Conflict):
    code = "deposit_missing"


def _parse_percent(value) -> Decimal:
    try:
        percent = Decimal(str(value))
    except (InvalidOperation, ValueError):
        percent = Decimal(-1)
    if not percent.is_finite() or not Decimal(0) < percent <= 100:
        raise InvalidInput(
            _("The deposit is a percentage above 0 and at most 100."),
            fields={"deposit_percent": [_("Between 0 and 100.")]},
        )
    return percent.quantize(Decimal("0.01"))


def engagement_create(
    *,
    actor: Actor,
    client_id: int,
    title: str,
    value,
    currency: str = Currency.EUR,
    kind: str = EngagementKind.FIXED_PRICE,
    deposit_percent=None,
    deposit_amount=None,
    starts_on=None,
    ends_on=None,
) -> Engagement:
    """A new engagement in `draft`. R-DEPOSIT: it always requires a deposit, by default the
    workspace's share of its value."""
    actor.require(Perm.ENGAGEMENT_EDIT)
    title = require_text(title, field="title", max_length=200)
    amount = parse_amount(value, field="value")
    currency = parse_choice(currency, Currency, field="currency")
    kind = parse_choice(kind, EngagementKind, field="kind")
    if deposit_percent not in (None, "") and deposit_amount not in (None, ""):
        raise InvalidInput(
            _("Give the deposit as a percentage or as an amount, not both."),
            fields={"deposit_amount": [_("Give one or the other.")]},
        )
    percent = fixed = None
    if deposit_amount not in (None, ""):
        fixed = parse_amount(deposit_amount, field="deposit_amount")
        if fixed > amount:
            raise InvalidInput(
                _("The deposit cannot be more than the engagement's value."),
                fields={"deposit_amount": [_("More than the value.")]},
            )
    else:
        percent = _parse_percent(
            actor.workspace.default_deposit_percent
            if deposit_percent in (None, "")
            else deposit_percent
        )
    starts = parse_date(starts_on, field="starts_on", required=False)
    ends = parse_date(ends_on, field="ends_on", required=False)
    if starts and ends and ends < starts:
        raise InvalidInput(
            _("The engagement cannot end before it starts."),
            fields={"ends_on": [_("Before the start.")]},
        )
    with transaction.atomic():
        client = actor.get_or_404(Client.objects.all(), pk=client_id)
        engagement = Engagement(
            workspace=actor.workspace,
            client=client,
            title=title,
            kind=kind,
            value=amount,
            currency=currency,
            deposit_percent=percent,
            deposit_amount=fixed,
            starts_on=starts,
            ends_on=ends,
        )
        full_clean_or_raise(engagement)
        engagement.save()
        ledger.append(
            actor=actor,
            action="engagement.created",
            subject=engagement,
            payload={
                "client": client.name,
                "title": title,
                "value": str(engagement.value_money),
                "deposit_required": str(engagement.required_deposit),
            },
        )
    return engagement


def deposit_paid(engagement: Engagement) -> Money:
    """What the client has paid on the engagement's deposit invoice(s)."""
    from pacte.billing.models import Invoice, InvoiceKind

    total = Money.zero(engagement.currency)
    for invoice in Invoice.objects.in_workspace(engagement.workspace_id).filter(
        engagement=engagement, kind=InvoiceKind.DEPOSIT
    ):
        total = total + invoice.paid_money
    return total


def _locked(actor: Actor, engagement_id) -> Engagement:
    return actor.get_or_404(
        Engagement.objects.select_for_update().select_related("client"), pk=engagement_id
    )


def _move(
    actor: Actor, engagement: Engagement, move: str, *, fields=(), payload=None
) -> Engagement:
    """Make `move` of ENGAGEMENT_TRANSITIONS, or answer 409 `invalid_transition`."""
    to = ENGAGEMENT_TRANSITIONS.check(engagement.status, move).target
    previous = engagement.status
    engagement.status = to
    engagement.save(update_fields=["status", *fields])
    ledger.append(
        actor=actor,
        action="engagement.status_changed",
        subject=engagement,
        payload={"from": previous, "to": to, **(payload or {})},
    )
    return engagement


def engagement_request_deposit(*, actor: Actor, engagement_id: int) -> Engagement:
    actor.require(Perm.ENGAGEMENT_EDIT)
    with transaction.atomic():
        engagement = _locked(actor, engagement_id)
        return _move(actor, engagement, "request_deposit")


def engagement_activate(*, actor: Actor, engagement_id: int, activated_on=None) -> Engagement:
    """R-DEPOSIT: no engagement becomes active before its deposit is paid, unless an owner
    overrode the requirement with a written reason. Activating an active one changes nothing.

    `activated_on` records a start already under way (never in the future)."""
    actor.require(Perm.ENGAGEMENT_EDIT)
    start = parse_date(activated_on, field="activated_on", required=False)
    if start and start > timezone.localdate():
        raise InvalidInput(
            _("An engagement cannot be activated in the future."),
            fields={"activated_on": [_("In the future.")]},
        )
    with transaction.atomic():
        engagement = _locked(actor, engagement_id)
        if engagement.status == S.ACTIVE:
            return engagement
        if engagement.status in {S.DRAFT, S.AWAITING_DEPOSIT}:
            required, paid = engagement.required_deposit, deposit_paid(engagement)
            if paid < required and not engagement.deposit_overridden:
                raise DepositMissing(
                    _(
                        "The deposit of %(required)s is not paid yet (%(paid)s received): "
                        "record the payment on the deposit invoice first."
                    )
                    % {"required": required.display(), "paid": paid.display()}
                )
        engagement.activated_on = start or timezone.localdate()
        return _move(actor, engagement, "activate", fields=["activated_on"])


def engagement_override_deposit(*, actor: Actor, engagement_id: int, reason: str) -> Engagement:
    """An owner starts the work without the deposit. The written reason is journaled and
    stays on the engagement for good; the engagement becomes active."""
    actor.require(Perm.DEPOSIT_OVERRIDE)
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput(
            _("Write why the work starts without the deposit."),
            code="reason_required",
            fields={"reason": [_("A reason is required.")]},
        )
    with transaction.atomic():
        engagement = _locked(actor, engagement_id)
        if not ENGAGEMENT_TRANSITIONS.allowed(engagement.status, "override_deposit"):
            raise Conflict(
                _("Only an engagement that has not started can skip its deposit."),
                code="invalid_transition",
            )
        engagement.deposit_override_reason = reason
        engagement.deposit_override_by = actor.user
        engagement.deposit_override_at = timezone.now()
        engagement.save(
            update_fields=["deposit_override_reason", "deposit_override_by", "deposit_override_at"]
        )
        ledger.append(
            actor=actor,
            action="engagement.deposit_overridden",
            subject=engagement,
            payload={
                "reason": reason,
                "required": str(engagement.required_deposit),
                "paid": str(deposit_paid(engagement)),
            },
        )
        engagement.activated_on = engagement.activated_on or timezone.localdate()
        return _move(actor, engagement, "override_deposit", fields=["activated_on"])


def engagement_hold(*, actor: Actor, engagement_id: int, reason: str = "") -> Engagement:
    actor.require(Perm.ENGAGEMENT_EDIT)
    with transaction.atomic():
        engagement = _locked(actor, engagement_id)
        engagement.hold_reason = (reason or "").strip()
        return _move(
            actor,
            engagement,
            "hold",
            fields=["hold_reason"],
            payload={"reason": engagement.hold_reason},
        )


def engagement_resume(*, actor: Actor, engagement_id: int) -> Engagement:
    actor.require(Perm.ENGAGEMENT_EDIT)
    with transaction.atomic():
        return _move(actor, _locked(actor, engagement_id), "resume")


def engagement_start_closing(*, actor: Actor, engagement_id: int) -> Engagement:
    """The end is near: the handoff plan is built from the client's asset registry."""
    from pacte.handoff.services import handoff_plan_build

    actor.require(Perm.ENGAGEMENT_EDIT)
    with transaction.atomic():
        engagement = _move(actor, _locked(actor, engagement_id), "start_closing")
        handoff_plan_build(actor=actor, engagement=engagement)
    return engagement


def engagement_close(*, actor: Actor, engagement_id: int, override_reason: str = "") -> Engagement:
    """Closed only once the handoff is complete, or by an owner's written override."""
    from pacte.handoff.services import handoff_plan_sync, refuse_closing_with_open_steps

    actor.require(Perm.ENGAGEMENT_EDIT)
    with transaction.atomic():
        # First bring the plan up to the registry: its new steps stay even if the close
        # is then refused.
        engagement = _locked(actor, engagement_id)
        if engagement.status == S.CLOSING:
            handoff_plan_sync(actor=actor, engagement=engagement)
    with transaction.atomic():
        engagement = _locked(actor, engagement_id)
        if engagement.status == S.CLOSING:
            refuse_closing_with_open_steps(
                actor=actor, engagement=engagement, override_reason=override_reason
            )
        return _move(actor, engagement, "close")


def engagement_terminate(
    *,
    actor: Actor,
    engagement_id: int,
    terminated_by: str,
    reason: str,
    terminated_on=None,
    notice_days=None,
) -> Engagement:
    """The engagement ends before its term: who ended it, when, why, and the notice given."""
    actor.require(Perm.ENGAGEMENT_EDIT)
    terminated_by = parse_choice(terminated_by, TerminatedBy, field="terminated_by")
    reason = require_text(reason, field="reason")
    ended = parse_date(terminated_on, field="terminated_on", required=False) or timezone.localdate()
    if abs((ended - timezone.localdate()).days) > 3660:
        raise InvalidInput(
            _("The end date must fall within ten years of today."),
            fields={"terminated_on": [_("Out of range.")]},
        )
    if notice_days not in (None, ""):
        try:
            notice_days = int(notice_days)
        except (TypeError, ValueError):
            notice_days = -1
        if not 0 <= notice_days <= 365:
            raise InvalidInput(
                _("The notice is a number of days between 0 and 365."),
                fields={"notice_days": [_("Between 0 and 365.")]},
            )
    else:
        notice_days = None
    with transaction.atomic():
        engagement = _locked(actor, engagement_id)
        engagement.terminated_by = terminated_by
        engagement.terminated_on = ended
        engagement.termination_reason = reason
        engagement.notice_days = notice_days
        was_started = engagement.status not in {S.DRAFT, S.AWAITING_DEPOSIT}
        engagement = _move(
            actor,
            engagement,
            "terminate",
            fields=["terminated_by", "terminated_on", "termination_reason", "notice_days"],
            payload={
                "by": terminated_by,
                "on": ended,
                "reason": reason,
                "notice_days": notice_days,
            },
        )
        if was_started:
            # Ending early still means handing everything back (DOMAIN §3 `exit`, §6).
            from pacte.handoff.services import handoff_plan_build

            handoff_plan_build(actor=actor, engagement=engagement, requested_on=ended)
    return engagement


def time_entry_log(
    *,
    actor: Actor,
    engagement_id: int,
    worked_on,
    minutes,
    description: str,
    recommendation_id=None,
    change_request_id=None,
) -> TimeEntry:
    """Log work. R-DEPOSIT: only on an active engagement. R-NO: never against advice the
    client refused."""
    from pacte.decisions.models import Recommendation, RecommendationStatus

    actor.require(Perm.TIME_LOG)
    day = parse_date(worked_on, field="worked_on")
    if day > timezone.localdate():
        raise InvalidInput(
            _("Work is logged once done: the date cannot be in the future."),
            fields={"worked_on": [_("In the future.")]},
        )
    description = require_text(description, field="description", max_length=500)
    try:
        # A whole number of minutes: 90.5 or True is not a duration, never silently cut.
        if isinstance(minutes, bool) or (isinstance(minutes, float) and not minutes.is_integer()):
            raise ValueError
        minutes = int(minutes)
    except (TypeError, ValueError, OverflowError):
        minutes = 0
    if not 0 < minutes <= 24 * 60:
        raise InvalidInput(
            _("A duration is between 1 minute and 24 hours."),
            fields={"minutes": [_("Between 1 and 1440 minutes.")]},
        )
    with transaction.atomic():
        engagement = actor.get_or_404(Engagement.objects.all(), pk=engagement_id)
        if engagement.status != S.ACTIVE:
            raise Conflict(
                _("Work cannot be logged on an engagement that is “%(status)s”: it must be active.")
                % {"status": engagement.get_status_display()},
                code="engagement_not_active",
            )
        recommendation = change_request = None
        if recommendation_id not in (None, ""):
            recommendation = actor.get_or_404(
                Recommendation.objects.filter(engagement=engagement), pk=recommendation_id
            )
            if recommendation.status == RecommendationStatus.REFUSED:
                raise Conflict(
                    _(
                        "The client refused “%(title)s”: no work is logged against it unless "
                        "they change their mind."
                    )
                    % {"title": recommendation.title},
                    code="client_refused",
                )
        if change_request_id not in (None, ""):
            change_request = actor.get_or_404(
                ChangeRequest.objects.filter(engagement=engagement), pk=change_request_id
            )
            if change_request.status == ChangeRequestStatus.REFUSED:
                raise Conflict(
                    _("This change request was refused: no work is logged on it."),
                    code="change_request_refused",
                )
        entry = TimeEntry(
            workspace=actor.workspace,
            engagement=engagement,
            worked_on=day,
            minutes=minutes,
            description=description,
            author=actor.user,
            recommendation=recommendation,
            change_request=change_request,
        )
        full_clean_or_raise(entry)
        entry.save()
    return entry


CR = ChangeRequestStatus


def change_request_create(
    *,
    actor: Actor,
    engagement_id: int,
    title: str,
    requested_on=None,
    requested_by_id=None,
    description: str = "",
) -> ChangeRequest:
    actor.require(Perm.CHANGE_REQUEST_EDIT)
    title = require_text(title, field="title", max_length=200)
    day = parse_date(requested_on, field="requested_on", required=False) or timezone.localdate()
    with transaction.atomic():
        engagement = actor.get_or_404(Engagement.objects.all(), pk=engagement_id)
        contact = None
        if requested_by_id not in (None, ""):
            contact = actor.get_or_404(
                Contact.objects.filter(client_id=engagement.client_id), pk=requested_by_id
            )
        change = ChangeRequest(
            workspace=actor.workspace,
            engagement=engagement,
            title=title,
            requested_on=day,
            requested_by=contact,
            description=(description or "").strip(),
        )
        full_clean_or_raise(change)
        change.save()
        ledger.append(
            actor=actor,
            action="change_request.created",
            subject=change,
            payload={
                "engagement": engagement.title,
                "title": title,
                "requested_by": contact.full_name if contact else "",
            },
        )
    return change


def change_request_move(
    *,
    actor: Actor,
    change_request_id: int,
    to: str,
    estimate_hours=None,
    estimate_amount=None,
    invoice_id=None,
) -> ChangeRequest:
    """Move a change request along its flow. Estimating needs hours or an amount; billing
    needs the change-request invoice that bills it."""
    from pacte.billing.models import Invoice, InvoiceKind

    actor.require(Perm.CHANGE_REQUEST_EDIT)
    to = parse_choice(to, CR, field="to")
    if to == CR.NEW:
        raise Conflict(_("A change request cannot go back to “new”."), code="invalid_transition")
    with transaction.atomic():
        change = actor.get_or_404(
            ChangeRequest.objects.select_for_update().select_related("engagement"),
            pk=change_request_id,
        )
        CHANGE_REQUEST_TRANSITIONS.check(change.status, to)
        fields = ["status"]
        if to == CR.ESTIMATED:
            if estimate_hours in (None, "") and estimate_amount in (None, ""):
                raise InvalidInput(
                    _("An estimate gives hours, an amount, or both."),
                    fields={"estimate_hours": [_("Give an estimate.")]},
                )
            if estimate_hours not in (None, ""):
                change.estimate_hours = parse_amount(estimate_hours, field="estimate_hours")
            if estimate_amount not in (None, ""):
                change.estimate_amount = parse_amount(estimate_amount, field="estimate_amount")
            fields += ["estimate_hours", "estimate_amount"]
        if to == CR.BILLED:
            if invoice_id in (None, ""):
                raise InvalidInput(
                    _("Choose the change-request invoice that bills it."),
                    fields={"invoice_id": [_("Choose the invoice.")]},
                )
            change.invoice = actor.get_or_404(
                Invoice.objects.filter(
                    engagement=change.engagement, kind=InvoiceKind.CHANGE_REQUEST
                ),
                pk=invoice_id,
            )
            fields.append("invoice")
        previous = change.status
        change.status = to
        full_clean_or_raise(change)
        change.save(update_fields=fields)
        ledger.append(
            actor=actor,
            action="change_request.status_changed",
            subject=change,
            payload={
                "title": change.title,
                "from": previous,
                "to": to,
                "estimate_hours": change.estimate_hours,
                "estimate_amount": change.estimate_amount,
            },
        )
    return change
