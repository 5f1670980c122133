from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from pacte.kernel.money import Currency, Money
from pacte.kernel.permissions import Perm
from pacte.kernel.tenancy import TenantModel
from pacte.kernel.transitions import Move, Transitions
from pacte.kernel.validation import MULTI_LINE_TEXT, SINGLE_LINE_TEXT, TEXT_MAX_LENGTH


class EngagementKind(models.TextChoices):
    FIXED_PRICE = "fixed_price", _("Fixed price")
    TIME_AND_MATERIALS = "time_and_materials", _("Time and materials")
    RETAINER = "retainer", _("Retainer")
    SUBSCRIPTION = "subscription", _("Subscription")


class EngagementStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    AWAITING_DEPOSIT = "awaiting_deposit", _("Awaiting deposit")
    ACTIVE = "active", _("Active")
    ON_HOLD = "on_hold", _("On hold")
    CLOSING = "closing", _("Closing")
    CLOSED = "closed", _("Closed")
    TERMINATED = "terminated", _("Terminated")


_S = EngagementStatus
OPEN_STATUSES = (_S.DRAFT, _S.AWAITING_DEPOSIT, _S.ACTIVE, _S.ON_HOLD, _S.CLOSING)
# Before activation: the deposit is not secured yet (R-DEPOSIT). The condition of a partial
# index, and the filter that uses it: written as equalities joined by OR, because SQLite
# matches a query's `status IN (?, ?)` to no partial index, but `status = ? OR status = ?`
# to the index whose condition is the same with the values written in.
DEPOSIT_PENDING = models.Q(status=_S.DRAFT) | models.Q(status=_S.AWAITING_DEPOSIT)

# The engagement's lifecycle (DOMAIN §3): draft → awaiting_deposit → active ⇄ on_hold →
# closing → closed, or terminated from any open state. R-DEPOSIT guards `activate`.
ENGAGEMENT_TRANSITIONS = Transitions(
    _("An engagement"),
    EngagementStatus,
    [
        Move(
            "request_deposit",
            [_S.DRAFT],
            _S.AWAITING_DEPOSIT,
            Perm.ENGAGEMENT_EDIT,
            _("Ask for the deposit"),
        ),
        Move(
            "activate",
            [_S.DRAFT, _S.AWAITING_DEPOSIT],
            _S.ACTIVE,
            Perm.ENGAGEMENT_EDIT,
            _("Activate"),
            tone="primary",
        ),
        Move(
            "override_deposit",
            [_S.DRAFT, _S.AWAITING_DEPOSIT],
            _S.ACTIVE,
            Perm.DEPOSIT_OVERRIDE,
            _("Start without the deposit"),
            tone="danger",
        ),
        Move("hold", [_S.ACTIVE], _S.ON_HOLD, Perm.ENGAGEMENT_EDIT, _("Put on hold")),
        Move("resume", [_S.ON_HOLD], _S.ACTIVE, Perm.ENGAGEMENT_EDIT, _("Resume"), tone="primary"),
        Move(
            "start_closing",
            [_S.ACTIVE, _S.ON_HOLD],
            _S.CLOSING,
            Perm.ENGAGEMENT_EDIT,
            _("Start closing"),
        ),
        Move("close", [_S.CLOSING], _S.CLOSED, Perm.ENGAGEMENT_EDIT, _("Close"), tone="primary"),
        Move(
            "terminate",
            OPEN_STATUSES,
            _S.TERMINATED,
            Perm.ENGAGEMENT_EDIT,
            _("Terminate"),
            "danger",
        ),
    ],
)


class TerminatedBy(models.TextChoices):
    US = "us", _("We ended it")
    CLIENT = "client", _("The client ended it")
    MUTUAL = "mutual", _("By mutual agreement")


class Engagement(TenantModel):
    """A mission or contract with a client (DOMAIN §1). Its status changes only through the
    transition services in `engagements.services`."""

    client = models.ForeignKey(
        "clients.Client", on_delete=models.PROTECT, related_name="engagements"
    )
    title = models.CharField(_("title"), max_length=200, validators=SINGLE_LINE_TEXT)
    kind = models.CharField(
        _("kind"), max_length=30, choices=EngagementKind.choices, default=EngagementKind.FIXED_PRICE
    )
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    currency = models.CharField(
        _("currency"), max_length=3, choices=Currency.choices, default=Currency.EUR
    )
    # R-DEPOSIT: either a share of the value or a fixed amount; set at creation.
    deposit_percent = models.DecimalField(
        _("deposit (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(100)],
    )
    deposit_amount = models.DecimalField(
        _("deposit amount"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    # Time and materials: what an hour is billed at, so that the final settlement can value
    # the time logged and not invoiced yet. Blank for the other kinds (the price covers time).
    hourly_rate = models.DecimalField(
        _("hourly rate"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=EngagementStatus.choices,
        default=EngagementStatus.DRAFT,
        db_index=True,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    activated_on = models.DateField(_("activated on"), null=True, blank=True)
    # R-SILENCE: the day of the latest outbound exchange about this engagement, stored where
    # the silence is read so that the list of silences needs no subquery per engagement.
    # Written only by `exchanges.services.refresh_last_outbound` (exchanges sits above).
    last_outbound_on = models.DateField(null=True, blank=True, editable=False)
    # An owner's written reason to start without the deposit: shown on the engagement for good.
    deposit_override_reason = models.TextField(
        _("deposit override reason"),
        blank=True,
        max_length=TEXT_MAX_LENGTH,
        validators=MULTI_LINE_TEXT,
    )
    deposit_override_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    deposit_override_at = models.DateTimeField(null=True, blank=True)
    hold_reason = models.TextField(
        _("reason for the hold"), blank=True, max_length=TEXT_MAX_LENGTH, validators=MULTI_LINE_TEXT
    )
    terminated_by = models.CharField(
        _("ended by"), max_length=10, choices=TerminatedBy.choices, blank=True
    )
    terminated_on = models.DateField(_("ended on"), null=True, blank=True)
    termination_reason = models.TextField(
        _("why it ended"), blank=True, max_length=TEXT_MAX_LENGTH, validators=MULTI_LINE_TEXT
    )
    notice_days = models.PositiveSmallIntegerField(_("notice given (days)"), null=True, blank=True)

    portal_client_lookup = "client_id"

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("engagement")
        verbose_name_plural = _("engagements")
        # Each list asks for a page in the order of one of these (newest first). Every index
        # starts with the workspace, which every read names: SQLite, without statistics,
        # takes the index that matches the most equalities, so one that matches the workspace
        # and the parent beats the workspace's own (unselective) index.
        indexes = [
            models.Index(fields=["workspace", "-created_at", "-id"], name="engagement_ws_new_idx"),
            models.Index(
                fields=["workspace", "status", "-created_at", "-id"], name="engagement_status_idx"
            ),
            models.Index(
                fields=["workspace", "client", "-created_at", "-id"], name="engagement_client_idx"
            ),
            # The dashboard's "deposit not secured", oldest first: two statuses, which one
            # index on the status could only serve by sorting every row of both.
            models.Index(
                fields=["workspace", "created_at", "id"],
                condition=DEPOSIT_PENDING,
                name="engagement_deposit_due_idx",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def value_money(self) -> Money:
        return Money(self.value, self.currency)

    @property
    def required_deposit(self) -> Money:
        if self.deposit_amount is not None:
            return Money(self.deposit_amount, self.currency)
        return self.value_money.percent(self.deposit_percent or Decimal(0))

    @property
    def deposit_overridden(self) -> bool:
        return bool(self.deposit_override_reason)


class TimeEntry(TenantModel):
    """Work logged on an engagement; refused unless the engagement is active (R-DEPOSIT) and
    never against a refused recommendation (R-NO)."""

    engagement = models.ForeignKey(
        Engagement, on_delete=models.CASCADE, related_name="time_entries"
    )
    worked_on = models.DateField(_("date"))
    minutes = models.PositiveIntegerField(
        _("duration (minutes)"), validators=[MinValueValidator(1), MaxValueValidator(24 * 60)]
    )
    description = models.CharField(_("description"), max_length=500, validators=SINGLE_LINE_TEXT)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recommendation = models.ForeignKey(
        "decisions.Recommendation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="time_entries",
    )
    change_request = models.ForeignKey(
        "engagements.ChangeRequest",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="time_entries",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-worked_on", "-pk"]
        indexes = [
            models.Index(
                fields=["workspace", "engagement", "-worked_on", "-id"], name="time_engagement_idx"
            )
        ]
        verbose_name = _("time entry")
        verbose_name_plural = _("time entries")


class ChangeRequestStatus(models.TextChoices):
    NEW = "new", _("New")
    ESTIMATED = "estimated", _("Estimated")
    ACCEPTED = "accepted", _("Accepted")
    BILLED = "billed", _("Billed")
    REFUSED = "refused", _("Refused")
    ABSORBED = "absorbed", _("Absorbed (done for free)")


_CR = ChangeRequestStatus

# Change requests (DOMAIN §1): new → estimated → accepted → billed, or refused, or absorbed
# (done for free). Each move is named after the status it reaches.
CHANGE_REQUEST_TRANSITIONS = Transitions(
    _("A change request"),
    ChangeRequestStatus,
    [
        Move(
            "estimated",
            [_CR.NEW, _CR.ESTIMATED],
            _CR.ESTIMATED,
            Perm.CHANGE_REQUEST_EDIT,
            _("Estimated"),
        ),
        Move("accepted", [_CR.ESTIMATED], _CR.ACCEPTED, Perm.CHANGE_REQUEST_EDIT, _("Accepted")),
        Move("billed", [_CR.ACCEPTED], _CR.BILLED, Perm.CHANGE_REQUEST_EDIT, _("Billed")),
        Move(
            "refused", [_CR.NEW, _CR.ESTIMATED], _CR.REFUSED, Perm.CHANGE_REQUEST_EDIT, _("Refused")
        ),
        Move(
            "absorbed",
            [_CR.NEW, _CR.ESTIMATED, _CR.ACCEPTED],
            _CR.ABSORBED,
            Perm.CHANGE_REQUEST_EDIT,
            _("Absorbed (done for free)"),
        ),
    ],
)


class ChangeRequest(TenantModel):
    """An unplanned request (DOMAIN §1). Absorbing one is allowed, and counted."""

    engagement = models.ForeignKey(
        Engagement, on_delete=models.CASCADE, related_name="change_requests"
    )
    requested_by = models.ForeignKey(
        "clients.Contact",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="change_requests",
    )
    requested_on = models.DateField(_("requested on"))
    title = models.CharField(_("what"), max_length=200, validators=SINGLE_LINE_TEXT)
    description = models.TextField(
        _("details"), blank=True, max_length=TEXT_MAX_LENGTH, validators=MULTI_LINE_TEXT
    )
    estimate_hours = models.DecimalField(
        _("estimate (hours)"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    estimate_amount = models.DecimalField(
        _("estimate (amount)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ChangeRequestStatus.choices,
        default=ChangeRequestStatus.NEW,
    )
    invoice = models.ForeignKey(
        "billing.Invoice",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="change_requests",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    portal_client_lookup = "engagement__client_id"

    class Meta:
        ordering = ["-requested_on", "-pk"]
        indexes = [
            models.Index(
                fields=["workspace", "engagement", "-requested_on", "-id"],
                name="change_engagement_idx",
            )
        ]
        verbose_name = _("change request")
        verbose_name_plural = _("change requests")

    def __str__(self):
        return self.title
