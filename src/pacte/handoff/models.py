"""Handing a client over at the end, and taking one over from a previous provider (§6)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from pacte.assets.models import AssetKind
from pacte.kernel.permissions import Perm
from pacte.kernel.tenancy import TenantModel
from pacte.kernel.transitions import Move, Transitions
from pacte.kernel.validation import MULTI_LINE_TEXT, SINGLE_LINE_TEXT, TEXT_MAX_LENGTH


class HandoffPlan(TenantModel):
    """Built from the asset registry when an engagement moves to closing or is terminated."""

    engagement = models.OneToOneField(
        "engagements.Engagement", on_delete=models.CASCADE, related_name="handoff"
    )
    requested_on = models.DateField(_("handoff requested on"))
    sla_working_days = models.PositiveSmallIntegerField(
        _("handover call within (working days)"), default=5
    )
    call_due_on = models.DateField(_("handover call due by"))
    call_held_on = models.DateField(_("handover call held on"), null=True, blank=True)
    closed_with_open_steps_reason = models.TextField(
        blank=True, max_length=TEXT_MAX_LENGTH, validators=MULTI_LINE_TEXT
    )
    created_at = models.DateTimeField(auto_now_add=True)

    portal_client_lookup = "engagement__client_id"

    class Meta:
        verbose_name = _("handoff plan")
        verbose_name_plural = _("handoff plans")


class StepKind(models.TextChoices):
    TRANSFER_OWNERSHIP = "transfer_ownership", _("Transfer ownership to the client")
    GRANT_CLIENT_ADMIN = "grant_client_admin", _("Give the client admin access")
    REVOKE_OUR_ACCESS = "revoke_our_access", _("Revoke our access")
    ROTATE_CREDENTIALS = "rotate_credentials", _("Ask the client to change the credentials")
    HAND_OVER_BACKUPS = "hand_over_backups", _("Hand over the backups")
    CUT_ALIAS = "cut_alias", _("Cut or redirect the email alias")


class StepStatus(models.TextChoices):
    OPEN = "open", _("To do")
    DONE = "done", _("Done")
    BLOCKED = "blocked", _("Blocked")


_ST = StepStatus

# A handoff step's lifecycle: to do → done or blocked, and back. A blocked step says what
# blocks it (a note); a done step keeps the day it was done. Keeping the status while editing
# the note, the owner or the due date is an edit, not a move. Each move is named after the
# status it reaches, so `moves` are the values `status` takes.
HANDOFF_STEP_TRANSITIONS = Transitions(
    _("A handoff step"),
    StepStatus,
    [
        Move(
            "done", [_ST.OPEN, _ST.BLOCKED], _ST.DONE, Perm.HANDOFF_EDIT, _("Mark done"), "primary"
        ),
        Move("blocked", [_ST.OPEN, _ST.DONE], _ST.BLOCKED, Perm.HANDOFF_EDIT, _("Mark blocked")),
        Move("open", [_ST.DONE, _ST.BLOCKED], _ST.OPEN, Perm.HANDOFF_EDIT, _("Reopen")),
    ],
)


class HandoffStep(TenantModel):
    plan = models.ForeignKey(HandoffPlan, on_delete=models.CASCADE, related_name="steps")
    asset = models.ForeignKey(
        "assets.Asset",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="handoff_steps",
    )
    kind = models.CharField(_("step"), max_length=30, choices=StepKind.choices)
    # Filled in with a client's name (up to 200 characters) when the plan is built.
    owner = models.CharField(_("who does it"), max_length=200, validators=SINGLE_LINE_TEXT)
    due_on = models.DateField(_("due on"))
    status = models.CharField(
        _("status"), max_length=10, choices=StepStatus.choices, default=StepStatus.OPEN
    )
    notes = models.TextField(
        _("notes"), blank=True, max_length=TEXT_MAX_LENGTH, validators=MULTI_LINE_TEXT
    )
    done_on = models.DateField(_("done on"), null=True, blank=True)

    portal_client_lookup = "plan__engagement__client_id"

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("handoff step")
        verbose_name_plural = _("handoff steps")


class TakeoverItem(TenantModel):
    """Something to recover from the client's previous provider, with the dated record of
    asking, chasing and receiving it."""

    client = models.ForeignKey(
        "clients.Client", on_delete=models.CASCADE, related_name="takeover_items"
    )
    kind = models.CharField(_("kind"), max_length=30, choices=AssetKind.choices)
    what = models.CharField(_("what to recover"), max_length=300, validators=SINGLE_LINE_TEXT)
    previous_provider = models.CharField(
        _("previous provider"), max_length=150, blank=True, validators=SINGLE_LINE_TEXT
    )
    asked_on = models.DateField(_("asked on"), null=True, blank=True)
    last_chased_on = models.DateField(_("last chased on"), null=True, blank=True)
    chase_count = models.PositiveSmallIntegerField(default=0)
    received_on = models.DateField(_("received on"), null=True, blank=True)
    notes = models.TextField(
        _("notes"), blank=True, max_length=TEXT_MAX_LENGTH, validators=MULTI_LINE_TEXT
    )
    created_at = models.DateTimeField(auto_now_add=True)

    portal_client_lookup = "client_id"

    class Meta:
        ordering = ["received_on", "kind", "pk"]
        indexes = [
            models.Index(
                fields=["workspace", "client", "received_on", "kind", "id"],
                name="takeover_client_idx",
            )
        ]
        verbose_name = _("takeover item")
        verbose_name_plural = _("takeover items")


class TakeoverEvent(TenantModel):
    """The dated record of delays: evidence when the previous provider stalls."""

    item = models.ForeignKey(TakeoverItem, on_delete=models.CASCADE, related_name="events")
    on = models.DateField(_("date"))
    event = models.CharField(
        _("event"),
        max_length=20,
        choices=[("asked", _("asked")), ("chased", _("chased")), ("received", _("received"))],
    )
    note = models.TextField(
        _("note"), blank=True, max_length=TEXT_MAX_LENGTH, validators=MULTI_LINE_TEXT
    )

    portal_client_lookup = "item__client_id"

    class Meta:
        ordering = ["on", "pk"]
        verbose_name = _("takeover event")
        verbose_name_plural = _("takeover events")
