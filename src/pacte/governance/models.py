"""Governing the partnership (DOMAIN §4): the review cadence of each engagement and its
reviews, the confirmed lifecycle stage of each client relationship, and the client's
documentation of its processes as a person assessed it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from pacte.kernel.tenancy import TenantModel
from pacte.kernel.validation import MULTI_LINE_TEXT, SINGLE_LINE_TEXT, TEXT_MAX_LENGTH

from .registries import LifecycleStage


class ReviewKind(models.TextChoices):
    """The article's governance: "Point hebdomadaire opérationnel, revue mensuelle tactique,
    comité trimestriel stratégique. Et tenez-vous-y !" """

    OPERATIONAL = "operational", _("Weekly operational review")
    TACTICAL = "tactical", _("Monthly tactical review")
    STRATEGIC = "strategic", _("Quarterly strategic committee")


class ReviewCadence(TenantModel):
    """Which reviews an engagement holds, from which day. One per engagement."""

    engagement = models.OneToOneField(
        "engagements.Engagement", on_delete=models.CASCADE, related_name="review_cadence"
    )
    operational = models.BooleanField(_("weekly operational review"), default=False)
    tactical = models.BooleanField(_("monthly tactical review"), default=False)
    strategic = models.BooleanField(_("quarterly strategic committee"), default=False)
    starts_on = models.DateField(_("from"))
    updated_at = models.DateTimeField(auto_now=True)

    portal_client_lookup = "engagement__client_id"

    class Meta:
        # A client's or a page's cadences are read through their engagements: searched on
        # (workspace, engagement), never by walking the workspace's cadences.
        indexes = [
            models.Index(fields=["workspace", "engagement"], name="review_cadence_engagement_idx")
        ]
        verbose_name = _("review cadence")
        verbose_name_plural = _("review cadences")

    def kinds(self) -> list[str]:
        """The kinds this cadence holds, in the order of ReviewKind."""
        return [kind for kind in ReviewKind.values if getattr(self, kind)]


class Review(TenantModel):
    """A review held: its date, who attended on each side, its minutes and the decisions
    taken there (recommendations of the decisions app, so R-NO applies)."""

    engagement = models.ForeignKey(
        "engagements.Engagement", on_delete=models.CASCADE, related_name="reviews"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ReviewKind.choices)
    held_on = models.DateField(_("held on"))
    # The start of the calendar period (ISO week, month, quarter) `held_on` falls in, for its
    # kind: set by the service, so the cadence reads held periods without reading reviews.
    period_start = models.DateField(editable=False)
    provider_attendees = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="+", blank=True, verbose_name=_("our side")
    )
    client_attendees = models.ManyToManyField(
        "clients.Contact", related_name="+", blank=True, verbose_name=_("the client's side")
    )
    others = models.CharField(
        _("others present"), max_length=300, blank=True, validators=SINGLE_LINE_TEXT
    )
    minutes = models.TextField(
        _("minutes"), blank=True, max_length=TEXT_MAX_LENGTH, validators=MULTI_LINE_TEXT
    )
    decisions = models.ManyToManyField(
        "decisions.Recommendation", related_name="+", blank=True, verbose_name=_("decisions")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    portal_client_lookup = "engagement__client_id"

    class Meta:
        ordering = ["-held_on", "-pk"]
        indexes = [
            # The engagement's latest reviews.
            models.Index(
                fields=["workspace", "engagement", "-held_on", "-id"], name="review_engagement_idx"
            ),
            # The held periods of each kind over the recent horizon (the cadence).
            models.Index(
                fields=["workspace", "engagement", "kind", "period_start"],
                name="review_period_idx",
            ),
        ]
        verbose_name = _("review")
        verbose_name_plural = _("reviews")

    def __str__(self):
        return f"{self.get_kind_display()} {self.held_on:%Y-%m-%d}"


class StageConfirmation(TenantModel):
    """A person's reading of the relationship's stage, dated. Never edited: the history of a
    relationship is the list of these, the latest being the current stage."""

    client = models.ForeignKey(
        "clients.Client", on_delete=models.CASCADE, related_name="stage_confirmations"
    )
    stage = models.CharField(_("stage"), max_length=20, choices=LifecycleStage.choices)
    confirmed_on = models.DateField(_("confirmed on"))
    note = models.TextField(
        _("note"), blank=True, max_length=TEXT_MAX_LENGTH, validators=MULTI_LINE_TEXT
    )
    # What Pacte suggested when the person confirmed (the rule's key, "" when none).
    suggested_rule = models.CharField(
        max_length=60, blank=True, editable=False, validators=SINGLE_LINE_TEXT
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-confirmed_on", "-pk"]
        indexes = [
            models.Index(
                fields=["workspace", "client", "-confirmed_on", "-id"], name="stage_client_idx"
            )
        ]
        verbose_name = _("stage confirmation")
        verbose_name_plural = _("stage confirmations")

    def __str__(self):
        return f"{self.get_stage_display()} {self.confirmed_on:%Y-%m-%d}"


class ProcessLevel(models.TextChoices):
    YES = "yes", _("Documented")
    PARTLY = "partly", _("Partly documented")
    NO = "no", _("Not documented")


class ProcessAssessment(TenantModel):
    """Whether the client documents its business processes, as a person judged it ("Documentez
    vos processus métier au lieu de laisser votre prestataire deviner"). The latest counts."""

    client = models.ForeignKey(
        "clients.Client", on_delete=models.CASCADE, related_name="process_assessments"
    )
    level = models.CharField(_("level"), max_length=10, choices=ProcessLevel.choices)
    note = models.TextField(
        _("note"), blank=True, max_length=TEXT_MAX_LENGTH, validators=MULTI_LINE_TEXT
    )
    assessed_on = models.DateField(_("assessed on"))
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    portal_client_lookup = "client_id"

    class Meta:
        ordering = ["-assessed_on", "-pk"]
        indexes = [
            models.Index(
                fields=["workspace", "client", "-assessed_on", "-id"], name="process_client_idx"
            )
        ]
        verbose_name = _("process assessment")
        verbose_name_plural = _("process assessments")
