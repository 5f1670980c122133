from django import forms
from django.utils.translation import gettext_lazy as _

from pacte.assets.models import AssetKind
from pacte.kernel.forms import PacteForm
from pacte.kernel.validation import TEXT_MAX_LENGTH

from .models import StepStatus

DATE = forms.DateInput(attrs={"type": "date"})


class StepForm(PacteForm):
    status = forms.ChoiceField(label=_("Status"), choices=StepStatus.choices)
    notes = forms.CharField(label=_("Notes"), required=False, max_length=1000)


class CallForm(PacteForm):
    held_on = forms.DateField(label=_("Call held on"), required=False, widget=DATE)


class CloseForm(PacteForm):
    override_reason = forms.CharField(
        label=_("Reason to close with steps still open (owner)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=TEXT_MAX_LENGTH,
    )


class TakeoverForm(PacteForm):
    prompts = {"kind": _("Choose a kind…")}

    kind = forms.ChoiceField(label=_("Kind"), choices=AssetKind.choices)
    what = forms.CharField(label=_("What to recover"), max_length=300)
    previous_provider = forms.CharField(
        label=_("Previous provider"), required=False, max_length=150
    )
    asked_on = forms.DateField(label=_("Asked on"), required=False, widget=DATE)


class TakeoverEventForm(PacteForm):
    event = forms.ChoiceField(
        choices=[("asked", _("Asked")), ("chased", _("Chased")), ("received", _("Received"))]
    )
    on = forms.DateField(label=_("Date"), required=False, widget=DATE)
    note = forms.CharField(label=_("Note"), required=False, max_length=500)
