"""What the workspace adds to the dashboard (the ledger's state, members, latest entries),
and its settings page, a page other areas add sections to (the health score's weights)."""

from django.conf import settings

from pacte.kernel.actions import Page, register_page
from pacte.kernel.journal import journal
from pacte.kernel.models import LedgerEntry
from pacte.kernel.panels import Panel, register_panel
from pacte.kernel.permissions import Perm

from . import selectors
from .forms import BusinessCalendarForm, ClosureDayForm, WorkspacePolicyForm
from .services import GOVERNANCE_POLICIES, calendar_hours_text

SETTINGS_PAGE = "settings"


def policy_initial(workspace) -> dict:
    return {
        "default_deposit_percent": workspace.default_deposit_percent,
        "silence_days": workspace.silence_days,
        **{name: getattr(workspace, name) for name in GOVERNANCE_POLICIES},
    }


def settings_context(*, actor, obj, calendar_form=None, closure_form=None) -> dict:
    """The settings page's own sections: the rules, the business calendar, closure days."""
    workspace = actor.workspace
    if calendar_form is None:
        hours = calendar_hours_text(workspace.business_hours)
        calendar_form = BusinessCalendarForm(
            initial={
                "country": workspace.holiday_country,
                "subdivision": workspace.holiday_subdivision,
                **{f"hours_{key}": text for key, text in hours.items()},
            },
        )
    return {
        "form": WorkspacePolicyForm(initial=policy_initial(workspace)),
        "calendar_form": calendar_form,
        "closure_form": closure_form or ClosureDayForm(),
        "closure_days": selectors.closure_day_list(actor=actor),
        "public_holidays": selectors.upcoming_public_holidays(actor=actor),
        "time_zone": settings.TIME_ZONE,
    }


def load_settings(*, actor, pk):
    actor.require(Perm.WORKSPACE_POLICY)
    return actor.workspace


def ledger_status_panel(*, actor, obj, forms):
    return {"status": selectors.ledger_status(actor=actor)}


def members_panel(*, actor, obj, forms):
    return {"members": list(selectors.member_list(actor=actor))}


def latest_entries_panel(*, actor, obj, forms):
    entries = list(LedgerEntry.objects.for_actor(actor).order_by("-seq")[:5])
    return {"lines": journal(entries)} if entries else None


def register():
    register_page(
        Page(
            name=SETTINGS_PAGE,
            load=load_settings,
            template="workspace/settings.html",
            url_name="workspace_settings",
            perm=Perm.WORKSPACE_POLICY,
            context=settings_context,
            url_takes_id=False,
        )
    )
    register_panel(
        Panel(
            page="dashboard",
            name="ledger-status",
            order=60,
            template="workspace/panels/ledger_status.html",
            context=ledger_status_panel,
        )
    )
    register_panel(
        Panel(
            page="dashboard",
            name="members",
            order=70,
            template="workspace/panels/members.html",
            context=members_panel,
            perm=Perm.MEMBER_VIEW,
        )
    )
    register_panel(
        Panel(
            page="dashboard",
            name="latest-entries",
            order=80,
            template="workspace/panels/latest_entries.html",
            context=latest_entries_panel,
            perm=Perm.LEDGER_VIEW,
        )
    )
