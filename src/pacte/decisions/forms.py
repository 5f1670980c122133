from django import forms
from django.utils.translation import gettext_lazy as _

from pacte.kernel.forms import PacteForm
from pacte.kernel.validation import TEXT_MAX_LENGTH

from .models import DecisionChoice

DATE = forms.DateInput(attrs={"type": "date"})


class RecommendationForm(PacteForm):
    title = forms.CharField(label=_("What we recommend"), max_length=200)
    rationale = forms.CharField(
        label=_("Why"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=TEXT_MAX_LENGTH,
    )
    risk_if_not_followed = forms.CharField(
        label=_("Risk if not followed"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=TEXT_MAX_LENGTH,
    )


class DecisionForm(PacteForm):
    prompts = {"decision": _("Choose the decision…")}

    decision = forms.ChoiceField(label=_("Decision"), choices=DecisionChoice.choices)
    decided_by = forms.CharField(label=_("Decided by"), max_length=150, required=False)
    decided_on = forms.DateField(label=_("Date"), required=False, widget=DATE)
    note = forms.CharField(
        label=_("In their words"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=TEXT_MAX_LENGTH,
    )


class PortalDecisionForm(PacteForm):
    """The client's own answer in the portal: who and when are theirs, not to fill in."""

    decision = forms.ChoiceField(
        label=_("Your decision"), choices=DecisionChoice.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("In your words (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=TEXT_MAX_LENGTH,
    )
