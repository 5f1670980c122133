"""What exchanges add to the engagement page: the journal of what was said, and when."""

from pacte.engagements.panels import PAGE
from pacte.kernel.panels import Panel, register_panel
from pacte.kernel.permissions import Perm

from .selectors import engagement_exchanges


def exchanges_panel(*, actor, obj, forms):
    return {"exchanges": engagement_exchanges(actor=actor, engagement=obj)}


def register():
    register_panel(
        Panel(
            PAGE,
            "exchanges",
            "exchanges/panels/exchanges.html",
            exchanges_panel,
            90,
            perm=Perm.INTERNAL_VIEW,
        )
    )
