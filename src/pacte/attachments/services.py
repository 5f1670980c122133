"""The one write of this app: attach a file to a record (DOMAIN §7, §8).

Files are evidence: there is no service to edit or delete one, for anyone.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from pacte.kernel import ledger
from pacte.kernel.errors import InvalidInput, full_clean_or_raise
from pacte.kernel.tenancy import Actor

from .files import ALLOWED_EXTENSIONS, sanitise_name, sniff
from .models import NAME_MAX_LENGTH, Attachment, Purpose, attachment_storage, content_path
from .registry import attachable

DEFAULT_MAX_BYTES = 20 * 1024 * 1024


def max_bytes() -> int:
    return int(getattr(settings, "PACTE_ATTACHMENT_MAX_BYTES", DEFAULT_MAX_BYTES))


class TooLarge(InvalidInput):
    status = 413
    code = "too_large"


class TypeNotAllowed(InvalidInput):
    code = "type_not_allowed"


def _too_large() -> TooLarge:
    message = _("This file is larger than the limit of %(limit)s.") % {
        "limit": filesizeformat(max_bytes())
    }
    return TooLarge(message, fields={"file": [message]})


def _digest(upload) -> tuple[str, int]:
    """SHA-256 and size, read chunk by chunk (never the whole file in memory); stops as soon
    as the size passes the limit, whatever the client declared."""
    limit = max_bytes()
    sha = hashlib.sha256()
    size = 0
    upload.seek(0)
    for chunk in upload.chunks():
        size += len(chunk)
        if size > limit:
            raise _too_large()
        sha.update(chunk)
    upload.seek(0)
    return sha.hexdigest(), size


def _store(workspace_id: int, sha256: str, upload) -> str:
    """Save the bytes under their content's path, once: a file attached twice (to one record
    or to several) shares its bytes. Returns the storage's name for them."""
    storage = attachment_storage()
    path = content_path(workspace_id, sha256)
    if storage.exists(path):
        return path
    upload.seek(0)
    return storage.save(path, upload)


def attachment_add(
    *, actor: Actor, subject_kind: str, subject_id, upload, purpose: str = Purpose.EVIDENCE
) -> Attachment:
    """Attach `upload` (a Django UploadedFile) to the record `subject_kind`/`subject_id`.

    The actor must see the record (the kind's `find`) and hold the kind's `attach_perm`. The
    file must be within PACTE_ATTACHMENT_MAX_BYTES, not empty, of an allowed type by its
    extension and its bytes; a logo must be an image, on a kind that carries logos. The
    file's SHA-256 goes into the ledger entry whose subject is the record it supports.

    Order: every check, then the bytes into storage, then the row and the ledger entry in
    the caller's transaction. A storage failure writes nothing. A database failure after the
    bytes were stored leaves a file no row names: harmless, since it is stored under its own
    hash (the next upload of the same bytes reuses it) and never served without a row.
    """
    kind = attachable(subject_kind)
    record = kind.record(actor, subject_id)
    actor.require(kind.attach_perm)
    if purpose not in Purpose.values:
        raise InvalidInput(
            _("Choose what the file is for."), fields={"purpose": [_("Not a known purpose.")]}
        )
    if upload is None:
        raise InvalidInput(_("Choose a file."), fields={"file": [_("Choose a file.")]})
    declared = getattr(upload, "size", None)
    if declared is not None and declared > max_bytes():
        raise _too_large()
    name = sanitise_name(getattr(upload, "name", ""), max_length=NAME_MAX_LENGTH)
    sha256, size = _digest(upload)
    if size == 0:
        message = _("This file is empty.")
        raise InvalidInput(message, code="empty_file", fields={"file": [message]})
    file_type = sniff(name, upload)
    if file_type is None:
        message = _(
            "This type of file is not accepted, or its content does not match its name. "
            "Accepted: %(extensions)s."
        ) % {"extensions": ", ".join(ALLOWED_EXTENSIONS)}
        raise TypeNotAllowed(message, fields={"file": [message]})
    if purpose == Purpose.LOGO and not (kind.logo and file_type.image):
        message = _("A logo is an image (PNG, JPEG, WebP or GIF) attached to a client.")
        raise TypeNotAllowed(message, fields={"file": [message]})

    with transaction.atomic():
        stored = _store(actor.workspace.pk, sha256, upload)
        attachment = Attachment(
            workspace=actor.workspace,
            subject_kind=kind.key,
            subject_id=record.pk,
            file=stored,
            name=name,
            content_type=file_type.content_type,
            size=size,
            sha256=sha256,
            purpose=purpose,
            uploaded_by=actor.user,
        )
        full_clean_or_raise(attachment)
        attachment.save(force_insert=True)
        ledger.append(
            actor=actor,
            action="attachment.added",
            subject=record,
            payload={
                "attachment_id": attachment.pk,
                "kind": kind.key,
                "name": name,
                "size": size,
                "content_type": file_type.content_type,
                "sha256": sha256,
                "purpose": purpose,
            },
        )
    return attachment
