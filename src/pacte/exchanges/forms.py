from django import forms
from django.utils.translation import gettext_lazy as _

from pacte.clients.models import Channel
from pacte.kernel.forms import PacteForm
from pacte.kernel.validation import TEXT_MAX_LENGTH

from .models import Direction


class ExchangeForm(PacteForm):
    occurred_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices)
    direction = forms.ChoiceField(label=_("Direction"), choices=Direction.choices)
    engagement_id = forms.TypedChoiceField(
        label=_("Engagement"), coerce=int, required=False, empty_value=None
    )
    contact_id = forms.TypedChoiceField(
        label=_("Contact"), coerce=int, required=False, empty_value=None
    )
    people = forms.CharField(label=_("People"), required=False, max_length=300)
    summary = forms.CharField(
        label=_("Summary"), widget=forms.Textarea(attrs={"rows": 2}), max_length=TEXT_MAX_LENGTH
    )
    follow_up_on = forms.DateField(
        label=_("Follow up on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, engagements=(), contacts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["engagement_id"].choices = [("", _("— the client in general —"))] + [
            (e.pk, e.title) for e in engagements
        ]
        self.fields["contact_id"].choices = [("", _("— nobody in particular —"))] + [
            (c.pk, c.full_name) for c in contacts
        ]
