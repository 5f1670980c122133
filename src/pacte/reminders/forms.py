from django import forms
from django.utils.translation import gettext_lazy as _

from pacte.kernel.forms import PacteForm

from .kinds import Delivery


class ReminderSettingsForm(PacteForm):
    """One choice per kind of reminder, and the language of the emails."""

    language = forms.ChoiceField(
        label=_("Language of emails"), choices=[("fr", "Français"), ("en", "English")]
    )

    def __init__(self, *args, choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.kinds = {}
        for choice in choices:
            name = "kind-" + choice.kind.key.replace(".", "-").replace("_", "-")
            self.kinds[name] = choice.kind.key
            self.fields[name] = forms.ChoiceField(
                label=choice.kind.label, choices=Delivery.choices, initial=choice.delivery
            )

    def kind_fields(self):
        return [self[name] for name in self.kinds]

    def chosen(self) -> dict[str, str]:
        """The delivery chosen for each kind, by kind key."""
        return {key: self.cleaned_data[name] for name, key in self.kinds.items()}
