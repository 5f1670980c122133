"""Governance in the API: the relationship's stage, the review cadence and the reviews, the
two-sided scorecard and the process assessment (DOMAIN §4)."""

from django.utils import timezone
from ninja import Router, Status

from pacte.clients.selectors import client_get
from pacte.engagements.selectors import engagement_get
from pacte.kernel.pagination import paginated
from pacte.kernel.permissions import Perm

from . import selectors, services
from .schemas import (
    CadenceIn,
    CadenceOut,
    MinutesIn,
    ProcessAssessmentIn,
    ProcessAssessmentOut,
    ReviewIn,
    ReviewOut,
    ScorecardOut,
    StageIn,
    StageOut,
)

router = Router(tags=["governance"])


def _stage_out(actor, client) -> dict:
    stage = selectors.client_stage(actor=actor, client=client)
    current = stage.current
    relationship = stage.relationship
    return {
        "stage": current.stage if current else None,
        "confirmed_on": current.confirmed_on if current else None,
        "note": current.note if current else "",
        "suggested": (
            {
                "stage": stage.suggestion.stage,
                "rule": stage.suggestion.rule,
                "reason": stage.suggestion.reason,
            }
            if stage.suggestion
            else None
        ),
        "history": [
            {
                "stage": c.stage,
                "confirmed_on": c.confirmed_on,
                "note": c.note,
                "confirmed_by": c.confirmed_by.email if c.confirmed_by else None,
                "suggested_rule": c.suggested_rule,
            }
            for c in stage.history
        ],
        "relationship": {
            "started_on": relationship.started_on,
            "months": relationship.months,
            "median_months_today": selectors.MEDIAN_PARTNERSHIP_MONTHS_TODAY,
            "median_months_1990s": selectors.MEDIAN_PARTNERSHIP_MONTHS_1990S,
        },
    }


@router.get(
    "/clients/{client_id}/stage",
    response=StageOut,
    summary="The relationship's stage: confirmed, suggested (with its rule), and its history",
    tags=["clients"],
)
def client_stage(request, client_id: int):
    request.actor.require(Perm.INTERNAL_VIEW)
    client = client_get(actor=request.actor, client_id=client_id)
    return _stage_out(request.actor, client)


@router.post(
    "/clients/{client_id}/stage",
    response={201: StageOut},
    summary="Confirm the relationship's stage, with a note (owners and managers)",
    description="Adds a confirmation to the history (never edited). `confirmed_on` defaults "
    "to today and may not be in the future.",
    tags=["clients"],
)
def stage_confirm(request, client_id: int, payload: StageIn):
    request.actor.require(Perm.STAGE_CONFIRM)
    services.stage_confirm(actor=request.actor, client_id=client_id, **payload.dict())
    client = client_get(actor=request.actor, client_id=client_id)
    return Status(201, _stage_out(request.actor, client))


def _cadence_out(actor, engagement) -> dict:
    governance = selectors.engagement_governance(actor=actor, engagement=engagement, latest=0)
    cadence = governance.cadence
    return {
        "engagement_id": engagement.pk,
        "configured": cadence is not None,
        "operational": bool(cadence and cadence.operational),
        "tactical": bool(cadence and cadence.tactical),
        "strategic": bool(cadence and cadence.strategic),
        "starts_on": cadence.starts_on if cadence else None,
        "next_due": [{"kind": k, "due_on": d} for k, d in governance.next_due],
        "overdue": [
            {
                "kind": o.kind,
                "period_start": o.period.start,
                "period_end": o.period.end,
                "due_on": o.period.due_on,
                "days_late": o.days_late,
            }
            for o in governance.overdue
        ],
    }


@router.get(
    "/engagements/{engagement_id}/cadence",
    response=CadenceOut,
    summary="The engagement's review cadence, the next due day per kind, what is overdue",
    tags=["engagements"],
)
def cadence_get(request, engagement_id: int):
    request.actor.require(Perm.INTERNAL_VIEW)
    engagement = engagement_get(actor=request.actor, engagement_id=engagement_id)
    return _cadence_out(request.actor, engagement)


@router.put(
    "/engagements/{engagement_id}/cadence",
    response=CadenceOut,
    summary="Set the review cadence: weekly operational, monthly tactical, quarterly strategic",
    description="Each kind is optional; `starts_on` defaults to the engagement's start.",
    tags=["engagements"],
)
def cadence_set(request, engagement_id: int, payload: CadenceIn):
    request.actor.require(Perm.REVIEW_EDIT)
    services.cadence_set(actor=request.actor, engagement_id=engagement_id, **payload.dict())
    engagement = engagement_get(actor=request.actor, engagement_id=engagement_id)
    return _cadence_out(request.actor, engagement)


@router.get(
    "/engagements/{engagement_id}/reviews",
    response=list[ReviewOut],
    summary="The engagement's reviews, newest first",
    tags=["engagements"],
)
@paginated
def review_list(request, engagement_id: int):
    request.actor.require(Perm.INTERNAL_VIEW)
    engagement = engagement_get(actor=request.actor, engagement_id=engagement_id)
    return selectors.review_list(actor=request.actor, engagement=engagement)


@router.post(
    "/engagements/{engagement_id}/reviews",
    response={201: ReviewOut},
    summary="Record a review held, with its attendees, minutes and the decisions taken",
    description="`held_on` defaults to today; it may not be in the future nor before the "
    "engagement started. Each decision becomes a recommendation, with the client's answer "
    "when `decision` is given (R-NO: a refusal is recorded as a refusal).",
    tags=["engagements"],
)
def review_record(request, engagement_id: int, payload: ReviewIn):
    request.actor.require(Perm.REVIEW_EDIT)
    data = payload.dict()
    review = services.review_record(actor=request.actor, engagement_id=engagement_id, **data)
    return Status(201, selectors.review_get(actor=request.actor, review_id=review.pk))


@router.get("/reviews/{review_id}", response=ReviewOut, summary="One review")
def review_get(request, review_id: int):
    return selectors.review_get(actor=request.actor, review_id=review_id)


@router.post(
    "/reviews/{review_id}/minutes", response=ReviewOut, summary="Replace a review's minutes"
)
def review_minutes(request, review_id: int, payload: MinutesIn):
    services.review_update_minutes(actor=request.actor, review_id=review_id, **payload.dict())
    return selectors.review_get(actor=request.actor, review_id=review_id)


@router.get(
    "/clients/{client_id}/scorecard",
    response=ScorecardOut,
    summary="The two-sided scorecard: the client's obligations and ours, each line with its "
    "value, verdict and evidence",
    description="Verdicts: `good`, `watch`, `poor`, or `unknown` without data. For a portal "
    "token, `evidence` is a portal address (or empty).",
    tags=["clients"],
)
def client_scorecard(request, client_id: int):
    client = client_get(actor=request.actor, client_id=client_id)
    sides = selectors.client_scorecard(
        actor=request.actor, client=client, today=timezone.localdate()
    )
    return {
        side: [
            {
                "key": line.key,
                "label": str(line.label),
                "value": result.value,
                "verdict": result.verdict,
                "evidence": result.evidence,
            }
            for line, result in lines
        ]
        for side, lines in sides.items()
    }


@router.post(
    "/clients/{client_id}/process-assessments",
    response={201: ProcessAssessmentOut},
    summary="Record how far the client documents its processes (the scorecard's line)",
    tags=["clients"],
)
def process_assessment_record(request, client_id: int, payload: ProcessAssessmentIn):
    assessment = services.process_assessment_record(
        actor=request.actor, client_id=client_id, **payload.dict()
    )
    return Status(201, assessment)
