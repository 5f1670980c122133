from django import forms
from django.utils.translation import gettext_lazy as _

from pacte.kernel.forms import PacteForm

from .columns import ImportKind


class ImportForm(PacteForm):
    kind = forms.ChoiceField(label=_("What the file holds"), choices=ImportKind.choices)
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_("Separated by commas or semicolons, in UTF-8 or Windows-1252."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv,text/plain"}),
    )
