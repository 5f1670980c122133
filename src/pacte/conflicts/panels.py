"""What conflicts add to other pages: the client page's cases (with the form to open one), the
engagement page's cases, and the dashboard's cases past their follow-up date."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pacte.clients.panels import PAGE as CLIENT_PAGE
from pacte.engagements.panels import PAGE as ENGAGEMENT_PAGE
from pacte.engagements.panels import client_engagements
from pacte.kernel.actions import Action, fresh_form, register_action
from pacte.kernel.panels import Panel, register_panel
from pacte.kernel.permissions import Perm

from .forms import ConflictOpenForm
from .selectors import (
    DASHBOARD_LIMIT,
    conflict_list,
    engagement_conflicts,
    is_past_follow_up,
    past_follow_up,
)
from .services import conflict_open
from .stages import conflict_history

# Cases shown on the client and engagement pages (the list page has them all).
RECENT = 10


def _rows(cases):
    today = timezone.localdate()
    return [(c, is_past_follow_up(c, today)) for c in cases]


def client_conflicts_panel(*, actor, obj, forms):
    return {
        "rows": _rows(conflict_list(actor=actor, client=obj)[:RECENT]),
        # The first conflict ended the honeymoon (the stage rule reads the same, once).
        "history": conflict_history(actor=actor, client=obj),
        "form": fresh_form(actor, obj, CLIENT_PAGE, "conflict", forms)
        if actor.can(Perm.CONFLICT_EDIT)
        else None,
    }


def engagement_conflicts_panel(*, actor, obj, forms):
    return {"rows": _rows(engagement_conflicts(actor=actor, engagement=obj, limit=RECENT))}


def past_follow_up_panel(*, actor, obj, forms):
    """The dashboard: running cases whose agreed follow-up date has passed."""
    found = list(past_follow_up(actor=actor)[:DASHBOARD_LIMIT])
    return {"cases": found} if found else None


def _open_form_kwargs(actor, client, posted):
    return {"engagements": client_engagements(actor, client)}


def register():
    register_panel(
        Panel(
            "dashboard",
            "conflicts-past-follow-up",
            "conflicts/panels/dashboard_follow_up.html",
            past_follow_up_panel,
            27,
            perm=Perm.INTERNAL_VIEW,
            group="attention",
        )
    )
    register_panel(
        Panel(
            CLIENT_PAGE,
            "conflicts",
            "conflicts/panels/client_conflicts.html",
            client_conflicts_panel,
            47,
            perm=Perm.INTERNAL_VIEW,
        )
    )
    register_action(
        Action(
            page=CLIENT_PAGE,
            name="conflict",
            perm=Perm.CONFLICT_EDIT,
            panel="conflicts",
            service=conflict_open,
            success=_("Conflict case opened."),
            form=ConflictOpenForm,
            form_kwargs=_open_form_kwargs,
            object_kw="client_id",
        )
    )
    register_panel(
        Panel(
            ENGAGEMENT_PAGE,
            "conflicts",
            "conflicts/panels/engagement_conflicts.html",
            engagement_conflicts_panel,
            57,
            perm=Perm.INTERNAL_VIEW,
        )
    )
