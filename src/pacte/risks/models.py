from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from pacte.kernel.tenancy import TenantModel
from pacte.kernel.validation import MULTI_LINE_TEXT, SINGLE_LINE_TEXT, TEXT_MAX_LENGTH


class Level(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")


class RiskStatus(models.TextChoices):
    OPEN = "open", _("Open")
    OCCURRED = "occurred", _("Occurred")
    CLOSED = "closed", pgettext_lazy("risk status", "Closed")


class Risk(TenantModel):
    """A risk anticipated and, ideally, announced to the client at signing (DOMAIN §2)."""

    engagement = models.ForeignKey(
        "engagements.Engagement", on_delete=models.CASCADE, related_name="risks"
    )
    description = models.CharField(_("risk"), max_length=300, validators=SINGLE_LINE_TEXT)
    likelihood = models.CharField(
        _("likelihood"), max_length=10, choices=Level.choices, default=Level.MEDIUM
    )
    impact = models.CharField(
        _("impact"), max_length=10, choices=Level.choices, default=Level.MEDIUM
    )
    mitigation = models.TextField(
        _("mitigation"), blank=True, max_length=TEXT_MAX_LENGTH, validators=MULTI_LINE_TEXT
    )
    announced_on = models.DateField(_("announced to the client on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=RiskStatus.choices, default=RiskStatus.OPEN
    )
    occurred_on = models.DateField(_("occurred on"), null=True, blank=True)
    # When it occurs, the situation is put to the client as a decision to take.
    situation = models.OneToOneField(
        "decisions.Recommendation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="source_risk",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    # Risks are announced to the client: their portal shows them.
    portal_client_lookup = "engagement__client_id"

    class Meta:
        ordering = ["status", "-pk"]
        indexes = [
            models.Index(
                fields=["workspace", "engagement", "status", "-id"], name="risk_engagement_idx"
            )
        ]
        verbose_name = _("risk")
        verbose_name_plural = _("risks")

    def __str__(self):
        return self.description
