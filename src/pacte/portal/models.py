from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from pacte.kernel.permissions import PortalScope
from pacte.kernel.tenancy import TenantModel
from pacte.kernel.validation import SINGLE_LINE_TEXT


class PortalUser(TenantModel):
    """A person of the client's side, who signs in to the portal and sees their client only.

    One person may hold portal access in several workspaces, and be a member of others, but
    holds one place per workspace: the portal of one client (issue 10, item 2).
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="portal_accesses"
    )
    client = models.ForeignKey(
        "clients.Client", on_delete=models.CASCADE, related_name="portal_users"
    )
    # The name this workspace gave: a person who already has an account elsewhere keeps
    # their own, which this workspace never sees (issue 10, item 2).
    full_name = models.CharField(
        _("full name"), max_length=150, blank=True, validators=SINGLE_LINE_TEXT
    )
    # Per-contact rights (DOMAIN §9): what this person may see and do in the
    # portal. The accountant has finance only; all three by default.
    finance = models.BooleanField(
        _("finance"), default=True, help_text=_("Invoices, payments and the final settlement.")
    )
    operations = models.BooleanField(
        _("operations"),
        default=True,
        help_text=_("Assets, deadlines, handoff, support requests and service levels."),
    )
    decisions = models.BooleanField(
        _("decisions"), default=True, help_text=_("Recommendations to decide, and consents.")
    )
    # DOMAIN §9: the client's contacts may subscribe to renewal reminders for their assets.
    renewal_reminders = models.BooleanField(_("renewal reminders"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    portal_client_lookup = "client_id"

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["workspace", "user"], name="portal_user_one_per_workspace"
            ),
        ]
        verbose_name = _("portal user")
        verbose_name_plural = _("portal users")

    def __str__(self):
        return f"{self.user} → {self.client}"

    @property
    def scopes(self) -> frozenset:
        """The portal scopes this access grants (per-contact rights, DOMAIN §9)."""
        return frozenset(scope for scope in PortalScope if getattr(self, scope.value))
