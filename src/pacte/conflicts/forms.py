from django import forms
from django.db.models import BLANK_CHOICE_DASH
from django.utils.translation import gettext_lazy as _

from pacte.engagements.models import TerminatedBy
from pacte.kernel.forms import CHOOSE, PacteForm, with_prompt
from pacte.kernel.validation import TEXT_MAX_LENGTH

from .models import ConflictCause, ConflictStatus

S = ConflictStatus


def _text(label, *, required=False, rows=2, help_text=""):
    return forms.CharField(
        label=label,
        required=required,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
        max_length=TEXT_MAX_LENGTH,
    )


class ConflictOpenForm(PacteForm):
    """Open a conflict case from the client page."""

    summary = forms.CharField(label=_("What is the conflict about"), max_length=200)
    opened_on = forms.DateField(
        label=_("Opened on"), required=False, help_text=_("Leave empty for today.")
    )
    engagement_ids = forms.TypedMultipleChoiceField(
        label=_("Engagements concerned"), coerce=int, required=False
    )
    notes = _text(_("What the client said"))

    def __init__(self, *args, engagements=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["engagement_ids"].choices = [(e.pk, e.title) for e in engagements]


# The fields each move asks for, beyond the day and the notes.
MOVE_FIELDS = {
    S.CAUSE_IDENTIFIED: ("cause", "follow_up_on"),
    S.LISTENING: ("cause", "follow_up_on"),
    S.SOLUTION_PROPOSED: ("proposed", "follow_up_on"),
    S.AWAITING_DECISION: ("proposed", "why", "risk_if_not_followed", "follow_up_on"),
    S.RESOLVED: (),
    S.APOLOGISED: ("proposed",),
    S.EXIT: ("terminate_engagement_ids", "terminated_by", "reason", "notice_days"),
}


class ConflictMoveForm(PacteForm):
    """One step of the playbook: the fields of the move named by `target`."""

    on = forms.DateField(label=_("On"), required=False, help_text=_("Leave empty for today."))
    notes = _text(_("What the client said"), required=True, rows=3)
    cause = forms.ChoiceField(
        label=_("Cause"), choices=BLANK_CHOICE_DASH + ConflictCause.choices, required=False
    )
    proposed = _text(_("What we propose"))
    why = _text(_("Why"))
    risk_if_not_followed = _text(_("Risk if not followed"))
    follow_up_on = forms.DateField(
        label=_("Follow-up agreed on"),
        required=False,
        help_text=_("When you agreed to call back."),
    )
    terminate_engagement_ids = forms.TypedMultipleChoiceField(
        label=_("Engagements to terminate"), coerce=int, required=False
    )
    terminated_by = forms.ChoiceField(
        label=_("Who ends it"), choices=BLANK_CHOICE_DASH + TerminatedBy.choices, required=False
    )
    reason = _text(_("Why it ends"))
    notice_days = forms.IntegerField(
        label=_("Notice (days)"), min_value=0, max_value=365, required=False
    )

    def __init__(self, *args, target="", engagements=(), preselected=(), **kwargs):
        super().__init__(*args, **kwargs)
        if target:
            keep = {"on", "notes", *MOVE_FIELDS.get(target, ())}
            for name in list(self.fields):
                if name not in keep:
                    del self.fields[name]
        if "cause" in self.fields and target == S.CAUSE_IDENTIFIED:
            self._require("cause")
        if "terminate_engagement_ids" in self.fields:
            self.fields["terminate_engagement_ids"].choices = [(e.pk, e.title) for e in engagements]
            self.fields["terminate_engagement_ids"].initial = list(preselected)
        if "terminated_by" in self.fields and target == S.EXIT:
            self._require("terminated_by")

    def _require(self, name: str) -> None:
        """Required for this move: its empty choice prompts to choose."""
        field = self.fields[name]
        field.required = True
        field.choices = with_prompt(field.choices, CHOOSE)
