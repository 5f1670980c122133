"""Support requests and the SLAs negotiated with the client (DOMAIN §4).

A request stores its instants (received, first response, resolution, cancellation) and the
intervals it waited for the client; every clock is recomputed from them (`clocks.py`), never
kept as a running total, so a change of calendar or target applies to every count.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from pacte.clients.models import Channel
from pacte.kernel.permissions import Perm
from pacte.kernel.tenancy import TenantModel
from pacte.kernel.transitions import Move, Transitions
from pacte.kernel.validation import MULTI_LINE_TEXT, SINGLE_LINE_TEXT, TEXT_MAX_LENGTH


class RequestChannel(models.TextChoices):
    EMAIL = Channel.EMAIL.value, Channel.EMAIL.label
    CALL = Channel.CALL.value, Channel.CALL.label
    MEETING = Channel.MEETING.value, Channel.MEETING.label
    MESSAGE = Channel.MESSAGE.value, Channel.MESSAGE.label
    VIDEO = Channel.VIDEO.value, Channel.VIDEO.label
    PORTAL = "portal", _("Client portal")


class Priority(models.TextChoices):
    LOW = "low", _("Low")
    NORMAL = "normal", _("Normal")
    HIGH = "high", _("High")
    URGENT = "urgent", _("Urgent")


class Category(models.TextChoices):
    QUESTION = "question", _("Question")
    INCIDENT = "incident", _("Incident")
    CHANGE = "change", _("Change")
    ACCESS = "access", _("Access")
    BILLING = "billing", _("Billing")
    OTHER = "other", _("Other")


class RequestStatus(models.TextChoices):
    OPEN = "open", _("Open")
    RESPONDED = "responded", _("Responded")
    WAITING_CLIENT = "waiting_client", _("Waiting for the client")
    IN_PROGRESS = "in_progress", _("In progress")
    RESOLVED = "resolved", _("Resolved")
    CANCELLED = "cancelled", _("Cancelled")


_S = RequestStatus
FINAL_STATES = (_S.RESOLVED, _S.CANCELLED)
RUNNING_STATES = (_S.OPEN, _S.RESPONDED, _S.WAITING_CLIENT, _S.IN_PROGRESS)

# A request's lifecycle (DOMAIN §4): open → responded → waiting_client ⇄ in_progress →
# resolved, or cancelled from any state not yet final. Resolving an open request is its first
# response too; resolving while waiting closes the wait.
SUPPORT_REQUEST_TRANSITIONS = Transitions(
    _("A support request"),
    RequestStatus,
    [
        Move(
            "respond",
            [_S.OPEN],
            _S.RESPONDED,
            Perm.SUPPORT_REQUEST_HANDLE,
            _("Record the first response"),
            tone="primary",
        ),
        Move("start", [_S.RESPONDED], _S.IN_PROGRESS, Perm.SUPPORT_REQUEST_HANDLE, _("Start work")),
        Move(
            "wait_for_client",
            [_S.RESPONDED, _S.IN_PROGRESS],
            _S.WAITING_CLIENT,
            Perm.SUPPORT_REQUEST_HANDLE,
            _("Wait for the client"),
        ),
        Move(
            "client_replied",
            [_S.WAITING_CLIENT],
            _S.IN_PROGRESS,
            Perm.SUPPORT_REQUEST_HANDLE,
            _("The client replied"),
        ),
        Move(
            "resolve",
            [_S.OPEN, _S.RESPONDED, _S.IN_PROGRESS, _S.WAITING_CLIENT],
            _S.RESOLVED,
            Perm.SUPPORT_REQUEST_HANDLE,
            _("Resolve"),
            tone="primary",
        ),
        Move(
            "cancel",
            RUNNING_STATES,
            _S.CANCELLED,
            Perm.SUPPORT_REQUEST_HANDLE,
            _("Cancel"),
            tone="danger",
        ),
    ],
)


class SupportRequest(TenantModel):
    """A request from the client: who asked, how, when it was received, answered and
    resolved; the waits for the client are `SupportRequestWait` rows."""

    client = models.ForeignKey(
        "clients.Client", on_delete=models.CASCADE, related_name="support_requests"
    )
    engagement = models.ForeignKey(
        "engagements.Engagement",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="support_requests",
    )
    contact = models.ForeignKey(
        "clients.Contact",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="support_requests",
        verbose_name=_("who asked"),
    )
    channel = models.CharField(
        _("channel"), max_length=20, choices=RequestChannel.choices, default=RequestChannel.EMAIL
    )
    summary = models.CharField(_("summary"), max_length=200, validators=SINGLE_LINE_TEXT)
    details = models.TextField(
        _("details"), blank=True, max_length=TEXT_MAX_LENGTH, validators=MULTI_LINE_TEXT
    )
    priority = models.CharField(
        _("priority"), max_length=10, choices=Priority.choices, default=Priority.NORMAL
    )
    category = models.CharField(
        _("category"), max_length=10, choices=Category.choices, default=Category.QUESTION
    )
    received_at = models.DateTimeField(_("received at"))
    first_response_at = models.DateTimeField(_("first response at"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=RequestStatus.choices, default=RequestStatus.OPEN
    )
    opened_in_portal = models.BooleanField(default=False)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    portal_client_lookup = "client_id"

    class Meta:
        ordering = ["-received_at", "-pk"]
        indexes = [
            # The workspace's list, newest first; a client's; by status; an engagement's.
            models.Index(
                fields=["workspace", "-received_at", "-id"], name="support_request_ws_idx"
            ),
            models.Index(
                fields=["workspace", "client", "-received_at", "-id"],
                name="support_request_client_idx",
            ),
            models.Index(
                fields=["workspace", "status", "-received_at", "-id"],
                name="support_request_status_idx",
            ),
            models.Index(
                fields=["workspace", "engagement", "-received_at", "-id"],
                name="support_request_eng_idx",
            ),
            # Compliance reads the requests of one window by the instant of their event.
            models.Index(
                fields=["workspace", "client", "first_response_at"],
                name="support_request_resp_idx",
            ),
            models.Index(
                fields=["workspace", "client", "resolved_at"], name="support_request_res_idx"
            ),
        ]
        verbose_name = _("support request")
        verbose_name_plural = _("support requests")

    def __str__(self):
        return self.summary

    @property
    def is_running(self) -> bool:
        return self.status in RUNNING_STATES


class SupportRequestWait(TenantModel):
    """One interval the request waited for the client: the resolution clock pauses."""

    request = models.ForeignKey(SupportRequest, on_delete=models.CASCADE, related_name="waits")
    started_at = models.DateTimeField(_("waiting since"))
    ended_at = models.DateTimeField(_("until"), null=True, blank=True)

    portal_client_lookup = "request__client_id"

    class Meta:
        ordering = ["started_at", "pk"]
        indexes = [
            models.Index(fields=["workspace", "request", "started_at"], name="support_wait_idx")
        ]
        verbose_name = _("wait for the client")
        verbose_name_plural = _("waits for the client")


class SlaMetric(models.TextChoices):
    FIRST_RESPONSE = "first_response", _("First response")
    RESOLUTION = "resolution", _("Resolution")
    # The resolution clock of the requests of category "change".
    DELIVERY_DELAY = "delivery_delay", _("Delivery delay")
    AVAILABILITY = "availability", _("Availability")


class SlaWindow(models.TextChoices):
    MONTH = "month", _("Month")
    QUARTER = "quarter", _("Quarter")


class SlaCalendar(models.TextChoices):
    BUSINESS_HOURS = "business_hours", _("Business hours")
    ROUND_THE_CLOCK = "round_the_clock", _("Round the clock")


class Sla(TenantModel):
    """A service level negotiated with the client, for one engagement or the whole client.
    Until `agreed_on` is set it is a proposal, and counts for nothing."""

    client = models.ForeignKey("clients.Client", on_delete=models.CASCADE, related_name="slas")
    engagement = models.ForeignKey(
        "engagements.Engagement",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="slas",
    )
    metric = models.CharField(_("metric"), max_length=20, choices=SlaMetric.choices)
    target_minutes = models.PositiveIntegerField(
        _("target (minutes)"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    target_percent = models.DecimalField(
        _("target (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    window = models.CharField(
        _("window"), max_length=10, choices=SlaWindow.choices, default=SlaWindow.MONTH
    )
    # Blank: applies to every priority.
    priority = models.CharField(_("priority"), max_length=10, choices=Priority.choices, blank=True)
    calendar = models.CharField(
        _("calendar"),
        max_length=20,
        choices=SlaCalendar.choices,
        default=SlaCalendar.BUSINESS_HOURS,
    )
    agreed_on = models.DateField(_("agreed on"), null=True, blank=True)
    agreed_in_portal = models.BooleanField(default=False)
    agreed_by = models.CharField(
        _("agreed by"), max_length=150, blank=True, validators=SINGLE_LINE_TEXT
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    portal_client_lookup = "client_id"

    class Meta:
        ordering = ["metric", "pk"]
        indexes = [
            models.Index(fields=["workspace", "client", "metric", "id"], name="sla_client_idx"),
            models.Index(fields=["workspace", "engagement", "metric", "id"], name="sla_eng_idx"),
            models.Index(fields=["workspace", "-created_at", "-id"], name="sla_ws_idx"),
        ]
        verbose_name = _("SLA")
        verbose_name_plural = _("SLAs")

    def __str__(self):
        return str(self.get_metric_display())

    def clean(self):
        """Each metric has its own kind of target: business minutes for the clocks, a
        percentage for availability."""
        if self.metric == SlaMetric.AVAILABILITY:
            if self.target_percent is None:
                raise ValidationError({"target_percent": _("Availability needs a percentage.")})
        elif not self.target_minutes:
            raise ValidationError({"target_minutes": _("This metric needs a target in minutes.")})

    @property
    def is_agreed(self) -> bool:
        return self.agreed_on is not None

    @property
    def measures_requests(self) -> bool:
        return self.metric != SlaMetric.AVAILABILITY


class SlaMeasurement(TenantModel):
    """Availability as measured over one window (entered, not computed)."""

    sla = models.ForeignKey(Sla, on_delete=models.CASCADE, related_name="measurements")
    period_start = models.DateField(_("period"))
    value_percent = models.DecimalField(
        _("measured (%)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    portal_client_lookup = "sla__client_id"

    class Meta:
        ordering = ["-period_start"]
        constraints = [
            models.UniqueConstraint(fields=["sla", "period_start"], name="sla_measurement_unique")
        ]
        indexes = [
            models.Index(fields=["workspace", "sla", "-period_start"], name="sla_measurement_idx")
        ]
        verbose_name = _("measurement")
        verbose_name_plural = _("measurements")
