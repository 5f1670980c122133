"""Conflict cases (DOMAIN §3): the playbook of the article on client conflicts, as a state
machine. A case is opened on a client (and optionally some of its engagements); each step of
the playbook is a dated `ConflictStep` with what the client said, what was proposed and the
follow-up date agreed. The solution is put to the client as a recommendation (the decision
record of `decisions`, R-NO), and `exit` terminates the engagements (handoff)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from pacte.kernel.permissions import Perm
from pacte.kernel.tenancy import TenantModel
from pacte.kernel.transitions import Move, Transitions
from pacte.kernel.validation import MULTI_LINE_TEXT, SINGLE_LINE_TEXT, TEXT_MAX_LENGTH


class ConflictStatus(models.TextChoices):
    OPENED = "opened", _("Opened")
    CAUSE_IDENTIFIED = "cause_identified", _("Cause identified")
    LISTENING = "listening", _("Listening")
    SOLUTION_PROPOSED = "solution_proposed", _("Solution proposed")
    AWAITING_DECISION = "awaiting_decision", _("Awaiting the client's decision")
    RESOLVED = "resolved", _("Resolved")
    APOLOGISED = "apologised", _("We apologised")
    EXIT = "exit", _("Relationship ended")


class ConflictCause(models.TextChoices):
    MISUNDERSTANDING = "misunderstanding", _("Misunderstanding")
    SCOPE = "scope", _("Scope")
    QUALITY = "quality", _("Quality")
    DELAY = "delay", _("Delay")
    PAYMENT = "payment", _("Payment")
    BAD_FAITH = "bad_faith", _("Bad faith")
    INCOMPATIBILITY = "incompatibility", _("Incompatibility")


_C = ConflictStatus
FINAL_STATES = (_C.RESOLVED, _C.APOLOGISED, _C.EXIT)
RUNNING_STATES = (
    _C.OPENED,
    _C.CAUSE_IDENTIFIED,
    _C.LISTENING,
    _C.SOLUTION_PROPOSED,
    _C.AWAITING_DECISION,
)

# The playbook (DOMAIN §3, article "Comment sauver ta peau lors d'un conflit client"):
# opened → cause_identified → listening → solution_proposed → awaiting_decision → resolved,
# apologised or exit. A move is named after the state it reaches, so the API's `"to"` is the
# move's name. Two moves loop back from awaiting_decision when the client did not accept the
# solution (refused or put off): `listening` (listen again) and `solution_proposed` (propose
# another solution); a new proposal is a new recommendation, the old answer stays on record.
# The final states accept no move.
CONFLICT_TRANSITIONS = Transitions(
    _("A conflict case"),
    ConflictStatus,
    [
        Move(
            "cause_identified",
            [_C.OPENED],
            _C.CAUSE_IDENTIFIED,
            Perm.CONFLICT_EDIT,
            _("The cause is identified"),
            tone="primary",
        ),
        Move(
            "listening",
            [_C.CAUSE_IDENTIFIED, _C.AWAITING_DECISION],
            _C.LISTENING,
            Perm.CONFLICT_EDIT,
            _("Listen to the client"),
            tone="primary",
        ),
        Move(
            "solution_proposed",
            [_C.LISTENING, _C.AWAITING_DECISION],
            _C.SOLUTION_PROPOSED,
            Perm.CONFLICT_EDIT,
            _("Propose a solution"),
            tone="primary",
        ),
        Move(
            "awaiting_decision",
            [_C.SOLUTION_PROPOSED],
            _C.AWAITING_DECISION,
            Perm.CONFLICT_EDIT,
            _("Put the solution to the client's decision"),
            tone="primary",
        ),
        Move(
            "resolved",
            [_C.AWAITING_DECISION],
            _C.RESOLVED,
            Perm.CONFLICT_EDIT,
            _("Close it as resolved"),
            tone="primary",
        ),
        Move(
            "apologised",
            [_C.AWAITING_DECISION],
            _C.APOLOGISED,
            Perm.CONFLICT_EDIT,
            _("We were wrong: apologise"),
        ),
        Move(
            "exit",
            [_C.AWAITING_DECISION],
            _C.EXIT,
            Perm.CONFLICT_EDIT,
            _("End the relationship"),
            tone="danger",
        ),
    ],
)


class ConflictCase(TenantModel):
    """A conflict with a client, followed through the playbook."""

    client = models.ForeignKey(
        "clients.Client", on_delete=models.CASCADE, related_name="conflict_cases"
    )
    engagements = models.ManyToManyField(
        "engagements.Engagement",
        blank=True,
        related_name="conflict_cases",
        through="ConflictEngagement",
    )
    summary = models.CharField(_("summary"), max_length=200, validators=SINGLE_LINE_TEXT)
    opened_on = models.DateField(_("opened on"))
    status = models.CharField(
        _("status"), max_length=20, choices=ConflictStatus.choices, default=ConflictStatus.OPENED
    )
    cause = models.CharField(_("cause"), max_length=20, choices=ConflictCause.choices, blank=True)
    # The follow-up date agreed at the latest step (none once the case is closed).
    follow_up_on = models.DateField(_("follow-up on"), null=True, blank=True)
    # The latest solution put to the client's decision.
    solution = models.ForeignKey(
        "decisions.Recommendation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="conflict_cases",
        verbose_name=_("proposed solution"),
    )
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    portal_client_lookup = "client_id"

    class Meta:
        ordering = ["-opened_on", "-pk"]
        indexes = [
            # The workspace's list, newest first; a client's (client page panel).
            models.Index(fields=["workspace", "-opened_on", "-id"], name="conflict_ws_idx"),
            models.Index(
                fields=["workspace", "client", "-opened_on", "-id"], name="conflict_client_idx"
            ),
            # The list by status, and the dashboard's "past follow-up" read (running cases
            # by follow-up date).
            models.Index(
                fields=["workspace", "status", "-opened_on", "-id"], name="conflict_status_idx"
            ),
            models.Index(
                fields=["workspace", "follow_up_on", "id"],
                name="conflict_follow_up_idx",
                condition=models.Q(closed_on__isnull=True, follow_up_on__isnull=False),
            ),
        ]
        verbose_name = _("conflict case")
        verbose_name_plural = _("conflict cases")

    def __str__(self):
        return self.summary

    @property
    def is_running(self) -> bool:
        return self.status in RUNNING_STATES


class ConflictEngagement(TenantModel):
    """An engagement a case concerns (the link of `ConflictCase.engagements`), in the
    workspace so that an engagement's cases are read by its own index."""

    case = models.ForeignKey(ConflictCase, on_delete=models.CASCADE, related_name="links")
    engagement = models.ForeignKey(
        "engagements.Engagement", on_delete=models.CASCADE, related_name="conflict_links"
    )

    portal_client_lookup = "case__client_id"

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["case", "engagement"], name="conflict_engagement_unique"
            )
        ]
        indexes = [
            models.Index(
                fields=["workspace", "engagement", "case"], name="conflict_engagement_idx"
            ),
        ]
        verbose_name = _("engagement of a conflict")
        verbose_name_plural = _("engagements of a conflict")


class ConflictStep(TenantModel):
    """One step of the playbook: when, what the client said, what was proposed, the follow-up
    date agreed."""

    case = models.ForeignKey(ConflictCase, on_delete=models.CASCADE, related_name="steps")
    from_status = models.CharField(
        _("from"), max_length=20, choices=ConflictStatus.choices, blank=True
    )
    to_status = models.CharField(_("to"), max_length=20, choices=ConflictStatus.choices)
    on = models.DateField(_("on"))
    notes = models.TextField(
        _("what the client said"), max_length=TEXT_MAX_LENGTH, validators=MULTI_LINE_TEXT
    )
    proposed = models.TextField(
        _("what was proposed"), blank=True, max_length=TEXT_MAX_LENGTH, validators=MULTI_LINE_TEXT
    )
    follow_up_on = models.DateField(_("follow-up agreed on"), null=True, blank=True)
    cause = models.CharField(_("cause"), max_length=20, choices=ConflictCause.choices, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    portal_client_lookup = "case__client_id"

    class Meta:
        ordering = ["on", "pk"]
        indexes = [
            models.Index(fields=["workspace", "case", "on", "id"], name="conflict_step_idx"),
        ]
        verbose_name = _("conflict step")
        verbose_name_plural = _("conflict steps")
