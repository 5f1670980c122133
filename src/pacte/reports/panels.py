"""What status reports add to other pages: the engagement page's reports with the form that
generates one, and the portal home's latest reports sent to the client."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from pacte.engagements.panels import PAGE as ENGAGEMENT_PAGE
from pacte.kernel.actions import Action, fresh_form, register_action
from pacte.kernel.panels import Panel, once_per_page, register_panel
from pacte.kernel.permissions import Perm

from .forms import ReportGenerateForm
from .selectors import (
    PORTAL_HOME_LIMIT,
    default_period,
    reports_of_engagement,
    sent_reports_for_portal,
)
from .services import report_generate

PORTAL_HOME = "portal-home"
# Reports listed on the engagement page, the latest period first.
RECENT = 10


def recent_reports(actor, engagement) -> list:
    """The engagement's latest reports (one more than shown), read once per page: the panel
    lists them and the generate form starts its period after the latest."""
    return once_per_page(
        engagement,
        "status_reports",
        lambda: list(reports_of_engagement(actor=actor, engagement=engagement)[: RECENT + 1]),
    )


def engagement_reports_panel(*, actor, obj, forms):
    reports = recent_reports(actor, obj)
    return {
        "reports": reports[:RECENT],
        "more": len(reports) > RECENT,
        "form": fresh_form(actor, obj, ENGAGEMENT_PAGE, "status-report", forms)
        if actor.can(Perm.REPORT_EDIT)
        else None,
    }


def portal_reports_panel(*, actor, obj, forms):
    reports = list(sent_reports_for_portal(actor=actor)[:PORTAL_HOME_LIMIT])
    return {"reports": reports} if reports else None


def _generate_form_kwargs(actor, engagement, posted):
    if posted:
        return {}
    reports = recent_reports(actor, engagement)
    start, end = default_period(
        actor=actor, engagement=engagement, latest=reports[0] if reports else None
    )
    return {"initial": {"period_start": start, "period_end": end}}


def register():
    register_panel(
        Panel(
            ENGAGEMENT_PAGE,
            "status-reports",
            "reports/panels/engagement_reports.html",
            engagement_reports_panel,
            58,
            perm=Perm.REPORT_VIEW,
        )
    )
    register_action(
        Action(
            page=ENGAGEMENT_PAGE,
            name="status-report",
            perm=Perm.REPORT_EDIT,
            panel="status-reports",
            service=report_generate,
            success=_("Draft status report generated: review it, then send it."),
            form=ReportGenerateForm,
            form_kwargs=_generate_form_kwargs,
            object_kw="engagement_id",
        )
    )
    register_panel(
        Panel(
            PORTAL_HOME,
            "status-reports",
            "reports/portal/home_reports.html",
            portal_reports_panel,
            45,
            perm=Perm.REPORT_VIEW,
        )
    )
