from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from pacte.kernel.tenancy import TenantModel
from pacte.kernel.validation import MULTI_LINE_TEXT, SINGLE_LINE_TEXT, TEXT_MAX_LENGTH


class Channel(models.TextChoices):
    EMAIL = "email", _("Email")
    CALL = "call", _("Phone call")
    MEETING = "meeting", _("Meeting")
    MESSAGE = "message", _("Instant message")
    VIDEO = "video", _("Video call")


class ReportFrequency(models.TextChoices):
    WEEKLY = "weekly", _("Weekly")
    FORTNIGHTLY = "fortnightly", _("Every two weeks")
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")
    ON_DEMAND = "on_demand", _("On demand")


class Confidentiality(models.TextChoices):
    """R-CONSENT: how far the client's identity may leave Pacte (DOMAIN §7). "Le secret est
    la base du conseil": the strictest level is one click away, never a default to fight."""

    NAMED = "named", _("May be named")
    ANONYMISED = "anonymised", _("Anonymised stories only")
    CONFIDENTIAL = "confidential", _("Strictly confidential")


class DecisionStyle(models.TextChoices):
    SINGLE = "single", _("One person decides")
    COMMITTEE = "committee", _("A committee decides")
    CONSENSUS = "consensus", _("By consensus")
    DELEGATED = "delegated", _("Delegated to us within limits")


class Client(TenantModel):
    """The client organisation and the profile of how it likes to work (DOMAIN §1, §2)."""

    name = models.CharField(_("name"), max_length=200, validators=SINGLE_LINE_TEXT)
    city = models.CharField(_("city"), max_length=120, blank=True, validators=SINGLE_LINE_TEXT)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # R-SILENCE: the day of the latest outbound exchange about the client in general (no
    # engagement named), which counts as news for each of its engagements. Written only by
    # `exchanges.services.refresh_last_outbound` (exchanges sits above clients).
    last_general_outbound_on = models.DateField(null=True, blank=True, editable=False)
    # The "shared culture" of the articles: mails or calls? how often? who decides?
    preferred_channel = models.CharField(
        _("preferred channel"), max_length=20, choices=Channel.choices, blank=True
    )
    report_frequency = models.CharField(
        _("report frequency"), max_length=20, choices=ReportFrequency.choices, blank=True
    )
    # The member who answers for the client: their reminders go to them (the owners when
    # none is named or they left).
    responsible = models.ForeignKey(
        "core.Member",
        verbose_name=_("responsible member"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    language = models.CharField(
        _("language"),
        max_length=5,
        choices=[("fr", "Français"), ("en", "English")],
        default="fr",
    )
    decision_style = models.CharField(
        _("decision style"), max_length=20, choices=DecisionStyle.choices, blank=True
    )
    expectations = models.TextField(
        _("what they expect"), blank=True, max_length=TEXT_MAX_LENGTH, validators=MULTI_LINE_TEXT
    )
    notes = models.TextField(
        _("notes"), blank=True, max_length=TEXT_MAX_LENGTH, validators=MULTI_LINE_TEXT
    )
    # R-CONSENT. Anonymised by default: a client is never named until someone says it may be.
    confidentiality = models.CharField(
        _("confidentiality"),
        max_length=20,
        choices=Confidentiality.choices,
        default=Confidentiality.ANONYMISED,
    )

    # A portal user sees exactly one client: this one.
    portal_client_lookup = "pk"

    class Meta:
        constraints = [
            models.UniqueConstraint("workspace", Lower("name"), name="client_name_unique_ci"),
        ]
        # The list's order (the case-insensitive constraint above does not serve it).
        indexes = [models.Index(fields=["workspace", "name"], name="client_ws_name_idx")]
        ordering = ["name"]
        verbose_name = _("client")
        verbose_name_plural = _("clients")

    def __str__(self):
        return self.name


class Contact(TenantModel):
    """A person at the client. Designated contacts are the ones who decide, run, or pay."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="contacts")
    full_name = models.CharField(_("full name"), max_length=150, validators=SINGLE_LINE_TEXT)
    job_title = models.CharField(
        _("job title"), max_length=120, blank=True, validators=SINGLE_LINE_TEXT
    )
    email = models.EmailField(_("email address"), blank=True, validators=SINGLE_LINE_TEXT)
    phone = models.CharField(_("phone"), max_length=40, blank=True, validators=SINGLE_LINE_TEXT)
    for_decisions = models.BooleanField(_("designated for decisions"), default=False)
    for_operations = models.BooleanField(_("designated for operations"), default=False)
    for_billing = models.BooleanField(_("designated for billing"), default=False)

    portal_client_lookup = "client_id"

    class Meta:
        ordering = ["full_name", "pk"]
        indexes = [
            models.Index(
                fields=["workspace", "client", "full_name", "id"], name="contact_client_name_idx"
            )
        ]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")

    def __str__(self):
        return self.full_name
