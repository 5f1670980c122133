"""Attachments in the API: attach a file to a record (multipart), list a record's files,
download one. Files are evidence: there is no PUT, PATCH nor DELETE."""

from typing import Annotated

from django.urls import reverse
from ninja import File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile
from pydantic import Field

from pacte.kernel.api_schema import ERRORS, Line, choice
from pacte.kernel.pagination import mapped, paginated

from . import selectors, services
from .files import ALLOWED
from .models import Attachment, Purpose
from .schemas import AttachmentOut
from .views import file_response

router = Router(tags=["attachments"])

SubjectId = Annotated[int, Field(ge=1, le=2**63 - 1)]
_ERROR = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}


def attachment_out(request, attachment: Attachment) -> dict:
    return {
        "id": attachment.pk,
        "name": attachment.name,
        "size": attachment.size,
        "content_type": attachment.content_type,
        "sha256": attachment.sha256,
        "purpose": attachment.purpose,
        "subject": attachment.subject_kind,
        "subject_id": attachment.subject_id,
        "uploaded_at": attachment.uploaded_at,
        "download_url": reverse("api:attachment_download", args=[attachment.pk]),
    }


@router.post(
    "/attachments",
    response={201: AttachmentOut},
    summary="Attach a file to a record (multipart: subject, subject_id, file, purpose)",
    description="`subject` is a kind of record (`decisions.recommendation`, "
    "`exchanges.exchange`, `handoff.handoffstep`, `governance.review`, `clients.client`, …) "
    "and `subject_id` its id. Accepted: PDF, PNG, JPEG, WebP, GIF, plain text, CSV, EML, "
    "ODT, ODS, DOCX, XLSX, judged by the extension and the content together; 400 "
    "`type_not_allowed` otherwise, 400 `empty_file`, 413 `too_large` beyond the limit. A "
    "`logo` is an image attached to a client. The file's SHA-256 goes into the ledger entry "
    "of the record. Files are never deleted.",
    openapi_extra={
        "responses": {
            "404": {"description": ERRORS[404], "content": _ERROR},
            "413": {
                "description": "The file is larger than the limit (`too_large`).",
                "content": _ERROR,
            },
        }
    },
    url_name="attachment_add",
)
def attachment_add(
    request,
    subject: Form[Line[60]],
    subject_id: Form[SubjectId],
    file: File[UploadedFile],
    purpose: Form[choice(Purpose)] = Purpose.EVIDENCE,
):
    attachment = services.attachment_add(
        actor=request.actor,
        subject_kind=subject,
        subject_id=subject_id,
        upload=file,
        purpose=purpose,
    )
    return Status(201, attachment_out(request, attachment))


class ListFilter(Schema):
    subject: Line[60]
    subject_id: SubjectId


@router.get(
    "/attachments",
    response=list[AttachmentOut],
    summary="A record's files, newest first",
    description="404 when the record does not exist or is not visible to this token.",
    url_name="attachment_list",
)
@paginated
def attachment_list(request, filters: Query[ListFilter]):
    rows = selectors.attachment_list(
        actor=request.actor, subject_kind=filters.subject, subject_id=filters.subject_id
    )
    return mapped(rows, lambda row: attachment_out(request, row))


@router.get(
    "/attachments/{attachment_id}/download",
    summary="Download a file (only for those who can see its record)",
    openapi_extra={
        "responses": {
            200: {
                "description": "The file's bytes, as an attachment with its sanitised name.",
                "content": {
                    kind.content_type: {"schema": {"type": "string", "format": "binary"}}
                    for kind in ALLOWED
                },
            }
        }
    },
    url_name="attachment_download",
)
def attachment_download(request, attachment_id: SubjectId):
    attachment = selectors.attachment_for_download(actor=request.actor, attachment_id=attachment_id)
    return file_response(attachment)
