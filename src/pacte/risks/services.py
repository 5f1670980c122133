"""Writes on the risk register. A risk that occurs is put to the client as a decision."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pacte.decisions.services import recommendation_create
from pacte.engagements.models import Engagement
from pacte.kernel import ledger
from pacte.kernel.errors import Conflict, InvalidInput, full_clean_or_raise
from pacte.kernel.permissions import Perm
from pacte.kernel.tenancy import Actor
from pacte.kernel.validation import parse_choice, parse_date, require_text

from .models import Level, Risk, RiskStatus


def _not_in_the_future(day, *, field: str):
    """What the register records (said to the client, happened) has already taken place."""
    if day is not None and day > timezone.localdate():
        raise InvalidInput(
            _("This date cannot be in the future."), fields={field: [_("In the future.")]}
        )
    return day


def risk_create(
    *,
    actor: Actor,
    engagement_id: int,
    description: str,
    likelihood: str = Level.MEDIUM,
    impact: str = Level.MEDIUM,
    mitigation: str = "",
    announced_on=None,
) -> Risk:
    actor.require(Perm.RISK_EDIT)
    description = require_text(description, field="description", max_length=300)
    likelihood = parse_choice(likelihood, Level, field="likelihood")
    impact = parse_choice(impact, Level, field="impact")
    announced = _not_in_the_future(
        parse_date(announced_on, field="announced_on", required=False), field="announced_on"
    )
    with transaction.atomic():
        engagement = actor.get_or_404(Engagement.objects.all(), pk=engagement_id)
        risk = Risk(
            workspace=actor.workspace,
            engagement=engagement,
            description=description,
            likelihood=likelihood,
            impact=impact,
            mitigation=(mitigation or "").strip(),
            announced_on=announced,
        )
        full_clean_or_raise(risk)
        risk.save()
        ledger.append(
            actor=actor,
            action="risk.registered",
            subject=risk,
            payload={
                "engagement": engagement.title,
                "risk": description,
                "announced_on": announced,
            },
        )
    return risk


def risk_announce(*, actor: Actor, risk_id: int, announced_on=None) -> Risk:
    """Record the day the risk was said to the client: the proof it was anticipated."""
    actor.require(Perm.RISK_EDIT)
    day = parse_date(announced_on, field="announced_on", required=False) or timezone.localdate()
    _not_in_the_future(day, field="announced_on")
    with transaction.atomic():
        risk = actor.get_or_404(Risk.objects.select_for_update(), pk=risk_id)
        risk.announced_on = day
        risk.save(update_fields=["announced_on"])
        ledger.append(
            actor=actor,
            action="risk.announced",
            subject=risk,
            payload={"risk": risk.description, "announced_on": day},
        )
    return risk


def risk_occur(*, actor: Actor, risk_id: int, options: str, occurred_on=None) -> Risk:
    """The risk happened: it becomes a situation with options put to the client, whose
    decision is recorded like any other (DOMAIN §2)."""
    actor.require(Perm.RISK_EDIT)
    options = require_text(options, field="options")
    day = parse_date(occurred_on, field="occurred_on", required=False) or timezone.localdate()
    _not_in_the_future(day, field="occurred_on")
    with transaction.atomic():
        risk = actor.get_or_404(Risk.objects.select_for_update(), pk=risk_id)
        if risk.status != RiskStatus.OPEN:
            raise Conflict(_("Only an open risk can occur."), code="invalid_transition")
        risk.situation = recommendation_create(
            actor=actor,
            engagement_id=risk.engagement_id,
            made_on=day,
            title=(_("Situation: %(risk)s") % {"risk": risk.description})[:200],
            rationale=options,
        )
        risk.status = RiskStatus.OCCURRED
        risk.occurred_on = day
        risk.save(update_fields=["status", "occurred_on", "situation"])
        ledger.append(
            actor=actor,
            action="risk.occurred",
            subject=risk,
            payload={
                "risk": risk.description,
                "occurred_on": day,
                "announced_on": risk.announced_on,
                "options": options,
            },
        )
    return risk


def risk_close(*, actor: Actor, risk_id: int) -> Risk:
    actor.require(Perm.RISK_EDIT)
    with transaction.atomic():
        risk = actor.get_or_404(Risk.objects.select_for_update(), pk=risk_id)
        if risk.status == RiskStatus.CLOSED:
            return risk
        risk.status = RiskStatus.CLOSED
        risk.save(update_fields=["status"])
        ledger.append(
            actor=actor, action="risk.closed", subject=risk, payload={"risk": risk.description}
        )
    return risk
