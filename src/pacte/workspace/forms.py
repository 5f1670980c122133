from django import forms
from django.utils.dates import WEEKDAYS as WEEKDAY_NAMES
from django.utils.translation import gettext_lazy as _

from pacte.kernel.business_time import WEEKDAYS, country_names
from pacte.kernel.forms import PacteForm
from pacte.kernel.permissions import Role


class MemberAddForm(PacteForm):
    email = forms.EmailField(label=_("Email address"))
    full_name = forms.CharField(label=_("Full name"), required=False, max_length=150)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.CONSULTANT)


class InvitationJoinForm(PacteForm):
    """The invitation link's form for a person who has no password yet."""

    full_name = forms.CharField(label=_("Full name"), required=False, max_length=150)
    password1 = forms.CharField(
        label=_("Choose a password"),
        strip=False,
        max_length=128,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("The same password again"),
        strip=False,
        max_length=128,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", _("The two passwords differ."))
        return data


class MemberRoleForm(PacteForm):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)


class TokenCreateForm(PacteForm):
    name = forms.CharField(
        label=_("Name"),
        max_length=80,
        help_text=_("What this token is for, e.g. “accounting sync”."),
    )


class WorkspacePolicyForm(PacteForm):
    default_deposit_percent = forms.DecimalField(
        label=_("Deposit asked by default (%)"),
        min_value=1,
        max_value=100,
        decimal_places=2,
        localize=True,
    )
    silence_days = forms.IntegerField(
        label=_("Days without news before an engagement is flagged"), min_value=1, max_value=365
    )
    review_grace_days = forms.IntegerField(
        label=_("Days of grace before a review not held is overdue"),
        min_value=0,
        max_value=90,
        required=False,
    )
    contacts_window_days = forms.IntegerField(
        label=_("Days over which the client's different requesters are counted (R-CONTACTS)"),
        min_value=7,
        max_value=365,
        required=False,
    )
    decision_wait_days = forms.IntegerField(
        label=_("Days within which the client is expected to answer a recommendation"),
        min_value=1,
        max_value=180,
        required=False,
    )


def _country_choices():
    return [(code, f"{name} ({code})") for code, name in country_names().items()]


class BusinessCalendarForm(PacteForm):
    """The business calendar: public holidays of a country (and region), weekly hours."""

    country = forms.ChoiceField(label=_("Public holidays of"), choices=_country_choices)
    subdivision = forms.CharField(
        label=_("Region"),
        required=False,
        max_length=20,
        help_text=_(
            "Leave blank for the whole country, or give a region code: 57 (Moselle) or 6AE "
            "(Alsace) in France, QC (Québec) or ON (Ontario) in Canada."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for index, key in enumerate(WEEKDAYS):
            self.fields[f"hours_{key}"] = forms.CharField(
                label=WEEKDAY_NAMES[index],
                required=False,
                max_length=120,
            )

    @property
    def region_fields(self):
        return [self["country"], self["subdivision"]]

    @property
    def hours_fields(self):
        return [self[f"hours_{key}"] for key in WEEKDAYS]

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "country": data["country"],
            "subdivision": data["subdivision"],
            "hours": {key: data[f"hours_{key}"] for key in WEEKDAYS},
        }


class ClosureDayForm(PacteForm):
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    label = forms.CharField(label=_("Label"), required=False, max_length=120)
