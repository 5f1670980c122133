from django import forms
from django.utils.translation import gettext_lazy as _

from .permissions import Role


class MemberAddForm(forms.Form):
    email = forms.EmailField(label=_("Email address"))
    full_name = forms.CharField(label=_("Full name"), required=False, max_length=150)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.CONSULTANT)


class MemberRoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)


class TokenCreateForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=80,
        help_text=_("What this token is for, e.g. “accounting sync”."),
    )
