"""Status reports in the API (DOMAIN §2): generate a draft for a period, edit it, review it,
send it; the client's people read the reports sent to them."""

from ninja import Router, Status

from pacte.engagements.selectors import engagement_get
from pacte.kernel.pagination import paginated

from . import selectors, services
from .schemas import ReportIn, ReportOut, ReportPatch

router = Router(tags=["status reports"])

LIFECYCLE = (
    "A report is generated as a `draft` in the client's language, `reviewed` by a member, "
    "then `sent` (email to the client's designated contacts, and the portal). Editing a "
    "reviewed report returns it to draft; a sent report never changes (409 `already_sent`)."
)


def _get(actor, report_id: int):
    return selectors.report_get(actor=actor, report_id=report_id)


@router.post(
    "/engagements/{engagement_id}/status-reports",
    response={201: ReportOut},
    summary="Generate a draft status report of the engagement for a period",
    description="The text is written from the period's exchanges, the actions done, the "
    "decisions awaiting the client, the risks announced to the client and the cancel-by "
    "dates coming up. `period_end` not before `period_start`, a year at most (400 "
    "`period_reversed`, `period_too_long`); the period does not start in the future. " + LIFECYCLE,
    tags=["engagements"],
)
def report_generate(request, engagement_id: int, payload: ReportIn):
    report = services.report_generate(
        actor=request.actor, engagement_id=engagement_id, **payload.dict()
    )
    return Status(201, _get(request.actor, report.pk))


@router.get(
    "/engagements/{engagement_id}/status-reports",
    response=list[ReportOut],
    summary="The engagement's status reports, the latest period first",
    description="The client's people see the reports sent to them only.",
    tags=["engagements"],
)
@paginated
def report_list(request, engagement_id: int):
    engagement = engagement_get(actor=request.actor, engagement_id=engagement_id)
    return selectors.reports_of_engagement(actor=request.actor, engagement=engagement)


@router.get("/status-reports/{report_id}", response=ReportOut, summary="One status report")
def report_get(request, report_id: int):
    return _get(request.actor, report_id)


@router.patch(
    "/status-reports/{report_id}",
    response=ReportOut,
    summary="Change the text of a report not sent yet",
    description=LIFECYCLE,
)
def report_edit(request, report_id: int, payload: ReportPatch):
    services.report_edit(actor=request.actor, report_id=report_id, **payload.dict())
    return _get(request.actor, report_id)


@router.post(
    "/status-reports/{report_id}/review",
    response=ReportOut,
    summary="Mark the report as reviewed: who and when are recorded",
    description="409 `already_reviewed`, `already_sent`. " + LIFECYCLE,
)
def report_review(request, report_id: int):
    services.report_review(actor=request.actor, report_id=report_id)
    return _get(request.actor, report_id)


@router.post(
    "/status-reports/{report_id}/send",
    response=ReportOut,
    summary="Send a reviewed report to the client's designated contacts",
    description="One email per designated contact with an address, in the client's "
    "language; the report then shows in the portal. 409 `not_reviewed`, `no_recipient` (no "
    "designated contact with an email), `already_sent`. `sent_sha256` is the SHA-256 of the "
    "text sent, journaled as `status_report.sent`.",
)
def report_send(request, report_id: int):
    services.report_send(actor=request.actor, report_id=report_id)
    return _get(request.actor, report_id)
