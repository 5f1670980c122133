from django import forms
from django.utils.translation import gettext_lazy as _

from pacte.kernel.forms import PacteForm
from pacte.kernel.signals import registered_signals


class WeightsForm(PacteForm):
    """One whole number per health signal; the score normalises them to 100. Without a
    workspace, the fields start at the signals' default weights."""

    def __init__(self, *args, workspace=None, **kwargs):
        super().__init__(*args, **kwargs)
        chosen = (workspace.health_weights if workspace is not None else None) or {}
        for signal in registered_signals():
            self.fields[f"weight_{signal.key}"] = forms.IntegerField(
                label=signal.label,
                help_text=f"{signal.rule} · {signal.explanation}",
                min_value=0,
                max_value=100,
                initial=chosen.get(signal.key, signal.weight),
                error_messages={"invalid": _("Enter a whole number from 0 to 100.")},
            )
