"""Reads of attachments. Every read goes through the subject's `find` (registry.py) first, or
is given subjects the caller already read through their own scoped selectors: a file is
shown only to actors who can see the record it supports."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.db.models import QuerySet

from pacte.kernel.errors import NotFound
from pacte.kernel.tenancy import Actor

from .models import Attachment, Purpose
from .registry import attachable

# The key the clients app registers its clients under (letters, logos).
CLIENT_KIND = "clients.client"


def _ids_or_none(ids: list[int]) -> list[int]:
    """The ids, or [0] (no record has id 0) when there are none: the query runs either way,
    so a page costs the same number of queries with no record as with a hundred (Django
    skips the query of an empty `__in`)."""
    return ids or [0]


def _visible(actor: Actor, subject_kind: str) -> bool:
    kind = attachable(subject_kind)
    return not (actor.is_portal and not kind.portal_visible)


def attachments_of(
    *, actor: Actor, subject_kind: str, subject_ids: Iterable[int]
) -> dict[int, list[Attachment]]:
    """The files of each subject, newest first, in ONE query, even for no subject (for
    panels with a fixed query budget). The subjects must come from the caller's own scoped
    read of them: their ids are trusted here, only the workspace and the kind's portal
    visibility are checked."""
    ids = sorted({int(i) for i in subject_ids})
    found: dict[int, list[Attachment]] = defaultdict(list)
    if not _visible(actor, subject_kind):
        return found
    rows = (
        Attachment.objects.in_workspace(actor.workspace)
        .filter(subject_kind=subject_kind, subject_id__in=_ids_or_none(ids))
        .order_by("subject_id", "-uploaded_at", "-pk")
    )
    for row in rows:
        found[row.subject_id].append(row)
    return found


def attachment_list(*, actor: Actor, subject_kind: str, subject_id) -> QuerySet[Attachment]:
    """One record's files, newest first, once the actor was shown to see the record."""
    record = attachable(subject_kind).record(actor, subject_id)
    return (
        Attachment.objects.in_workspace(actor.workspace)
        .filter(subject_kind=subject_kind, subject_id=record.pk)
        .select_related("uploaded_by")
        .order_by("-uploaded_at", "-pk")
    )


def attach_target(*, actor: Actor, subject_kind: str, subject_id):
    """The record a file would be attached to, if the actor sees it (NotFound otherwise) and
    may attach to its kind (PermissionDenied otherwise): faces ask it before reading a
    posted file, as the actions do with their permission; the service asks again."""
    kind = attachable(subject_kind)
    record = kind.record(actor, subject_id)
    actor.require(kind.attach_perm)
    return record


def attachment_for_download(*, actor: Actor, attachment_id) -> Attachment:
    """The attachment, if the actor can see the record it supports (the kind's `find`, asked
    again on every download); NotFound otherwise, as for an id that does not exist."""
    # Not `for_actor`: attachments have no client of their own; the subject's `find` below
    # is what scopes a portal user to their client.
    try:
        attachment = Attachment.objects.in_workspace(actor.workspace).get(pk=attachment_id)
    except (Attachment.DoesNotExist, ValueError, TypeError, OverflowError):
        raise NotFound() from None
    attachable(attachment.subject_kind).record(actor, attachment.subject_id)
    return attachment


def logo_of(*, actor: Actor, client_ids: Iterable[int]) -> dict[int, Attachment]:
    """The latest logo of each client, in one query. Like `attachments_of`, the client ids
    come from the caller's own scoped read."""
    ids = sorted({int(i) for i in client_ids})
    found: dict[int, Attachment] = {}
    if not _visible(actor, CLIENT_KIND):
        return found
    rows = (
        Attachment.objects.in_workspace(actor.workspace)
        .filter(
            subject_kind=CLIENT_KIND,
            subject_id__in=_ids_or_none(ids),
            purpose=Purpose.LOGO,
            content_type__startswith="image/",
        )
        .order_by("subject_id", "-uploaded_at", "-pk")
    )
    for row in rows:
        found.setdefault(row.subject_id, row)
    return found
