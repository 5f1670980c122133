from django import forms
from django.utils.translation import gettext_lazy as _


class PortalAccessForm(forms.Form):
    email = forms.EmailField(label=_("Email address"))
    full_name = forms.CharField(label=_("Full name"), required=False, max_length=150)
