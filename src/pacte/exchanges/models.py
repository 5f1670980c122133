from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from pacte.clients.models import Channel
from pacte.kernel.tenancy import TenantModel
from pacte.kernel.validation import MULTI_LINE_TEXT, SINGLE_LINE_TEXT, TEXT_MAX_LENGTH


class Direction(models.TextChoices):
    OUTBOUND = "outbound", _("We reached out")
    INBOUND = "inbound", _("The client reached out")


class Exchange(TenantModel):
    """One entry of the journal of exchanges (DOMAIN §2)."""

    client = models.ForeignKey("clients.Client", on_delete=models.CASCADE, related_name="exchanges")
    engagement = models.ForeignKey(
        "engagements.Engagement",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="exchanges",
    )
    # The client's person who wrote or called (R-CONTACTS counts the inbound ones).
    contact = models.ForeignKey(
        "clients.Contact",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="exchanges",
        verbose_name=_("contact"),
    )
    occurred_on = models.DateField(_("date"))
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices)
    people = models.CharField(_("people"), max_length=300, blank=True, validators=SINGLE_LINE_TEXT)
    summary = models.TextField(_("summary"), max_length=TEXT_MAX_LENGTH, validators=MULTI_LINE_TEXT)
    follow_up_on = models.DateField(_("follow up on"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-occurred_on", "-pk"]
        verbose_name = _("exchange")
        verbose_name_plural = _("exchanges")
        indexes = [
            # The journal's pages, newest first: the workspace's, a client's, an engagement's.
            models.Index(fields=["workspace", "-occurred_on", "-id"], name="exchange_ws_idx"),
            models.Index(
                fields=["workspace", "client", "-occurred_on", "-id"], name="exchange_client_idx"
            ),
            models.Index(
                fields=["workspace", "engagement", "-occurred_on", "-id"],
                name="exchange_engagement_idx",
            ),
            # R-SILENCE: the last outbound date about an engagement, and about its client in
            # general (no engagement), each read from the index alone.
            models.Index(
                fields=["engagement", "direction", "occurred_on"], name="exchange_silence_idx"
            ),
            models.Index(
                fields=["client", "engagement", "direction", "occurred_on"],
                name="exchange_client_silence_idx",
            ),
        ]
