from django import forms
from django.utils.translation import gettext_lazy as _

from pacte.kernel.forms import NONE, PacteForm, with_prompt
from pacte.kernel.money import Currency
from pacte.kernel.validation import TEXT_MAX_LENGTH

from .models import ChangeRequestStatus, EngagementKind, TerminatedBy

DATE = forms.DateInput(attrs={"type": "date"})


class EngagementForm(PacteForm):
    client_id = forms.TypedChoiceField(label=_("Client"), coerce=int)
    title = forms.CharField(label=_("Title"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=EngagementKind.choices)
    value = forms.DecimalField(
        localize=True, label=_("Value"), max_digits=14, decimal_places=2, min_value=0
    )
    currency = forms.ChoiceField(label=_("Currency"), choices=Currency.choices)
    deposit_percent = forms.DecimalField(
        localize=True,
        label=_("Deposit (%)"),
        max_digits=5,
        decimal_places=2,
        required=False,
        help_text=_("Leave empty for the workspace's default, or give an amount instead."),
    )
    deposit_amount = forms.DecimalField(
        localize=True, label=_("or deposit amount"), max_digits=14, decimal_places=2, required=False
    )
    starts_on = forms.DateField(label=_("Starts on"), required=False, widget=DATE)
    ends_on = forms.DateField(label=_("Ends on"), required=False, widget=DATE)
    hourly_rate = forms.DecimalField(
        localize=True,
        label=_("Hourly rate"),
        max_digits=10,
        decimal_places=2,
        required=False,
        help_text=_("Time and materials: what an hour is billed at."),
    )

    def __init__(self, *args, clients=(), default_percent=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["client_id"].choices = with_prompt(
            [(c.pk, c.name) for c in clients], _("Choose a client…")
        )
        if default_percent is not None:
            # Shown, not filled in: a deposit amount typed below must not clash with it.
            self.fields["deposit_percent"].widget.attrs["placeholder"] = f"{default_percent:g}"


class ReasonForm(PacteForm):
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=TEXT_MAX_LENGTH,
    )


class TerminateForm(PacteForm):
    prompts = {"terminated_by": _("Choose who ended it…")}

    terminated_by = forms.ChoiceField(label=_("Ended by"), choices=TerminatedBy.choices)
    terminated_on = forms.DateField(label=_("Ended on"), required=False, widget=DATE)
    notice_days = forms.IntegerField(
        label=_("Notice given (days)"), required=False, min_value=0, max_value=365
    )
    reason = forms.CharField(
        label=_("Why"), widget=forms.Textarea(attrs={"rows": 2}), max_length=TEXT_MAX_LENGTH
    )


class TimeEntryForm(PacteForm):
    worked_on = forms.DateField(label=_("Date"), widget=DATE)
    minutes = forms.IntegerField(label=_("Minutes"), min_value=1, max_value=24 * 60)
    description = forms.CharField(label=_("What was done"), max_length=500)
    recommendation_id = forms.TypedChoiceField(
        label=_("For the recommendation"), coerce=int, required=False, empty_value=None
    )

    def __init__(self, *args, recommendations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recommendation_id"].choices = [("", NONE)] + [
            (r.pk, r.title) for r in recommendations
        ]


class ChangeRequestForm(PacteForm):
    title = forms.CharField(label=_("What is asked"), max_length=200)
    requested_on = forms.DateField(label=_("Asked on"), required=False, widget=DATE)
    requested_by_id = forms.TypedChoiceField(
        label=_("Asked by"), coerce=int, required=False, empty_value=None
    )
    description = forms.CharField(
        label=_("Details"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=TEXT_MAX_LENGTH,
    )

    def __init__(self, *args, contacts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["requested_by_id"].choices = [("", NONE)] + [
            (c.pk, c.full_name) for c in contacts
        ]


class ChangeRequestMoveForm(PacteForm):
    to = forms.ChoiceField(choices=[c for c in ChangeRequestStatus.choices if c[0] != "new"])
    estimate_hours = forms.DecimalField(
        localize=True, label=_("Hours"), required=False, max_digits=7, decimal_places=2
    )
    estimate_amount = forms.DecimalField(
        localize=True, label=_("Amount"), required=False, max_digits=14, decimal_places=2
    )
    invoice_id = forms.IntegerField(required=False)
