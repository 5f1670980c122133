from django import forms
from django.utils.translation import gettext_lazy as _

from pacte.kernel.forms import PacteModelForm

from .models import Client, Confidentiality, Contact


class ClientForm(PacteModelForm):
    """A client's name and profile, and its confidentiality level (R-CONSENT): left empty,
    the level stays as it is (anonymised for a new client)."""

    class Meta:
        model = Client
        fields = [
            "name",
            "city",
            "preferred_channel",
            "report_frequency",
            "language",
            "decision_style",
            "confidentiality",
            "expectations",
            "notes",
        ]
        widgets = {
            "expectations": forms.Textarea(attrs={"rows": 3}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "confidentiality": _(
                "May be named: in reference lists and stories, scope by scope, where the "
                "client consented. Anonymised stories only: never named. Strictly confidential: "
                "nothing about the client leaves Pacte."
            ),
        }

    def __init__(self, *args, members=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["confidentiality"].required = False
        if members is not None:
            # Editing: who answers for the client (their reminders go to them).
            self.fields["responsible"] = forms.TypedChoiceField(
                label=_("Responsible member"),
                choices=[("", _("No one: the owners"))]
                + [(m.pk, m.user.get_full_name()) for m in members],
                coerce=int,
                empty_value=None,
                required=False,
                initial=self.instance.responsible_id,
                help_text=_("Receives the reminders about this client."),
            )

    def clean_confidentiality(self):
        level = self.cleaned_data.get("confidentiality")
        if level:
            return level
        return self.instance.confidentiality if self.instance.pk else Confidentiality.ANONYMISED


class ContactForm(PacteModelForm):
    class Meta:
        model = Contact
        fields = [
            "full_name",
            "job_title",
            "email",
            "phone",
            "for_decisions",
            "for_operations",
            "for_billing",
        ]
