"""R-CONSENT (DOMAIN §7): what the client allowed us to say about it, and what it refused.

A consent is one record per decision of the client on one scope: granted or refused, by whom,
how, when, until when, and against what. Records are never edited: a later record on the same
scope supersedes the earlier one, and a revocation is dated on the record it ends, so the
register reads as the history a dispute asks for."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from pacte.kernel.tenancy import TenantModel
from pacte.kernel.validation import MULTI_LINE_TEXT, SINGLE_LINE_TEXT, TEXT_MAX_LENGTH


class ConsentScope(models.TextChoices):
    REFERENCE = "reference", _("Name in reference lists")
    LOGO = "logo", _("Logo")
    CASE_STUDY = "case_study", _("Case study")
    TESTIMONIAL = "testimonial", _("Testimonial")
    FIGURES = "figures", _("Figures")


class ConsentMethod(models.TextChoices):
    DOCUMENT = "document", _("Written document")
    PORTAL = "portal", _("Given in the portal")
    EMAIL = "email", _("By email")
    ORAL = "oral", _("Orally, noted by us")


class Consent(TenantModel):
    client = models.ForeignKey("clients.Client", on_delete=models.CASCADE, related_name="consents")
    scope = models.CharField(_("scope"), max_length=20, choices=ConsentScope.choices)
    # False records a refusal: obeyed like any "no" (R-NO) until the client says otherwise.
    granted = models.BooleanField(_("granted"))
    by_contact = models.ForeignKey(
        "clients.Contact",
        verbose_name=_("given by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    method = models.CharField(
        _("how"), max_length=20, choices=ConsentMethod.choices, default=ConsentMethod.DOCUMENT
    )
    given_on = models.DateField(_("on"))
    until = models.DateField(_("until"), null=True, blank=True)
    consideration = models.CharField(
        _("in exchange for"), max_length=300, blank=True, validators=SINGLE_LINE_TEXT
    )
    notes = models.TextField(
        _("notes"), blank=True, max_length=TEXT_MAX_LENGTH, validators=MULTI_LINE_TEXT
    )
    revoked_on = models.DateField(_("revoked on"), null=True, blank=True)
    revoked_by_contact = models.ForeignKey(
        "clients.Contact",
        verbose_name=_("revoked by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    revocation_reason = models.TextField(
        _("why it was revoked"), blank=True, max_length=TEXT_MAX_LENGTH, validators=MULTI_LINE_TEXT
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    portal_client_lookup = "client_id"

    class Meta:
        ordering = ["-given_on", "-pk"]
        indexes = [
            models.Index(
                fields=["workspace", "client", "scope", "given_on"], name="consent_client_scope_idx"
            ),
            # Expiry scans walk the dated consents of a workspace, never all of them.
            models.Index(fields=["workspace", "until"], name="consent_until_idx"),
        ]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")

    def __str__(self):
        return f"{self.get_scope_display()} ({self.given_on})"

    def in_force_on(self, day) -> bool:
        """Granted, begun, not expired and not revoked on `day`."""
        return (
            self.granted
            and self.given_on <= day
            and (self.until is None or day <= self.until)
            and (self.revoked_on is None or day < self.revoked_on)
        )
