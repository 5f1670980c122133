"""Status reports (DOMAIN §2): generated for a period from the journal of exchanges, the
actions done, the decisions pending, the risks announced and the deadlines coming; reviewed by
a member, then sent to the client's designated contacts (email) and published in the portal.
The sending is recorded: who, when, to whom, and the SHA-256 of the exact text sent, which also
goes into the ledger."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from pacte.kernel.tenancy import TenantModel
from pacte.kernel.validation import MULTI_LINE_TEXT, SINGLE_LINE_TEXT, TEXT_MAX_LENGTH


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    REVIEWED = "reviewed", _("Reviewed")
    SENT = "sent", _("Sent")


# While a report may still change: its text, and whether it was reviewed.
EDITABLE = (ReportStatus.DRAFT, ReportStatus.REVIEWED)


class StatusReport(TenantModel):
    """One status report of one engagement for one period, in the client's language."""

    engagement = models.ForeignKey(
        "engagements.Engagement", on_delete=models.CASCADE, related_name="status_reports"
    )
    # The engagement's client, kept on the row so that the portal's list and the reminder's
    # "last report sent" are each read by one index.
    client = models.ForeignKey(
        "clients.Client", on_delete=models.CASCADE, related_name="status_reports"
    )
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    status = models.CharField(
        _("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    # Plain text with simple headings ("# ", "## ", "- "), written in `language`.
    body = models.TextField(_("text"), max_length=TEXT_MAX_LENGTH, validators=MULTI_LINE_TEXT)
    language = models.CharField(
        _("language"),
        max_length=5,
        choices=[("fr", "Français"), ("en", "English")],
        default="fr",
        validators=SINGLE_LINE_TEXT,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The SHA-256 of the exact text sent (the body, which is the email's text and the
    # portal's page), also in the `status_report.sent` ledger entry.
    sent_sha256 = models.CharField(max_length=64, blank=True, validators=SINGLE_LINE_TEXT)
    recipients = models.JSONField(default=list, blank=True)

    # The client's people read their own reports (and the selectors show them sent ones only).
    portal_client_lookup = "client_id"

    class Meta:
        ordering = ["-period_end", "-pk"]
        indexes = [
            # The engagement's list, latest period first.
            models.Index(
                fields=["workspace", "engagement", "-period_end", "-id"],
                name="report_engagement_idx",
            ),
            # The portal's list (a client's sent reports, newest first) and the reminder's
            # latest sent report per client.
            models.Index(
                fields=["workspace", "client", "status", "-sent_at", "-id"],
                name="report_client_sent_idx",
            ),
            # The reminder: each engagement's latest sent report.
            models.Index(
                fields=["workspace", "engagement", "status", "-sent_at", "-id"],
                name="report_engagement_sent_idx",
            ),
            models.Index(fields=["workspace", "-period_end", "-id"], name="report_ws_idx"),
        ]
        verbose_name = _("status report")
        verbose_name_plural = _("status reports")

    def __str__(self):
        return f"{self.engagement_id}: {self.period_start} – {self.period_end}"

    @property
    def is_sent(self) -> bool:
        return self.status == ReportStatus.SENT
