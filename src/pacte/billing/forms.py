from django import forms
from django.utils.translation import gettext_lazy as _

from pacte.kernel.forms import PacteForm
from pacte.kernel.validation import TEXT_MAX_LENGTH

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


class FinalInvoiceForm(PacteForm):
    """The final settlement's final-balance invoice: its amount is the settlement's."""

    number = forms.CharField(label=_("Number"), required=False, max_length=40)
    issued_on = forms.DateField(label=_("Issued on"), required=False, widget=DATE)
    due_on = forms.DateField(
        label=_("Due on"),
        required=False,
        widget=DATE,
        help_text=_("Thirty days after it is issued when left empty."),
    )


class AdjustmentForm(PacteForm):
    """A write-off or a refund: all of the balance unless an amount is given, always with a
    reason (it goes to the proof ledger)."""

    amount = forms.DecimalField(
        localize=True,
        label=_("Amount"),
        max_digits=14,
        decimal_places=2,
        required=False,
        help_text=_("All of the balance when left empty."),
    )
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=TEXT_MAX_LENGTH
    )
