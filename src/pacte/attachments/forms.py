from django import forms
from django.utils.translation import gettext_lazy as _

from pacte.kernel.forms import PacteForm

from .files import ACCEPT
from .models import Purpose


class AttachmentForm(PacteForm):
    """A file to attach to a record; the service judges it (size, type, name)."""

    file = forms.FileField(
        label=_("File"), widget=forms.ClearableFileInput(attrs={"accept": ACCEPT})
    )
    purpose = forms.ChoiceField(
        label=_("Purpose"), choices=Purpose.choices, initial=Purpose.EVIDENCE, required=False
    )
