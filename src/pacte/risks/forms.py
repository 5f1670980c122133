from django import forms
from django.utils.translation import gettext_lazy as _

from pacte.kernel.forms import PacteForm
from pacte.kernel.validation import TEXT_MAX_LENGTH

from .models import Level

DATE = forms.DateInput(attrs={"type": "date"})


class RiskForm(PacteForm):
    description = forms.CharField(label=_("Risk"), max_length=300)
    likelihood = forms.ChoiceField(
        label=_("Likelihood"), choices=Level.choices, initial=Level.MEDIUM
    )
    impact = forms.ChoiceField(label=_("Impact"), choices=Level.choices, initial=Level.MEDIUM)
    mitigation = forms.CharField(
        label=_("Mitigation"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=TEXT_MAX_LENGTH,
    )
    announced_on = forms.DateField(
        label=_("Announced to the client on"), required=False, widget=DATE
    )


class RiskOccurForm(PacteForm):
    occurred_on = forms.DateField(label=_("Occurred on"), required=False, widget=DATE)
    options = forms.CharField(
        label=_("Options put to the client"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=TEXT_MAX_LENGTH,
    )
