"""What handoff adds to the engagement page: the way to the handoff plan once the end nears."""

from pacte.engagements.models import EngagementStatus
from pacte.engagements.panels import PAGE
from pacte.kernel.panels import Panel, register_panel
from pacte.kernel.permissions import Perm

# A plan exists from `closing` on, and for a started engagement that was terminated.
ENDING = {EngagementStatus.CLOSING, EngagementStatus.CLOSED, EngagementStatus.TERMINATED}


def handoff_panel(*, actor, obj, forms):
    return {} if obj.status in ENDING else None


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
