from django import forms

from pacte.kernel.forms import PacteModelForm

from .models import Client, Contact


class ClientForm(PacteModelForm):
    class Meta:
        model = Client
        fields = [
            "name",
            "city",
            "preferred_channel",
            "report_frequency",
            "language",
            "decision_style",
            "expectations",
            "notes",
        ]
        widgets = {
            "expectations": forms.Textarea(attrs={"rows": 3}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }


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
