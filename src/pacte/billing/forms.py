from django import forms
from django.utils.translation import gettext_lazy as _

from pacte.kernel.forms import PacteForm

from .models import InvoiceKind

DATE = forms.DateInput(attrs={"type": "date"})


class InvoiceForm(PacteForm):
    prompts = {"kind": _("Choose a kind…")}

    kind = forms.ChoiceField(label=_("Kind"), choices=InvoiceKind.choices)
    number = forms.CharField(label=_("Number"), required=False, max_length=40)
    amount = forms.DecimalField(localize=True, label=_("Amount"), max_digits=14, decimal_places=2)
    issued_on = forms.DateField(label=_("Issued on"), required=False, widget=DATE)
    due_on = forms.DateField(label=_("Due on"), widget=DATE)


class PaymentForm(PacteForm):
    amount = forms.DecimalField(localize=True, label=_("Amount"), max_digits=14, decimal_places=2)
    paid_on = forms.DateField(label=_("Paid on"), widget=DATE)
    reference = forms.CharField(label=_("Reference"), required=False, max_length=120)
