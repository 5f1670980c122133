from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from pacte.kernel.tenancy import TenantModel


class Band(models.TextChoices):
    """The score's colour (issue 11): at most 50 is red, 51–75 amber, above 75 green."""

    RED = "red", _("Needs attention")
    AMBER = "amber", _("To watch")
    GREEN = "green", _("Healthy")


class Level(models.TextChoices):
    CLIENT = "client", _("Client")
    ENGAGEMENT = "engagement", _("Engagement")


class HealthSnapshot(TenantModel):
    """The score of one client or engagement on one day, with its reasons, as computed that day.

    Taken once a day by `health.services.health_snapshot_take` (idempotent: a second run the
    same day adds nothing). The trend and the dashboard's ranking read these rows; today's
    page shows the score computed afresh."""

    level = models.CharField(max_length=10, choices=Level.choices)
    client = models.ForeignKey(
        "clients.Client", on_delete=models.CASCADE, related_name="health_snapshots"
    )
    # Set for an engagement's snapshot; null for the client's own.
    engagement = models.ForeignKey(
        "engagements.Engagement",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="health_snapshots",
    )
    taken_on = models.DateField()
    score = models.PositiveSmallIntegerField()
    band = models.CharField(max_length=10, choices=Band.choices)
    # The score against the latest snapshot at least a week older (null: none that old). Kept
    # on the row so that the dashboard ranks the drops with an index, not a join of two days.
    change_7d = models.SmallIntegerField(null=True, blank=True)
    # [{"key", "weight", "value", "score", "rule"}…]: the reasons, as the API shows them.
    reasons = models.JSONField(default=list)
    # Which version of the signals and weights computed it: a change of rules is visible.
    rules_version = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["client", "taken_on"],
                condition=models.Q(level="client"),
                name="health_snapshot_client_day_unique",
            ),
            models.UniqueConstraint(
                fields=["engagement", "taken_on"],
                condition=models.Q(level="engagement"),
                name="health_snapshot_engagement_day_unique",
            ),
        ]
        indexes = [
            # The dashboard: the latest day's lowest scores, and its largest drops.
            models.Index(
                fields=["workspace", "level", "taken_on", "score", "id"],
                name="health_snapshot_rank_idx",
            ),
            models.Index(
                fields=["workspace", "level", "taken_on", "change_7d", "id"],
                name="health_snapshot_drop_idx",
            ),
            # A client's or an engagement's trend, newest first.
            models.Index(
                fields=["workspace", "client", "level", "-taken_on"],
                name="health_snapshot_client_idx",
            ),
            models.Index(
                fields=["workspace", "engagement", "-taken_on"],
                name="health_snapshot_engagement_idx",
            ),
        ]
        verbose_name = _("health snapshot")
        verbose_name_plural = _("health snapshots")
