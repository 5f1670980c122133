from django import forms
from django.utils.translation import gettext_lazy as _

from pacte.kernel.forms import PacteForm


class PortalAccessForm(PacteForm):
    email = forms.EmailField(label=_("Email address"))
    full_name = forms.CharField(label=_("Full name"), required=False, max_length=150)
