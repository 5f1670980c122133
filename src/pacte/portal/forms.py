from django import forms
from django.utils.translation import gettext_lazy as _

from pacte.decisions.models import DecisionChoice


class PortalDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Your decision"), choices=DecisionChoice.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("In your words (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
