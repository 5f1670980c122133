from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from pacte.core.tenancy import TenantModel


class Client(TenantModel):
    """The client organisation. The engagement-core issue fills in its profile."""

    name = models.CharField(_("name"), max_length=200)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    # A portal user sees exactly one client: this one.
    portal_client_lookup = "pk"

    class Meta:
        constraints = [
            models.UniqueConstraint("workspace", Lower("name"), name="client_name_unique_ci"),
        ]
        ordering = ["name"]
        verbose_name = _("client")
        verbose_name_plural = _("clients")

    def __str__(self):
        return self.name
