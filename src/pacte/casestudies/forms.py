from django import forms
from django.utils.translation import gettext_lazy as _

from pacte.kernel.forms import PacteForm
from pacte.kernel.validation import TEXT_MAX_LENGTH


def _text(label, *, required=False, rows=6, help_text=""):
    return forms.CharField(
        label=label,
        required=required,
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": rows}),
        help_text=help_text,
        strip=True,
    )


class CaseStudyForm(PacteForm):
    """A new case study (the quote's author is chosen on the case study's own page)."""

    title = forms.CharField(label=_("Title"), max_length=200)
    descriptor = forms.CharField(
        label=_("Descriptor"),
        max_length=200,
        required=False,
        help_text=_(
            "Your words in place of the client's name, e.g. “a Québec maternity "
            "photographer”. Required for the anonymised version."
        ),
    )
    body = _text(_("The story: the context and what was done"), required=True)
    results = _text(
        _("Results, with figures"),
        rows=4,
        help_text=_("The anonymised version rounds them (“about 2,000 photos”)."),
    )
    testimonial = _text(_("Testimonial quote"), rows=3)


class CaseStudyEditForm(CaseStudyForm):
    testimonial_by_id = forms.ChoiceField(label=_("Quote given by"), required=False)

    def __init__(self, *args, contacts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["testimonial_by_id"].choices = [
            ("", "—"),
            *((str(c.pk), c.full_name) for c in contacts),
        ]

    def clean_testimonial_by_id(self):
        value = self.cleaned_data.get("testimonial_by_id")
        return int(value) if value else None
