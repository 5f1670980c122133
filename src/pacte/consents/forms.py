from django import forms
from django.utils.translation import gettext_lazy as _

from pacte.kernel.forms import PacteForm
from pacte.kernel.validation import TEXT_MAX_LENGTH

from .models import ConsentMethod, ConsentScope

DATE = forms.DateInput(attrs={"type": "date"})
ANSWERS = [("yes", _("Grants")), ("no", _("Refuses"))]
# The provider records the client's word from a document, an email or a call: "portal" is
# the client's own record, made in the portal only.
MEMBER_METHODS = [(v, label) for v, label in ConsentMethod.choices if v != ConsentMethod.PORTAL]


class ConsentForm(PacteForm):
    """The client's decision on one scope, recorded by a member."""

    prompts = {"scope": _("Choose the scope…")}

    scope = forms.ChoiceField(label=_("Scope"), choices=ConsentScope.choices)
    granted = forms.ChoiceField(label=_("The client"), choices=ANSWERS)
    by_contact_id = forms.ChoiceField(label=_("Given by"), required=False)
    method = forms.ChoiceField(label=_("How"), choices=MEMBER_METHODS)
    on = forms.DateField(label=_("On"), widget=DATE)
    until = forms.DateField(
        label=_("Until"),
        required=False,
        widget=DATE,
        help_text=_("Empty: until the client says otherwise. A refusal has no end date."),
    )
    consideration = forms.CharField(
        label=_("In exchange for"),
        required=False,
        max_length=300,
        help_text=_("For example: a 10 per cent discount on the next session."),
    )
    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, contacts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["by_contact_id"].choices = [("", _("Nobody in particular"))] + [
            (str(c.pk), c.full_name) for c in contacts
        ]

    def clean_granted(self):
        return self.cleaned_data["granted"] == "yes"


class RevokeForm(PacteForm):
    """The client withdraws a consent it gave, from a day."""

    on = forms.DateField(label=_("Revoked on"), widget=DATE)
    by_contact_id = forms.ChoiceField(label=_("By"), required=False)
    reason = forms.CharField(
        label=_("What the client said"),
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, contacts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["by_contact_id"].choices = [("", _("Nobody in particular"))] + [
            (str(c.pk), c.full_name) for c in contacts
        ]


class PortalConsentForm(PacteForm):
    """In the portal: the scope the client's person decides on (grant or refuse is the
    button they press)."""

    scope = forms.ChoiceField(choices=ConsentScope.choices, widget=forms.HiddenInput)


class PortalRevokeForm(PacteForm):
    reason = forms.CharField(
        label=_("Why (optional)"),
        required=False,
        max_length=TEXT_MAX_LENGTH,
        widget=forms.TextInput(),
    )
