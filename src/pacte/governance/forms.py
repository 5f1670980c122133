from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from pacte.decisions.models import DecisionChoice
from pacte.kernel.forms import PacteForm
from pacte.kernel.validation import TEXT_MAX_LENGTH

from .models import ProcessLevel, ReviewKind
from .registries import LifecycleStage

DATE = forms.DateInput(attrs={"type": "date"})
DECISION_ROWS = 3  # blank decision rows offered by the review form


class CadenceForm(PacteForm):
    operational = forms.BooleanField(label=_("Weekly operational review"), required=False)
    tactical = forms.BooleanField(label=_("Monthly tactical review"), required=False)
    strategic = forms.BooleanField(label=_("Quarterly strategic committee"), required=False)
    starts_on = forms.DateField(
        label=pgettext_lazy("start date", "From"),
        required=False,
        widget=DATE,
        help_text=_("The engagement's start when left empty."),
    )


class ReviewForm(PacteForm):
    """A review held, with who attended (checkboxes: the workspace's members, the client's
    contacts) and up to DECISION_ROWS decisions taken there."""

    prompts = {"kind": _("Choose the review…")}

    kind = forms.ChoiceField(label=_("Review"), choices=ReviewKind.choices)
    held_on = forms.DateField(label=_("Held on"), widget=DATE)
    provider_attendee_ids = forms.MultipleChoiceField(
        label=_("Our side"), required=False, widget=forms.CheckboxSelectMultiple
    )
    client_attendee_ids = forms.MultipleChoiceField(
        label=_("The client's side"), required=False, widget=forms.CheckboxSelectMultiple
    )
    others = forms.CharField(label=_("Others present"), required=False, max_length=300)
    minutes = forms.CharField(
        label=pgettext_lazy("record of a meeting", "Minutes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=TEXT_MAX_LENGTH,
    )

    def __init__(self, *args, members=(), contacts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider_attendee_ids"].choices = [
            (str(m.user_id), m.user.get_full_name() or m.user.email) for m in members
        ]
        self.fields["client_attendee_ids"].choices = [(str(c.pk), c.full_name) for c in contacts]
        answer = [("", _("No answer yet")), *DecisionChoice.choices]
        for row in range(1, DECISION_ROWS + 1):
            self.fields[f"decision_{row}_title"] = forms.CharField(
                label=_("Decision %(n)d") % {"n": row}, required=False, max_length=200
            )
            self.fields[f"decision_{row}_decision"] = forms.ChoiceField(
                label=_("The client's answer"), required=False, choices=answer
            )
            self.fields[f"decision_{row}_decided_by"] = forms.CharField(
                label=_("Decided by"), required=False, max_length=150
            )

    def decision_rows(self):
        """The bound fields of each decision row, for the template."""
        return [
            [self[f"decision_{row}_{part}"] for part in ("title", "decision", "decided_by")]
            for row in range(1, DECISION_ROWS + 1)
        ]

    def plain_fields(self):
        return [field for field in self if not field.name.startswith("decision_")]

    def clean(self):
        data = super().clean()
        decisions = []
        for row in range(1, DECISION_ROWS + 1):
            title = (data.pop(f"decision_{row}_title", "") or "").strip()
            choice = data.pop(f"decision_{row}_decision", "") or ""
            decided_by = (data.pop(f"decision_{row}_decided_by", "") or "").strip()
            if not title and (choice or decided_by):
                self.add_error(f"decision_{row}_title", _("Give the decision its title."))
            if choice and not decided_by:
                self.add_error(
                    f"decision_{row}_decided_by", _("Who at the client gave this answer?")
                )
            if title:
                decisions.append({"title": title, "decision": choice, "decided_by": decided_by})
        data["decisions"] = decisions
        return data


class MinutesForm(PacteForm):
    minutes = forms.CharField(
        label=pgettext_lazy("record of a meeting", "Minutes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=TEXT_MAX_LENGTH,
    )


class StageForm(PacteForm):
    prompts = {"stage": _("Choose the stage…")}

    stage = forms.ChoiceField(label=_("Stage"), choices=LifecycleStage.choices)
    note = forms.CharField(
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=TEXT_MAX_LENGTH,
    )
    confirmed_on = forms.DateField(label=_("Date"), required=False, widget=DATE)


class ProcessAssessmentForm(PacteForm):
    prompts = {"level": _("Choose…")}

    level = forms.ChoiceField(
        label=_("Does the client document its processes?"), choices=ProcessLevel.choices
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=TEXT_MAX_LENGTH,
    )
    assessed_on = forms.DateField(label=_("Date"), required=False, widget=DATE)
