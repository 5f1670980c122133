"""Writes on governance (DOMAIN §4): the cadence, the reviews and the decisions taken there
(through the decisions app, so R-NO applies), the confirmed stage, the process assessment."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pacte.clients.models import Client, Contact
from pacte.decisions.models import DecisionChoice
from pacte.decisions.services import recommendation_create, recommendation_decide
from pacte.engagements.models import Engagement
from pacte.kernel import ledger
from pacte.kernel.errors import InvalidInput, full_clean_or_raise
from pacte.kernel.models import Member
from pacte.kernel.permissions import Perm
from pacte.kernel.tenancy import Actor
from pacte.kernel.validation import (
    clean_fields_or_raise,
    parse_choice,
    parse_date,
    require_text,
)

from .cadence import period_start
from .models import (
    ProcessAssessment,
    ProcessLevel,
    Review,
    ReviewCadence,
    ReviewKind,
    StageConfirmation,
)
from .registries import LifecycleStage
from .selectors import engagement_started_on, stage_suggest

MAX_DECISIONS = 20
CADENCE_EARLIEST = dt.date(1970, 1, 1)  # decisions taken at one review, recorded at once


def _not_in_future(day, field: str, message: str):
    if day > timezone.localdate():
        raise InvalidInput(
            message,
            code="date_in_future",
            fields={field: [_("In the future.")]},
        )


def _flag(value) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "yes", "on")
    return bool(value)


def cadence_set(
    *,
    actor: Actor,
    engagement_id: int,
    operational=False,
    tactical=False,
    strategic=False,
    starts_on=None,
) -> ReviewCadence:
    """Which reviews the engagement holds, from which day (its start by default). One cadence
    per engagement: setting it again changes it. Journaled."""
    actor.require(Perm.REVIEW_EDIT)
    day = parse_date(starts_on, field="starts_on", required=False)
    with transaction.atomic():
        engagement = actor.get_or_404(Engagement.objects.select_for_update(), pk=engagement_id)
        day = day or engagement_started_on(engagement)
        if not CADENCE_EARLIEST <= day <= timezone.localdate() + dt.timedelta(days=3660):
            raise InvalidInput(
                _("A cadence starts between 1970 and ten years from today."),
                fields={"starts_on": [_("Out of range.")]},
            )
        cadence = ReviewCadence.objects.for_actor(actor).filter(
            engagement=engagement
        ).first() or ReviewCadence(workspace=actor.workspace, engagement=engagement, starts_on=day)
        before = (
            {k: getattr(cadence, k) for k in ReviewKind.values} | {"from": cadence.starts_on}
            if cadence.pk
            else None
        )
        cadence.operational = _flag(operational)
        cadence.tactical = _flag(tactical)
        cadence.strategic = _flag(strategic)
        cadence.starts_on = day
        full_clean_or_raise(cadence, exclude=["engagement"])
        cadence.save()
        ledger.append(
            actor=actor,
            action="review_cadence.set",
            subject=cadence,
            payload={
                "engagement": engagement.title,
                "kinds": cadence.kinds(),
                "from": day,
                "before": before,
            },
        )
    return cadence


def _ids(values, field: str) -> list[int]:
    ids = []
    for value in values or ():
        try:
            number = int(getattr(value, "pk", value))
            if not 0 < number < 2**63:
                raise ValueError(number)
        except (TypeError, ValueError):
            raise InvalidInput(
                _("%(field)s: “%(value)s” is not an id.") % {"field": field, "value": value},
                fields={field: [_("Choose from the list.")]},
            ) from None
        ids.append(number)
    return sorted(set(ids))


def _decision_rows(decisions) -> list[dict]:
    rows = []
    for row in decisions or ():
        if not isinstance(row, dict):
            raise InvalidInput(_("Each decision is an object with a title."))
        title = (row.get("title") or "").strip()
        if not title:
            if any((row.get(k) or "").strip() for k in ("decision", "decided_by", "note")):
                raise InvalidInput(
                    _("A decision taken at the review needs its title."),
                    fields={"decisions": [_("Give each decision its title.")]},
                )
            continue  # a blank row of the form
        choice = (row.get("decision") or "").strip()
        if choice:
            parse_choice(choice, DecisionChoice, field="decision")
            require_text(row.get("decided_by"), field="decided_by", max_length=150)
        rows.append({**row, "title": title, "decision": choice})
    if len(rows) > MAX_DECISIONS:
        raise InvalidInput(
            _("At most %(n)s decisions per review.") % {"n": MAX_DECISIONS},
            fields={"decisions": [_("Too many.")]},
        )
    return rows


def review_record(
    *,
    actor: Actor,
    engagement_id: int,
    kind: str,
    held_on=None,
    provider_attendee_ids=(),
    client_attendee_ids=(),
    others: str = "",
    minutes: str = "",
    decisions=(),
) -> Review:
    """A review held (§4 cadence): its kind and date (not in the future, not before the
    engagement started), who attended from each side (members of the workspace, contacts of
    the engagement's client), its minutes, and the decisions taken there. Each decision is a
    recommendation of the decisions app, with the client's answer when given there
    (`decision`: accepted, refused or deferred; "" while the client has not answered):
    R-NO applies, a refusal is a refusal. All or nothing."""
    actor.require(Perm.REVIEW_EDIT)
    kind = parse_choice(kind, ReviewKind, field="kind")
    day = parse_date(held_on, field="held_on", required=False) or timezone.localdate()
    _not_in_future(day, "held_on", _("A review cannot be dated in the future."))
    member_ids = _ids(provider_attendee_ids, "provider_attendee_ids")
    contact_ids = _ids(client_attendee_ids, "client_attendee_ids")
    rows = _decision_rows(decisions)
    with transaction.atomic():
        engagement = actor.get_or_404(Engagement.objects.all(), pk=engagement_id)
        started = engagement_started_on(engagement)
        if day < started:
            raise InvalidInput(
                _("A review cannot be held before the engagement started (%(date)s).")
                % {"date": started},
                code="held_before_start",
                fields={"held_on": [_("Before the engagement started.")]},
            )
        users = list(
            Member.objects.for_actor(actor)
            .filter(user_id__in=member_ids)
            .select_related("user")
            .order_by("user__email")
        )
        if len(users) != len(member_ids):
            raise InvalidInput(
                _("Only members of this workspace can attend on our side."),
                fields={"provider_attendee_ids": [_("Not a member of this workspace.")]},
            )
        contacts = list(
            Contact.objects.for_actor(actor)
            .filter(client_id=engagement.client_id, pk__in=contact_ids)
            .order_by("full_name", "pk")
        )
        if len(contacts) != len(contact_ids):
            raise InvalidInput(
                _("Only the client's own contacts can attend on their side."),
                fields={"client_attendee_ids": [_("Not a contact of this client.")]},
            )
        review = Review(
            workspace=actor.workspace,
            engagement=engagement,
            kind=kind,
            held_on=day,
            period_start=period_start(kind, day),
            others=(others or "").strip(),
            minutes=(minutes or "").strip(),
            created_by=actor.user,
        )
        full_clean_or_raise(review)
        review.save()
        review.provider_attendees.set([m.user for m in users])
        review.client_attendees.set(contacts)
        taken = []
        for row in rows:
            recommendation = recommendation_create(
                actor=actor,
                engagement_id=engagement.pk,
                title=row["title"],
                rationale=row.get("rationale") or "",
                made_on=day,
            )
            if row["decision"]:
                recommendation_decide(
                    actor=actor,
                    recommendation_id=recommendation.pk,
                    decision=row["decision"],
                    decided_by=row.get("decided_by") or "",
                    note=row.get("note") or "",
                    decided_on=day,
                )
            taken.append(recommendation)
        review.decisions.set(taken)
        ledger.append(
            actor=actor,
            action="review.recorded",
            subject=review,
            payload={
                "engagement": engagement.title,
                "kind": kind,
                "held_on": day,
                "ours": [m.user.get_full_name() or m.user.email for m in users],
                "theirs": [c.full_name for c in contacts],
                "others": review.others,
                "minutes": review.minutes,
                "decisions": [
                    {"title": r["title"], "decision": r["decision"] or "open"} for r in rows
                ],
            },
        )
    return review


def review_update_minutes(*, actor: Actor, review_id: int, minutes: str) -> Review:
    """Complete or correct a review's minutes. The ledger keeps every version."""
    actor.require(Perm.REVIEW_EDIT)
    with transaction.atomic():
        review = actor.get_or_404(
            Review.objects.select_for_update().select_related("engagement"), pk=review_id
        )
        previous = review.minutes
        review.minutes = (minutes or "").strip()
        clean_fields_or_raise(review, ["minutes"])
        if review.minutes == previous:
            return review
        review.save(update_fields=["minutes"])
        ledger.append(
            actor=actor,
            action="review.minutes_updated",
            subject=review,
            payload={
                "engagement": review.engagement.title,
                "kind": review.kind,
                "held_on": review.held_on,
                "minutes": review.minutes,
                "before": previous,
            },
        )
    return review


def stage_confirm(
    *, actor: Actor, client_id: int, stage: str, note: str = "", confirmed_on=None
) -> StageConfirmation:
    """A person confirms the relationship's stage (§4), with a date and a note. Never edited:
    a new confirmation adds to the history. Pacte's suggestion at that moment is kept beside
    it. Owners and managers."""
    actor.require(Perm.STAGE_CONFIRM)
    stage = parse_choice(stage, LifecycleStage, field="stage")
    day = parse_date(confirmed_on, field="confirmed_on", required=False) or timezone.localdate()
    _not_in_future(day, "confirmed_on", _("A stage cannot be confirmed in the future."))
    with transaction.atomic():
        client = actor.get_or_404(Client.objects.select_for_update(), pk=client_id)
        suggestion = stage_suggest(actor=actor, client=client)
        confirmation = StageConfirmation(
            workspace=actor.workspace,
            client=client,
            stage=stage,
            confirmed_on=day,
            note=(note or "").strip(),
            suggested_rule=suggestion.rule if suggestion else "",
            confirmed_by=actor.user,
        )
        full_clean_or_raise(confirmation)
        confirmation.save()
        ledger.append(
            actor=actor,
            action="stage.confirmed",
            subject=confirmation,
            payload={
                "client": client.name,
                "stage": stage,
                "confirmed_on": day,
                "note": confirmation.note,
                "suggested": (
                    {"stage": suggestion.stage, "rule": suggestion.rule} if suggestion else None
                ),
            },
        )
    return confirmation


def process_assessment_record(
    *, actor: Actor, client_id: int, level: str, note: str = "", assessed_on=None
) -> ProcessAssessment:
    """A person's judgement of how far the client documents its business processes (the
    scorecard's "documents its processes"). The latest one counts; the earlier ones stay."""
    actor.require(Perm.REVIEW_EDIT)
    level = parse_choice(level, ProcessLevel, field="level")
    day = parse_date(assessed_on, field="assessed_on", required=False) or timezone.localdate()
    _not_in_future(day, "assessed_on", _("An assessment cannot be dated in the future."))
    with transaction.atomic():
        client = actor.get_or_404(Client.objects.all(), pk=client_id)
        assessment = ProcessAssessment(
            workspace=actor.workspace,
            client=client,
            level=level,
            note=(note or "").strip(),
            assessed_on=day,
            assessed_by=actor.user,
        )
        full_clean_or_raise(assessment)
        assessment.save()
        ledger.append(
            actor=actor,
            action="process.assessed",
            subject=assessment,
            payload={
                "client": client.name,
                "level": level,
                "assessed_on": day,
                "note": assessment.note,
            },
        )
    return assessment
