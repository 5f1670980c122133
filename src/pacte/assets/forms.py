from django import forms
from django.utils.translation import gettext_lazy as _

from pacte.kernel.forms import NONE, PacteForm, PacteModelForm
from pacte.kernel.validation import TEXT_MAX_LENGTH

from .models import Asset

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class AssetForm(PacteModelForm):
    prompts = {"kind": _("Choose a kind…")}

    class Meta:
        model = Asset
        fields = [
            "kind",
            "identifier",
            "vendor",
            "legal_owner",
            "third_party_name",
            "payer",
            "client_has_admin",
            "we_have_admin",
            "licence",
            "credentials_reference",
            "renewal_date",
            "renewal_period",
            "auto_renew",
            "notice_days",
            "cost",
            "currency",
            "last_verified_on",
            "notes",
        ]
        widgets = {
            "renewal_date": DATE,
            "last_verified_on": DATE,
            "notes": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "credentials_reference": _(
                "Where they live, never the secret itself: e.g. "
                "“client's password manager, entry Hosting”."
            ),
            "notice_days": _("How many days before the renewal the contract must be cancelled."),
        }


class ActionForm(PacteForm):
    done_on = forms.DateField(label=_("Date"), widget=DATE)
    asset_id = forms.TypedChoiceField(
        label=_("Asset"), coerce=int, required=False, empty_value=None
    )
    what = forms.CharField(label=_("What was done"), max_length=300)
    why = forms.CharField(
        label=_("Why"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=TEXT_MAX_LENGTH,
    )
    result = forms.CharField(
        label=_("Result"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=TEXT_MAX_LENGTH,
    )

    def __init__(self, *args, assets=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["asset_id"].choices = [("", NONE)] + [(a.pk, str(a)) for a in assets]
