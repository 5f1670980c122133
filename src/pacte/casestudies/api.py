from django.http import HttpResponse
from ninja import Query, Router, Schema, Status

from pacte.clients.selectors import client_get
from pacte.engagements.selectors import engagement_get
from pacte.kernel.api_schema import choice
from pacte.kernel.pagination import paginated

from . import selectors, services
from .models import ExportFormat, ExportMode
from .schemas import CaseStudyDetailOut, CaseStudyIn, CaseStudyOut, CaseStudyPatch

router = Router(tags=["case studies"])

GUARD = (
    "R-CONSENT. A confidential client's case study is never exported (409 "
    "`confidential_client`, whatever the mode), nor one the client refused (R-NO: 409 "
    "`consent_refused`). `named` needs the client's level “may be "
    "named” and a consent in force for each scope the text uses: `case_study`, `figures` when "
    "it states figures, `testimonial` when it has a quote (409 `consent_missing`, the scopes "
    "named in `detail`); the logo is never part of these formats. `anonymised` (the default) "
    "replaces the client by the descriptor, its people, identifiers and places by neutral "
    "words, rounds the figures, then re-scans the rendered text and answers 409 "
    "`identity_leak` naming any span still found; 400 `descriptor_missing` without a "
    "descriptor. The SHA-256 of each text returned is written to the ledger. Owners and "
    "managers only."
)


def _detail(actor, study):
    allowed = selectors.publication(actor=actor, case_study=study)
    study.confidential = allowed.confidential
    study.nameable = allowed.nameable
    study.consents_needed = [{"scope": n.scope, "in_force": n.in_force} for n in allowed.needs]
    study.named_allowed = allowed.named_allowed
    return study


@router.get(
    "/case-studies",
    response=list[CaseStudyOut],
    summary="Case studies, the latest changed first",
)
@paginated
def case_study_list(request, engagement_id: int | None = None, client_id: int | None = None):
    actor = request.actor
    engagement = engagement_get(actor=actor, engagement_id=engagement_id) if engagement_id else None
    client = client_get(actor=actor, client_id=client_id) if client_id else None
    return selectors.case_study_list(actor=actor, engagement=engagement, client=client)


@router.post(
    "/case-studies",
    response={201: CaseStudyDetailOut},
    summary="Write a case study from an engagement",
    description="The quote's author must be a contact of the engagement's client (400 "
    "`contact_of_another_client`). Nothing leaves Pacte until it is exported.",
)
def case_study_create(request, payload: CaseStudyIn):
    study = services.case_study_create(actor=request.actor, **payload.dict())
    study = selectors.case_study_get(actor=request.actor, case_study_id=study.pk)
    return Status(201, _detail(request.actor, study))


@router.get(
    "/case-studies/{case_study_id}",
    response=CaseStudyDetailOut,
    summary="One case study, with the consents its named publication needs",
)
def case_study_get(request, case_study_id: int):
    study = selectors.case_study_get(actor=request.actor, case_study_id=case_study_id)
    return _detail(request.actor, study)


@router.patch(
    "/case-studies/{case_study_id}",
    response=CaseStudyDetailOut,
    summary="Change a case study",
)
def case_study_update(request, case_study_id: int, payload: CaseStudyPatch):
    changes = payload.dict(exclude_unset=True)
    services.case_study_update(actor=request.actor, case_study_id=case_study_id, **changes)
    study = selectors.case_study_get(actor=request.actor, case_study_id=case_study_id)
    return _detail(request.actor, study)


class ExportQuery(Schema):
    mode: choice(ExportMode) = "anonymised"
    format: choice(ExportFormat) = "md"


_ERROR = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}


@router.get(
    "/case-studies/{case_study_id}/export",
    summary="Export a case study for publication, behind the guard",
    description=GUARD,
    openapi_extra={
        "responses": {
            200: {
                "description": "The text: Markdown, a standalone HTML page, or an ODT file.",
                "content": {
                    "text/markdown": {"schema": {"type": "string"}},
                    "text/html": {"schema": {"type": "string"}},
                    "application/vnd.oasis.opendocument.text": {
                        "schema": {"type": "string", "format": "binary"}
                    },
                },
            },
            409: {
                "description": (
                    "`confidential_client`, `consent_refused`, `consent_missing` or "
                    "`identity_leak`."
                ),
                "content": _ERROR,
            },
        }
    },
)
def case_study_export(request, case_study_id: int, query: Query[ExportQuery]):
    export = services.case_study_export(
        actor=request.actor, case_study_id=case_study_id, mode=query.mode, fmt=query.format
    )
    response = HttpResponse(export.content, content_type=export.content_type)
    response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
    response["X-Content-SHA256"] = export.sha256
    return response
