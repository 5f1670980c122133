import hashlib

from django.utils import timezone
from ninja import Router, Status

from pacte.clients.selectors import client_get
from pacte.kernel.api_schema import choice
from pacte.kernel.pagination import paginated

from . import selectors, services
from .schemas import (
    ClientConsentsOut,
    ConsentIn,
    ConsentOut,
    ReferenceExportOut,
    ReferenceOut,
    RevokeIn,
)

router = Router(tags=["consents"])

RULES = (
    "R-CONSENT: a later record on a scope supersedes the earlier one; a refusal has no "
    "`until` and stands until the client grants (R-NO). `on` is not in the future nor more "
    "than ten years ago; `until` comes after `on`, ten years at most; `by_contact_id` is a "
    "contact of the client; `method: portal` is reserved to the client's own people."
)


@router.get("/consents", response=list[ConsentOut], summary="Consent records, newest first")
@paginated
def consent_list(request, client_id: int | None = None):
    return selectors.consent_list(actor=request.actor, client_id=client_id)


@router.post(
    "/consents",
    response={201: ConsentOut},
    summary="Record a grant or a refusal",
    description=RULES,
)
def consent_create(request, payload: ConsentIn):
    return Status(201, services.consent_record(actor=request.actor, **payload.dict()))


@router.post(
    "/consents/{consent_id}/revoke",
    response=ConsentOut,
    summary="Revoke a grant from a day",
    description="Only a grant not yet revoked nor expired (409), not before it was given.",
)
def consent_revoke(request, consent_id: int, payload: RevokeIn):
    return services.consent_revoke(actor=request.actor, consent_id=consent_id, **payload.dict())


@router.get(
    "/clients/{client_id}/consents",
    response=ClientConsentsOut,
    summary="The standing decision per scope today",
    tags=["clients"],
)
def client_consents(request, client_id: int):
    actor = request.actor
    client = client_get(actor=actor, client_id=client_id)
    today = timezone.localdate()
    scopes = selectors.consent_register(actor=actor, client=client, on=today)
    return {
        "client_id": client.pk,
        "confidentiality": client.confidentiality,
        "may_be_named": selectors.may_be_named(client),
        "on": today,
        "scopes": [
            {"scope": s.scope, "state": s.state, "in_force": s.in_force, "standing": s.standing}
            for s in scopes
        ],
    }


@router.get(
    "/references",
    response=list[ReferenceOut],
    summary="The reference list: named clients with a reference consent in force today",
)
@paginated
def reference_list(request):
    rows = selectors.reference_list(actor=request.actor, on=timezone.localdate())
    return [
        {
            "client_id": r.client.pk,
            "name": r.client.name,
            "city": r.client.city,
            "logo": r.logo,
            "logo_url": r.logo_url,
            "reference_until": r.reference.until,
        }
        for r in rows
    ]


@router.get(
    "/references/export",
    response=ReferenceExportOut,
    summary="The reference list as a file's text (CSV or HTML), journaled with its hash",
    description="R-CONSENT: the guard sits in the export; a client whose level is not "
    "“named”, or without a reference consent in force today, is never in the text.",
)
def reference_export(request, format: choice(services.EXPORT_FORMATS) = "csv"):
    text, content_type, filename = services.reference_list_export(
        actor=request.actor, format=format
    )
    return {
        "format": format,
        "filename": filename,
        "content_type": content_type,
        "text": text,
        "sha256": hashlib.sha256(text.encode()).hexdigest(),
    }
