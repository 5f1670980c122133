"""A reminder is one message about one record to one person, stored before it is sent.

The row is unique on (workspace, kind, object, due date, stage, recipient): whoever scans,
however often, and after a crash, a reminder exists once and is sent at most once (its email
carries the dedupe key `reminder:<id>`). Immediate reminders are queued when they are stored;
digest ones wait for their digest, which queues one email for all of them.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from pacte.kernel.models import Member, OutboundEmail
from pacte.kernel.tenancy import TenantModel

from .kinds import Delivery


class Reminder(TenantModel):
    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for its digest")
        QUEUED = "queued", _("queued")
        MUTED = "muted", _("not sent (turned off)")

    kind = models.CharField(max_length=60)
    object_type = models.CharField(max_length=60)
    object_id = models.PositiveBigIntegerField()
    due_on = models.DateField()
    stage = models.CharField(max_length=20, blank=True)
    client = models.ForeignKey(
        "clients.Client", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    recipient_email = models.EmailField(max_length=254)
    # A member (their preferences apply), or None for the client's own people.
    recipient_member = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.CASCADE, related_name="reminders"
    )
    language = models.CharField(max_length=5, default="fr")
    delivery = models.CharField(max_length=10, choices=Delivery.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    # What it says, rendered in the recipient's language when it was stored.
    subject = models.CharField(max_length=300)
    body = models.TextField()
    url = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # The email that carries it: its own, or its digest. Pruned emails leave `queued_at`.
    email = models.ForeignKey(
        OutboundEmail, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    queued_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "workspace",
                    "kind",
                    "object_type",
                    "object_id",
                    "due_on",
                    "stage",
                    "recipient_email",
                ],
                name="reminder_once",
            ),
        ]
        indexes = [
            models.Index(fields=["workspace", "status", "delivery"], name="reminder_waiting"),
            models.Index(fields=["workspace", "-created_at"], name="reminder_recent"),
        ]
        ordering = ["-created_at", "-id"]
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")

    def __str__(self):
        return f"{self.kind} {self.object_type}:{self.object_id} → {self.recipient_email}"


class ReminderPreference(TenantModel):
    """How one member wants one kind of reminder; the kind's default when there is no row."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=60)
    delivery = models.CharField(max_length=10, choices=Delivery.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["member", "kind"], name="reminder_preference_once"),
        ]
        verbose_name = _("reminder preference")
        verbose_name_plural = _("reminder preferences")

    def __str__(self):
        return f"{self.member_id} {self.kind}: {self.delivery}"


class ReminderSettings(TenantModel):
    """A member's language for emails (the app's language follows the browser)."""

    member = models.OneToOneField(Member, on_delete=models.CASCADE, related_name="+")
    language = models.CharField(
        _("language of emails"),
        max_length=5,
        choices=[("fr", "Français"), ("en", "English")],
        default=settings.LANGUAGE_CODE,
    )

    class Meta:
        verbose_name = _("reminder settings")
        verbose_name_plural = _("reminder settings")
