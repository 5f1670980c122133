"""Evidence files (DOMAIN §7, §8): a signed consent, a letter, review minutes, a logo.

A file supports one record of an app above (a recommendation, an exchange, a handoff step, a
review, a client…), named by its registry key (`registry.py`) and id: this app imports none of
them. Files are evidence: never edited, never deleted from the UI or the API. The bytes are
stored by content (`<workspace>/<sha256[:2]>/<sha256>`), so the same file attached twice is
stored once, and nothing a person typed ever becomes part of a path.
"""

from __future__ import annotations

from django.conf import settings
from django.core.files.storage import Storage, storages
from django.db import models
from django.utils.translation import gettext_lazy as _

from pacte.kernel.tenancy import TenantModel
from pacte.kernel.validation import SINGLE_LINE_TEXT

NAME_MAX_LENGTH = 150


class _AttachmentStorage(Storage):
    """The storage alias "attachments" of settings.STORAGES (a folder of PACTE_DATA_DIR, or an
    S3-compatible bucket), looked up on every use: a FileField evaluates its storage once, at
    import, which would pin the storage before a test (or an operator's check) overrides
    STORAGES."""

    def __getattribute__(self, name):
        if name.startswith("__"):
            return object.__getattribute__(self, name)
        return getattr(storages["attachments"], name)


_STORAGE = _AttachmentStorage()


def attachment_storage() -> Storage:
    return _STORAGE


def content_path(workspace_id: int, sha256: str) -> str:
    """Where a file's bytes live: chosen by the content alone, never by its name."""
    return f"{int(workspace_id)}/{sha256[:2]}/{sha256}"


class Purpose(models.TextChoices):
    EVIDENCE = "evidence", _("Evidence")
    LOGO = "logo", _("Logo")


class Attachment(TenantModel):
    # The registry key of the record it supports ("decisions.recommendation") and its id.
    subject_kind = models.CharField(max_length=60, validators=SINGLE_LINE_TEXT)
    subject_id = models.PositiveBigIntegerField()
    file = models.FileField(storage=attachment_storage, max_length=200)
    name = models.CharField(_("name"), max_length=NAME_MAX_LENGTH, validators=SINGLE_LINE_TEXT)
    content_type = models.CharField(max_length=100, validators=SINGLE_LINE_TEXT)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64, db_index=True, validators=SINGLE_LINE_TEXT)
    purpose = models.CharField(
        _("purpose"), max_length=10, choices=Purpose.choices, default=Purpose.EVIDENCE
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    # Portal users never read attachments directly: every read goes through the subject's
    # own `find` (registry.py), which scopes them to their client's records.

    class Meta:
        ordering = ["subject_kind", "subject_id", "-uploaded_at", "-id"]
        indexes = [
            models.Index(
                fields=["workspace", "subject_kind", "subject_id", "-uploaded_at", "-id"],
                name="attachment_subject_idx",
            )
        ]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.name

    @property
    def sha256_short(self) -> str:
        return self.sha256[:12]

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")
