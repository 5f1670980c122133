from django import forms
from django.utils.translation import gettext_lazy as _

from pacte.kernel.forms import PacteForm
from pacte.kernel.permissions import Role


class MemberAddForm(PacteForm):
    email = forms.EmailField(label=_("Email address"))
    full_name = forms.CharField(label=_("Full name"), required=False, max_length=150)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.CONSULTANT)


class MemberRoleForm(PacteForm):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)


class TokenCreateForm(PacteForm):
    name = forms.CharField(
        label=_("Name"),
        max_length=80,
        help_text=_("What this token is for, e.g. “accounting sync”."),
    )


class WorkspacePolicyForm(PacteForm):
    default_deposit_percent = forms.DecimalField(
        label=_("Deposit asked by default (%)"),
        min_value=1,
        max_value=100,
        decimal_places=2,
        localize=True,
    )
    silence_days = forms.IntegerField(
        label=_("Days without news before an engagement is flagged"), min_value=1, max_value=365
    )
