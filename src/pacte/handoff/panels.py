"""What handoff adds to the engagement page: the moves that end it (start closing, close,
terminate), which build or check the handoff plan, and the way to that plan."""

from django.utils.translation import gettext_lazy as _

from pacte.engagements.forms import TerminateForm
from pacte.engagements.models import ENGAGEMENT_TRANSITIONS, EngagementStatus
from pacte.engagements.panels import PAGE
from pacte.kernel.actions import Action, register_action
from pacte.kernel.panels import Panel, register_panel
from pacte.kernel.permissions import Perm

from .services import engagement_close, engagement_start_closing, engagement_terminate

# A plan exists from `closing` on, and for a started engagement that was terminated.
ENDING = {EngagementStatus.CLOSING, EngagementStatus.CLOSED, EngagementStatus.TERMINATED}


def handoff_panel(*, actor, obj, forms):
    return {"closing": EngagementStatus.CLOSING} if obj.status in ENDING else None


def register():
    register_panel(
        Panel(
            PAGE,
            "handoff",
            "handoff/panels/handoff.html",
            handoff_panel,
            5,
            perm=Perm.ENGAGEMENT_EDIT,
        )
    )

    for name, service, success, form in (
        ("start-closing", engagement_start_closing, _("The engagement is closing."), None),
        ("close", engagement_close, _("The engagement is closed."), None),
        (
            "terminate",
            engagement_terminate,
            _("The end of the engagement is on record."),
            TerminateForm,
        ),
    ):
        register_action(
            Action(
                page=PAGE,
                name=name,
                panel="terminate",
                service=service,
                success=success,
                form=form,
                object_kw="engagement_id",
                form_prefix="terminate",
                perm=ENGAGEMENT_TRANSITIONS.move(name.replace("-", "_")).perm,
            )
        )
