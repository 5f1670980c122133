from django import forms
from django.utils.translation import gettext_lazy as _

from pacte.kernel.forms import PacteForm
from pacte.kernel.validation import TEXT_MAX_LENGTH

from .models import Category, Priority, RequestChannel, SlaCalendar, SlaMetric, SlaWindow

LOCAL_MINUTE = "%Y-%m-%dT%H:%M"


def instant_field(label, *, required=False, help_text=""):
    """A date and time typed in the workspace's time zone (`<input type="datetime-local">`)."""
    return forms.DateTimeField(
        label=label,
        required=required,
        help_text=help_text,
        input_formats=[LOCAL_MINUTE, "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=LOCAL_MINUTE),
    )


class SupportRequestForm(PacteForm):
    """A request logged by a member (after the fact too)."""

    summary = forms.CharField(label=_("Summary"), max_length=200)
    received_at = instant_field(
        _("Received at"), help_text=_("Leave empty for now. A past request may be logged.")
    )
    contact_id = forms.TypedChoiceField(
        label=_("Who asked"), coerce=int, required=False, empty_value=None
    )
    channel = forms.ChoiceField(label=_("Channel"), choices=RequestChannel.choices)
    priority = forms.ChoiceField(
        label=_("Priority"), choices=Priority.choices, initial=Priority.NORMAL
    )
    category = forms.ChoiceField(
        label=_("Category"), choices=Category.choices, initial=Category.QUESTION
    )
    engagement_id = forms.TypedChoiceField(
        label=_("Engagement"), coerce=int, required=False, empty_value=None
    )
    details = forms.CharField(
        label=_("Details"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=TEXT_MAX_LENGTH,
    )

    def __init__(self, *args, engagements=(), contacts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["engagement_id"].choices = [("", _("— the client in general —"))] + [
            (e.pk, e.title) for e in engagements
        ]
        self.fields["contact_id"].choices = [("", _("— nobody in particular —"))] + [
            (c.pk, c.full_name) for c in contacts
        ]


class PortalRequestForm(PacteForm):
    """A request the client opens in the portal: received now, from them."""

    summary = forms.CharField(label=_("What do you need?"), max_length=200)
    details = forms.CharField(
        label=_("Details"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=TEXT_MAX_LENGTH,
    )
    priority = forms.ChoiceField(
        label=_("Priority"), choices=Priority.choices, initial=Priority.NORMAL, required=False
    )
    category = forms.ChoiceField(
        label=_("Category"), choices=Category.choices, initial=Category.QUESTION, required=False
    )


class MoveForm(PacteForm):
    at = instant_field(_("When"), help_text=_("Leave empty for now."))


class SlaForm(PacteForm):
    metric = forms.ChoiceField(label=_("Metric"), choices=SlaMetric.choices)
    target_minutes = forms.IntegerField(
        label=_("Target (business minutes)"),
        required=False,
        min_value=1,
        help_text=_("8 business hours: 480. Not for availability."),
    )
    target_percent = forms.DecimalField(
        label=_("Target availability (%)"),
        required=False,
        max_digits=5,
        decimal_places=2,
        help_text=_("For availability only, e.g. 99.5."),
    )
    window = forms.ChoiceField(label=_("Window"), choices=SlaWindow.choices)
    priority = forms.ChoiceField(
        label=_("Priority"),
        required=False,
        choices=[("", _("Every priority")), *Priority.choices],
    )
    calendar = forms.ChoiceField(label=_("Counted in"), choices=SlaCalendar.choices)
    agreed_on = forms.DateField(
        label=_("Agreed on"),
        required=False,
        help_text=_("Leave empty to send it as a proposal."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )


class AgreeForm(PacteForm):
    agreed_on = forms.DateField(
        label=_("Agreed on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    agreed_by = forms.CharField(label=_("Agreed by (client side)"), max_length=150, required=False)


class MeasurementForm(PacteForm):
    period = forms.CharField(
        label=_("Month"),
        max_length=7,
        help_text=_("YYYY-MM; for a quarterly SLA, any month of the quarter."),
        widget=forms.TextInput(attrs={"type": "month"}),
    )
    value_percent = forms.DecimalField(
        label=_("Measured availability (%)"), max_digits=5, decimal_places=2
    )
