"""What an install remembers of the workspaces that came and went through it: the imports
it made (the install's log, carried into the next export's manifest) and the exports an
owner asked for from the settings page or the API."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from pacte.kernel.tenancy import TenantModel


class WorkspaceImport(TenantModel):
    """One `pacte import`: where the workspace came from. Not part of the workspace's data
    (the export's data files leave it out): the next export lists it in its manifest."""

    imported_at = models.DateTimeField(auto_now_add=True)
    # The manifest's own words: format, Pacte version, export time, ledger head.
    source_format = models.PositiveIntegerField()
    source_version = models.CharField(max_length=40)
    source_made_at = models.CharField(max_length=40)
    source_sha256 = models.CharField(max_length=64)
    ledger_length = models.PositiveBigIntegerField()
    ledger_head = models.CharField(max_length=64, blank=True)
    rows = models.PositiveBigIntegerField()
    # The imports the source had itself recorded (a workspace moved twice).
    earlier = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["imported_at", "id"]
        verbose_name = _("workspace import")
        verbose_name_plural = _("workspace imports")

    def __str__(self):
        return f"{self.workspace} ← {self.source_made_at}"


class ExportJob(TenantModel):
    """A full export asked for from the settings page or the API, written by the worker into
    the install's data folder, and downloaded by its owner when it is ready."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("waiting")
        RUNNING = "running", _("in progress")
        DONE = "done", _("ready")
        FAILED = "failed", _("failed")

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    # Rows written so far, out of the rows counted when it started.
    progress_done = models.PositiveBigIntegerField(default=0)
    progress_total = models.PositiveBigIntegerField(default=0)
    # The zip, relative to the install's exports folder; empty until done.
    file_name = models.CharField(max_length=200, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    error = models.CharField(max_length=500, blank=True)
    task_id = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["workspace", "-created_at"], name="export_job_recent")]
        verbose_name = _("workspace export")
        verbose_name_plural = _("workspace exports")

    def __str__(self):
        return f"{self.workspace} export {self.created_at:%Y-%m-%d %H:%M} ({self.status})"
