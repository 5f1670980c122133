from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _

from pacte.kernel.errors import Conflict
from pacte.kernel.permissions import Perm
from pacte.kernel.tenancy import TenantManager, TenantModel, TenantQuerySet
from pacte.kernel.transitions import Move, Transitions
from pacte.kernel.validation import MULTI_LINE_TEXT, SINGLE_LINE_TEXT, TEXT_MAX_LENGTH


class RecommendationStatus(models.TextChoices):
    OPEN = "open", _("Awaiting the client's decision")
    ACCEPTED = "accepted", _("Accepted")
    REFUSED = "refused", _("Refused")
    DEFERRED = "deferred", _("Deferred")
    IMPLEMENTED = "implemented", _("Implemented")


class DecisionChoice(models.TextChoices):
    ACCEPTED = "accepted", _("Accepted")
    REFUSED = "refused", _("Refused")
    DEFERRED = "deferred", _("Deferred")


_R = RecommendationStatus
_UNTIL_IMPLEMENTED = (_R.OPEN, _R.ACCEPTED, _R.REFUSED, _R.DEFERRED)

# A recommendation's lifecycle (DOMAIN §1, R-NO): open → accepted, refused or deferred, as the
# client decides; the client may change their mind (or a late record of an older answer be
# entered) until the advice is implemented, which only what they accepted can be. A decision
# move is named after its DecisionChoice, so `moves` are the values `decision` takes.
RECOMMENDATION_TRANSITIONS = Transitions(
    _("A recommendation"),
    RecommendationStatus,
    [
        Move(
            "accepted",
            _UNTIL_IMPLEMENTED,
            _R.ACCEPTED,
            Perm.DECISION_RECORD,
            _("Accept"),
            tone="primary",
        ),
        Move("refused", _UNTIL_IMPLEMENTED, _R.REFUSED, Perm.DECISION_RECORD, _("Refuse")),
        Move("deferred", _UNTIL_IMPLEMENTED, _R.DEFERRED, Perm.DECISION_RECORD, _("Put off")),
        Move(
            "implement",
            [_R.ACCEPTED],
            _R.IMPLEMENTED,
            Perm.RECOMMENDATION_EDIT,
            _("Mark as implemented"),
            tone="primary",
        ),
    ],
)


class RecommendationQuerySet(TenantQuerySet):
    def open_to_work(self) -> RecommendationQuerySet:
        """Advice work may be logged against: not refused, put off or already done (R-NO)."""
        return self.filter(status__in=[RecommendationStatus.OPEN, RecommendationStatus.ACCEPTED])


class Recommendation(TenantModel):
    """Advice given to the client, or a situation put to them (a risk that occurred).

    `status` follows the client's latest decision (R-NO: a refusal holds until reversed)."""

    objects = TenantManager.from_queryset(RecommendationQuerySet)()

    engagement = models.ForeignKey(
        "engagements.Engagement", on_delete=models.CASCADE, related_name="recommendations"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    made_on = models.DateField(_("made on"))
    title = models.CharField(_("what we recommend"), max_length=200, validators=SINGLE_LINE_TEXT)
    rationale = models.TextField(
        _("why"), blank=True, max_length=TEXT_MAX_LENGTH, validators=MULTI_LINE_TEXT
    )
    risk_if_not_followed = models.TextField(
        _("risk if not followed"),
        blank=True,
        max_length=TEXT_MAX_LENGTH,
        validators=MULTI_LINE_TEXT,
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=RecommendationStatus.choices,
        default=RecommendationStatus.OPEN,
        db_index=True,
    )
    implemented_on = models.DateField(_("implemented on"), null=True, blank=True)
    # Later: did the announced risk materialise?
    outcome = models.TextField(
        _("outcome"), blank=True, max_length=TEXT_MAX_LENGTH, validators=MULTI_LINE_TEXT
    )
    risk_materialised = models.BooleanField(
        _("the announced risk materialised"), null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    portal_client_lookup = "engagement__client_id"

    class Meta:
        ordering = ["-made_on", "-pk"]
        indexes = [
            models.Index(fields=["workspace", "-made_on", "-id"], name="recommendation_ws_idx"),
            # The dashboard's oldest open ones, and the list by status (read backwards).
            models.Index(
                fields=["workspace", "status", "made_on", "id"], name="recommendation_status_idx"
            ),
            models.Index(
                fields=["workspace", "engagement", "-made_on", "-id"],
                name="recommendation_engagement_idx",
            ),
        ]
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")

    def __str__(self):
        return self.title

    def refuse_work_against(self) -> None:
        """R-NO: no work is logged against advice the client refused, until they reverse it.
        Time entries ask this through their relation, without importing this app."""
        if self.status == RecommendationStatus.REFUSED:
            raise Conflict(
                gettext_now(
                    "The client refused “%(title)s”: no work is logged against it unless "
                    "they change their mind."
                )
                % {"title": self.title},
                code="client_refused",
            )


class Decision(TenantModel):
    """The client's answer to a recommendation: who, when, in which words. Never edited;
    a change of mind is a new decision."""

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="decisions"
    )
    decision = models.CharField(_("decision"), max_length=10, choices=DecisionChoice.choices)
    decided_by = models.CharField(_("decided by"), max_length=150, validators=SINGLE_LINE_TEXT)
    decided_on = models.DateField(_("decided on"))
    words = models.TextField(
        _("in their words"), blank=True, max_length=TEXT_MAX_LENGTH, validators=MULTI_LINE_TEXT
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Taken by the client themself in the portal: their own written record.
    via_portal = models.BooleanField(default=False)
    reverses = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="reversed_by"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    portal_client_lookup = "recommendation__engagement__client_id"

    class Meta:
        ordering = ["-decided_on", "-pk"]
        # A client's decisions (refusals, timeline) are read through their recommendations.
        indexes = [
            models.Index(
                fields=["workspace", "recommendation", "-decided_on", "-id"],
                name="decision_recommendation_idx",
            )
        ]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
