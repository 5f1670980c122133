"""How every form of Pacte renders: one form template, one field template, through Django's
form rendering API (``FORM_RENDERER`` in the settings), so ``{{ form }}`` is enough anywhere.

The markup, which the stylesheet styles (keep it):

- each field: ``<div class="field[ has-error][ field-checkbox]">``, then
  ``<label for=…>Label<span class="required" aria-hidden="true">*</span></label>`` (no colon;
  the star only when the field is required; ``required`` stays on the widget), then the widget,
  then ``<p class="help" id="<id>_help">`` and ``<p class="field-error" id="<id>_error">``. The
  widget carries ``aria-describedby`` pointing at both, and ``aria-invalid="true"`` on error.
  Radio buttons sit in a ``<fieldset>`` with a ``<legend>`` inside the same ``div.field``.
- errors tied to no field: ``<div class="notice bad form-errors" role="alert">``.
- hidden fields: the bare input.

The renderer applies to every form, Django's own included (the password forms). Pacte's forms
also derive from ``PacteForm`` / ``PacteModelForm``, which give choice fields a real prompt
instead of "---------" and the inputs their types: ISO dates for ``<input type="date">``,
amounts as text with a decimal keyboard (people type "1 250,00").
"""

from __future__ import annotations

from django import forms
from django.forms.boundfield import BoundField
from django.forms.renderers import DjangoTemplates
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

DASHES = "---------"
# The empty choice of an optional field: nothing chosen.
NONE = "—"
# The empty choice of a required field when the form names no better prompt.
CHOOSE = _("Choose…")
ISO_DATE = "%Y-%m-%d"


class PacteBoundField(BoundField):
    """Labels with no trailing colon and a star on required fields; help and error ids as the
    field template writes them (``<id>_help``, ``<id>_error``)."""

    def _marked(self, contents):
        if contents is None and self.label and self.field.required:
            return format_html('{}<span class="required" aria-hidden="true">*</span>', self.label)
        return contents

    def _suffix(self, label_suffix):
        if label_suffix is not None:
            return label_suffix
        return self.field.label_suffix if self.field.label_suffix is not None else ""

    def label_tag(self, contents=None, attrs=None, label_suffix=None, tag=None):
        return super().label_tag(self._marked(contents), attrs, self._suffix(label_suffix), tag)

    def legend_tag(self, contents=None, attrs=None, label_suffix=None):
        return super().legend_tag(self._marked(contents), attrs, self._suffix(label_suffix))

    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        widget = widget or self.field.widget
        # A select without an empty first choice may not carry `required` in HTML: it says
        # so to assistive technologies instead, as the star says it to the eye.
        if (
            self.field.required
            and self.form.use_required_attribute
            and not attrs.get("required")
            and not widget.is_hidden
            and not isinstance(widget, forms.CheckboxInput)
        ):
            attrs["aria-required"] = "true"
        return attrs

    @property
    def aria_describedby(self):
        # A widget that names its own description keeps it.
        if self.field.widget.attrs.get("aria-describedby"):
            return None
        ids = []
        if self.auto_id and not self.is_hidden:
            if self.help_text:
                ids.append(f"{self.auto_id}_help")
            if self.errors:
                ids.append(f"{self.auto_id}_error")
        return " ".join(ids)


class PacteFormRenderer(DjangoTemplates):
    form_template_name = "kernel/forms/form.html"
    field_template_name = "kernel/forms/field.html"
    bound_field_class = PacteBoundField


def with_prompt(choices, prompt) -> list:
    """`choices` with `prompt` as the empty choice, first (replacing any empty choice)."""
    return [("", prompt)] + [(value, label) for value, label in choices if value != ""]


def tune_field(field: forms.Field, prompt=None) -> None:
    """Give `field` the prompt and the input Pacte wants for it."""
    widget = field.widget
    if isinstance(field, forms.ChoiceField) and not isinstance(field, forms.ModelChoiceField):
        if prompt is not None:
            field.choices = with_prompt(field.choices, prompt)
        else:
            field.choices = [
                ("", (CHOOSE if field.required else NONE) if label == DASHES else label)
                if value == ""
                else (value, label)
                for value, label in field.choices
            ]
    elif isinstance(field, forms.ModelChoiceField):
        if field.empty_label is not None:
            field.empty_label = prompt or (CHOOSE if field.required else NONE)
    elif isinstance(field, forms.DateField) and isinstance(widget, forms.DateInput):
        # A date input only shows an ISO value, whatever the language.
        widget.input_type = "date"
        widget.format = ISO_DATE
    elif isinstance(field, forms.DecimalField):
        # Amounts stay text: people type "1 250,00" and the services read a decimal comma.
        if not isinstance(widget, forms.TextInput) or widget.input_type != "text":
            attrs = {k: v for k, v in widget.attrs.items() if k not in ("step", "min", "max")}
            field.widget = widget = forms.TextInput(attrs=attrs)
        field.localize = True
        widget.is_localized = True
        widget.attrs.setdefault("inputmode", "decimal")
    elif isinstance(field, forms.IntegerField) and isinstance(widget, forms.NumberInput):
        # A count (minutes, days): whole numbers.
        widget.attrs.setdefault("step", 1)
        widget.attrs.setdefault("inputmode", "numeric")


class PacteFormMixin:
    """Prompts and input types for Pacte's forms. `prompts` names the prompt of a choice
    field, by field name ("Choose a client…"); a form that fills its choices itself puts the
    prompt first with `with_prompt`."""

    prompts: dict = {}

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            tune_field(field, self.prompts.get(name))


class PacteForm(PacteFormMixin, forms.Form):
    pass


class PacteModelForm(PacteFormMixin, forms.ModelForm):
    pass
