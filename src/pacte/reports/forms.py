from django import forms
from django.utils.translation import gettext_lazy as _

from pacte.kernel.forms import PacteForm
from pacte.kernel.validation import TEXT_MAX_LENGTH


class ReportGenerateForm(PacteForm):
    """Generate a draft report of the engagement for a period."""

    period_start = forms.DateField(label=_("From"))
    period_end = forms.DateField(label=_("To"))


class ReportEditForm(PacteForm):
    """Change the text of a report before it is sent."""

    body = forms.CharField(
        label=_("Text of the report"),
        help_text=_(
            "Plain text: a line starting with “## ” is a section, “- ” an item. Changing a "
            "reviewed report returns it to draft."
        ),
        widget=forms.Textarea(attrs={"rows": 24}),
        max_length=TEXT_MAX_LENGTH,
    )
