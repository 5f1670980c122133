from django import forms
from django.utils.translation import gettext_lazy as _

from pacte.kernel.forms import PacteForm


class PortalAccessForm(PacteForm):
    email = forms.EmailField(label=_("Email address"))
    full_name = forms.CharField(label=_("Full name"), required=False, max_length=150)


class PortalRightsForm(PacteForm):
    """Per-contact rights (DOMAIN §9): what one person of the client's side may see."""

    finance = forms.BooleanField(
        label=_("Finance"),
        required=False,
        help_text=_("Invoices, payments and the final settlement."),
    )
    operations = forms.BooleanField(
        label=_("Operations"),
        required=False,
        help_text=_("Assets, deadlines, handoff, support requests and service levels."),
    )
    decisions = forms.BooleanField(
        label=_("Decisions"),
        required=False,
        help_text=_("Recommendations to decide, and consents."),
    )


class RenewalRemindersForm(PacteForm):
    subscribed = forms.BooleanField(
        label=_("Email me before each renewal"),
        required=False,
        help_text=_(
            "Before a contract renews tacitly, we write to you in time to cancel it if you wish."
        ),
    )
