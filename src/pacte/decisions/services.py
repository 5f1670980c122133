"""Writes on recommendations and the client's decisions (R-NO)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pacte.engagements.models import Engagement
from pacte.kernel import ledger
from pacte.kernel.errors import Conflict, InvalidInput, full_clean_or_raise
from pacte.kernel.permissions import Perm
from pacte.kernel.tenancy import Actor
from pacte.kernel.validation import (
    clean_fields_or_raise,
    parse_choice,
    parse_date,
    require_text,
)

from .models import (
    RECOMMENDATION_TRANSITIONS,
    Decision,
    DecisionChoice,
    Recommendation,
    RecommendationStatus,
)

RS = RecommendationStatus


def recommendation_create(
    *,
    actor: Actor,
    engagement_id: int,
    title: str,
    rationale: str = "",
    risk_if_not_followed: str = "",
    made_on=None,
) -> Recommendation:
    actor.require(Perm.RECOMMENDATION_EDIT)
    title = require_text(title, field="title", max_length=200)
    day = parse_date(made_on, field="made_on", required=False) or timezone.localdate()
    with transaction.atomic():
        engagement = actor.get_or_404(Engagement.objects.all(), pk=engagement_id)
        recommendation = Recommendation(
            workspace=actor.workspace,
            engagement=engagement,
            author=actor.user,
            made_on=day,
            title=title,
            rationale=(rationale or "").strip(),
            risk_if_not_followed=(risk_if_not_followed or "").strip(),
        )
        full_clean_or_raise(recommendation)
        recommendation.save()
        ledger.append(
            actor=actor,
            action="recommendation.made",
            subject=recommendation,
            payload={
                "engagement": engagement.title,
                "title": title,
                "rationale": recommendation.rationale,
                "risk": recommendation.risk_if_not_followed,
            },
        )
    return recommendation


def recommendation_decide(
    *,
    actor: Actor,
    recommendation_id: int,
    decision: str,
    decided_by: str = "",
    note: str = "",
    decided_on=None,
) -> Decision:
    """Record the client's decision, in their words. R-NO: a refusal holds until the client
    reverses it with a new decision; the refusal itself stays on record."""
    actor.require(Perm.DECISION_RECORD)
    decision = parse_choice(decision, DecisionChoice, field="decision")
    if actor.is_portal:
        # In the portal the client decides in person: the record is theirs.
        decided_by = actor.user.get_full_name()
    decided_by = require_text(decided_by, field="decided_by", max_length=150)
    if actor.is_portal:
        decided_on = None  # the client's own record is dated the day they give it
    day = parse_date(decided_on, field="decided_on", required=False) or timezone.localdate()
    if day > timezone.localdate():
        raise InvalidInput(
            _("A decision cannot be dated in the future."),
            fields={"decided_on": [_("In the future.")]},
        )
    with transaction.atomic():
        recommendation = actor.get_or_404(
            Recommendation.objects.select_for_update(), pk=recommendation_id
        )
        if recommendation.status == RS.IMPLEMENTED:
            raise Conflict(
                _("This recommendation is already implemented."), code="already_implemented"
            )
        RECOMMENDATION_TRANSITIONS.check(recommendation.status, decision)
        if day < recommendation.made_on:
            raise InvalidInput(
                _("The client cannot decide before the recommendation was made (%(date)s).")
                % {"date": recommendation.made_on},
                code="decided_before_recommendation",
                fields={"decided_on": [_("Before the recommendation.")]},
            )
        previous = recommendation.decisions.order_by("-decided_on", "-created_at").first()
        # A decision dated before the client's latest one is a late record of the past: it
        # stays on record but neither reverses nor replaces the current answer (R-NO: a later
        # refusal is not lifted by an older "yes" entered afterwards).
        latest = previous is None or day >= previous.decided_on
        record = Decision(
            workspace=actor.workspace,
            recommendation=recommendation,
            decision=decision,
            decided_by=decided_by,
            decided_on=day,
            words=(note or "").strip(),
            recorded_by=actor.user,
            via_portal=actor.is_portal,
            reverses=previous if latest and previous and previous.decision != decision else None,
        )
        full_clean_or_raise(record)
        record.save()
        if latest:
            recommendation.status = decision
            recommendation.save(update_fields=["status"])
        ledger.append(
            actor=actor,
            action="decision.recorded",
            subject=record,
            payload={
                "recommendation": recommendation.title,
                "decision": decision,
                "decided_by": decided_by,
                "decided_on": day,
                "words": record.words,
                "via_portal": record.via_portal,
                "reverses": previous.decision if record.reverses else None,
            },
        )
    return record


def recommendation_implement(
    *, actor: Actor, recommendation_id: int, implemented_on=None
) -> Recommendation:
    """Mark advice as carried out. R-NO: only what the client accepted; never what they
    refused or put off, nor before they decided."""
    actor.require(Perm.RECOMMENDATION_EDIT)
    day = parse_date(implemented_on, field="implemented_on", required=False) or (
        timezone.localdate()
    )
    with transaction.atomic():
        recommendation = actor.get_or_404(
            Recommendation.objects.select_for_update(), pk=recommendation_id
        )
        if recommendation.status == RS.IMPLEMENTED:
            return recommendation  # implementing twice changes nothing
        if not RECOMMENDATION_TRANSITIONS.allowed(recommendation.status, "implement"):
            _refuse_implementing(recommendation)
        RECOMMENDATION_TRANSITIONS.check(recommendation.status, "implement")
        recommendation.status = RS.IMPLEMENTED
        recommendation.implemented_on = day
        recommendation.save(update_fields=["status", "implemented_on"])
        ledger.append(
            actor=actor,
            action="recommendation.implemented",
            subject=recommendation,
            payload={"title": recommendation.title, "on": day},
        )
    return recommendation


def _refuse_implementing(recommendation: Recommendation) -> None:
    """R-NO: why the table refuses `implement`, in the client's terms. A state without a
    reason of its own falls through to the table's `invalid_transition`."""
    if recommendation.status == RS.REFUSED:
        raise Conflict(
            _(
                "The client refused “%(title)s”: it cannot be carried out unless they change "
                "their mind."
            )
            % {"title": recommendation.title},
            code="client_refused",
        )
    if recommendation.status == RS.DEFERRED:
        raise Conflict(
            _("The client put this off: record their new decision first."),
            code="client_deferred",
        )
    if recommendation.status == RS.OPEN:
        raise Conflict(
            _("The client has not decided yet: record their acceptance first."),
            code="decision_pending",
        )


def recommendation_record_outcome(
    *, actor: Actor, recommendation_id: int, outcome: str, risk_materialised: bool | None
) -> Recommendation:
    """Later on: did the risk we announced materialise? Evidence for the next discussion."""
    actor.require(Perm.RECOMMENDATION_EDIT)
    outcome = require_text(outcome, field="outcome")
    with transaction.atomic():
        recommendation = actor.get_or_404(
            Recommendation.objects.select_for_update(), pk=recommendation_id
        )
        recommendation.outcome = outcome
        recommendation.risk_materialised = risk_materialised
        clean_fields_or_raise(recommendation, ["outcome", "risk_materialised"])
        recommendation.save(update_fields=["outcome", "risk_materialised"])
        ledger.append(
            actor=actor,
            action="recommendation.outcome_recorded",
            subject=recommendation,
            payload={
                "title": recommendation.title,
                "outcome": outcome,
                "risk_materialised": risk_materialised,
            },
        )
    return recommendation
