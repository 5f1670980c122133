"""Writes on engagements: creation, the lifecycle (R-DEPOSIT), time entries, change requests.

Closing and termination build the handoff plan: they live in `handoff.services`, which
calls `engagement_move` here.

The lifecycle is `draft → awaiting_deposit → active ⇄ on_hold → closing → closed`, or
`terminated`. Each move is one explicit service; a move the table does not allow answers
409 `invalid_transition`.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pacte.clients.models import Client, Contact
from pacte.kernel import ledger
from pacte.kernel.errors import Conflict, InvalidInput, full_clean_or_raise
from pacte.kernel.money import Currency, parse_amount
from pacte.kernel.permissions import Perm
from pacte.kernel.retry import lock_workspace, retry_on_conflict
from pacte.kernel.tenancy import Actor
from pacte.kernel.validation import (
    clean_fields_or_raise,
    parse_choice,
    parse_date,
    parse_decimal,
    parse_int,
    require_text,
)

from .figures import deposit_paid_money, deposit_secured
from .models import (
    CHANGE_REQUEST_TRANSITIONS,
    ENGAGEMENT_TRANSITIONS,
    ChangeRequest,
    ChangeRequestStatus,
    Engagement,
    EngagementKind,
    EngagementStatus,
    TimeEntry,
)

S = EngagementStatus


class DepositMissing(Conflict):
    code = "deposit_missing"


def _parse_percent(value) -> Decimal:
    return parse_decimal(
        value,
        field="deposit_percent",
        minimum=Decimal(0),
        above_minimum=True,
        maximum=Decimal(100),
        message=_("The deposit is a percentage above 0 and at most 100."),
        field_message=_("Between 0 and 100."),
    )


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
    hourly_rate=None,
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
    rate = None if hourly_rate in (None, "") else parse_amount(hourly_rate, field="hourly_rate")
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
            hourly_rate=rate,
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


def engagement_locked(actor: Actor, engagement_id) -> Engagement:
    """The engagement, locked for the rest of the transaction (404 when out of reach).
    The workspace is locked first: the one lock order (see kernel.retry)."""
    lock_workspace(actor)
    return actor.get_or_404(
        Engagement.objects.select_for_update().select_related("client"), pk=engagement_id
    )


def engagement_move(
    actor: Actor, engagement: Engagement, move: str, *, fields=(), payload=None
) -> Engagement:
    """Make `move` of ENGAGEMENT_TRANSITIONS on a locked engagement, journaled, or answer 409
    `invalid_transition`. The one place an engagement's status changes; the workflows of
    higher apps (closing in handoff) call it inside their own transaction."""
    to = ENGAGEMENT_TRANSITIONS.check(engagement.status, move).target
    previous = engagement.status
    engagement.status = to
    # The reasons a move writes (a hold, an end) obey their fields' rules like any text.
    clean_fields_or_raise(engagement, fields)
    engagement.save(update_fields=["status", *fields])
    ledger.append(
        actor=actor,
        action="engagement.status_changed",
        subject=engagement,
        payload={"from": previous, "to": to, **(payload or {})},
    )
    return engagement


@retry_on_conflict
def engagement_request_deposit(*, actor: Actor, engagement_id: int) -> Engagement:
    actor.require(Perm.ENGAGEMENT_EDIT)
    with transaction.atomic():
        engagement = engagement_locked(actor, engagement_id)
        return engagement_move(actor, engagement, "request_deposit")


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
        engagement = engagement_locked(actor, engagement_id)
        if engagement.status == S.ACTIVE:
            return engagement
        if engagement.status in {S.DRAFT, S.AWAITING_DEPOSIT} and not deposit_secured(engagement):
            required, paid = engagement.required_deposit, deposit_paid_money(engagement)
            raise DepositMissing(
                _(
                    "The deposit of %(required)s is not paid yet (%(paid)s received): "
                    "record the payment on the deposit invoice first."
                )
                % {"required": required.display(), "paid": paid.display()}
            )
        engagement.activated_on = start or timezone.localdate()
        return engagement_move(actor, engagement, "activate", fields=["activated_on"])


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
        engagement = engagement_locked(actor, engagement_id)
        if not ENGAGEMENT_TRANSITIONS.allowed(engagement.status, "override_deposit"):
            raise Conflict(
                _("Only an engagement that has not started can skip its deposit."),
                code="invalid_transition",
            )
        engagement.deposit_override_reason = reason
        engagement.deposit_override_by = actor.user
        engagement.deposit_override_at = timezone.now()
        clean_fields_or_raise(engagement, ["deposit_override_reason"])
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
                "paid": str(deposit_paid_money(engagement)),
            },
        )
        engagement.activated_on = engagement.activated_on or timezone.localdate()
        return engagement_move(actor, engagement, "override_deposit", fields=["activated_on"])


def engagement_hold(*, actor: Actor, engagement_id: int, reason: str = "") -> Engagement:
    actor.require(Perm.ENGAGEMENT_EDIT)
    with transaction.atomic():
        engagement = engagement_locked(actor, engagement_id)
        engagement.hold_reason = (reason or "").strip()
        return engagement_move(
            actor,
            engagement,
            "hold",
            fields=["hold_reason"],
            payload={"reason": engagement.hold_reason},
        )


def engagement_resume(*, actor: Actor, engagement_id: int) -> Engagement:
    actor.require(Perm.ENGAGEMENT_EDIT)
    with transaction.atomic():
        return engagement_move(actor, engagement_locked(actor, engagement_id), "resume")


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
    actor.require(Perm.TIME_LOG)
    day = parse_date(worked_on, field="worked_on")
    if day > timezone.localdate():
        raise InvalidInput(
            _("Work is logged once done: the date cannot be in the future."),
            fields={"worked_on": [_("In the future.")]},
        )
    description = require_text(description, field="description", max_length=500)
    minutes = parse_int(
        minutes,
        field="minutes",
        minimum=1,
        maximum=24 * 60,
        message=_("A duration is between 1 minute and 24 hours."),
        field_message=_("Between 1 and 1440 minutes."),
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
            # The advice of this engagement (decisions' model, reached through its relation).
            recommendation = actor.get_or_404(
                engagement.recommendations.all(), pk=recommendation_id
            )
            recommendation.refuse_work_against()  # R-NO
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
            # Billing's invoices of this engagement, reached through their relation.
            change.invoice = actor.get_or_404(
                change.engagement.invoices.billing_change_requests(), pk=invoice_id
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
