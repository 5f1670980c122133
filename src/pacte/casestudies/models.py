"""Case studies (R-CONSENT, DOMAIN §7): a story written from an engagement, published named
only under the client's consents, otherwise anonymised, never for a confidential client.
The rules live in `services.case_study_export` (the guard) and `anonymiser.py`."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from pacte.kernel.tenancy import TenantModel
from pacte.kernel.validation import MULTI_LINE_TEXT, SINGLE_LINE_TEXT, TEXT_MAX_LENGTH


class ExportMode(models.TextChoices):
    NAMED = "named", _("Named")
    ANONYMISED = "anonymised", _("Anonymised")


class ExportFormat(models.TextChoices):
    MARKDOWN = "md", _("Markdown")
    HTML = "html", _("HTML")
    ODT = "odt", _("OpenDocument text (ODT)")


class CaseStudy(TenantModel):
    engagement = models.ForeignKey(
        "engagements.Engagement", on_delete=models.CASCADE, related_name="case_studies"
    )
    # The engagement's client, kept by the service (never typed): the client page's list
    # is read by an index, and tenancy's portal lookup needs no join.
    client = models.ForeignKey(
        "clients.Client", on_delete=models.CASCADE, related_name="case_studies", editable=False
    )
    title = models.CharField(_("title"), max_length=200, validators=SINGLE_LINE_TEXT)
    body = models.TextField(
        _("the story"),
        max_length=TEXT_MAX_LENGTH,
        validators=MULTI_LINE_TEXT,
        help_text=_("The context and what was done."),
    )
    results = models.TextField(
        _("results"),
        blank=True,
        max_length=TEXT_MAX_LENGTH,
        validators=MULTI_LINE_TEXT,
        help_text=_("With figures: they are rounded in the anonymised version."),
    )
    testimonial = models.TextField(
        _("testimonial quote"), blank=True, max_length=TEXT_MAX_LENGTH, validators=MULTI_LINE_TEXT
    )
    testimonial_by = models.ForeignKey(
        "clients.Contact",
        verbose_name=_("quote given by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    descriptor = models.CharField(
        _("descriptor"),
        max_length=200,
        blank=True,
        validators=SINGLE_LINE_TEXT,
        help_text=_(
            "Your words in place of the client's name, e.g. “a Québec maternity "
            "photographer”. Required for the anonymised version."
        ),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    portal_client_lookup = "client_id"

    class Meta:
        ordering = ["-updated_at", "-pk"]
        indexes = [
            models.Index(fields=["workspace", "-updated_at", "-id"], name="casestudy_ws_idx"),
            models.Index(
                fields=["workspace", "engagement", "-updated_at", "-id"], name="casestudy_eng_idx"
            ),
            models.Index(
                fields=["workspace", "client", "-updated_at", "-id"], name="casestudy_client_idx"
            ),
        ]
        verbose_name = _("case study")
        verbose_name_plural = _("case studies")

    def __str__(self):
        return self.title
