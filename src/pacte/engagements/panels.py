"""The engagement page: its object, its header moves, and the panels and actions the
engagements app owns on it (next steps, change requests, time, ending early).

Billing, decisions, risks, exchanges and handoff add their own panels and actions to the same
page from their own `panels.py`; this module imports none of them.
"""

from django.utils.translation import gettext_lazy as _

from pacte.kernel.actions import Action, Page, fresh_form, register_action, register_page, row_form
from pacte.kernel.panels import Panel, register_panel
from pacte.kernel.permissions import Perm

from . import selectors, services
from .forms import (
    ChangeRequestForm,
    ChangeRequestMoveForm,
    ReasonForm,
    TerminateForm,
    TimeEntryForm,
)
from .models import (
    CHANGE_REQUEST_TRANSITIONS,
    ENGAGEMENT_TRANSITIONS,
    ChangeRequest,
    ChangeRequestStatus,
    EngagementStatus,
)

PAGE = "engagement"
# Moves made from their own panel rather than from the page's header.
MOVES_ELSEWHERE = {"override_deposit", "terminate", "close"}


def overview(actor, engagement):
    """The engagement's overview, read once per page however many panels use it."""
    cached = getattr(engagement, "_page_overview", None)
    if cached is None:
        cached = selectors.engagement_overview(actor=actor, engagement=engagement)
        engagement._page_overview = cached
    return cached


def load_engagement(*, actor, pk):
    return selectors.engagement_get(actor=actor, engagement_id=pk)


def page_context(*, actor, obj):
    moves = [
        move
        for move in ENGAGEMENT_TRANSITIONS.available(actor, obj.status)
        if move.name not in MOVES_ELSEWHERE
    ]
    return {"engagement": obj, "moves": moves}


def next_steps_panel(*, actor, obj, forms):
    return {"o": overview(actor, obj)}


def change_requests_panel(*, actor, obj, forms):
    o = overview(actor, obj)
    rows = []
    for change in o.change_requests:
        moves = CHANGE_REQUEST_TRANSITIONS.available(actor, change.status)
        form = row_form(actor, obj, PAGE, "change-move", forms, change.pk) if moves else None
        rows.append((change, moves, form))
    return {
        "o": o,
        "rows": rows,
        "accepted": ChangeRequestStatus.ACCEPTED,
        "billable_invoices": [i for i in o.invoices if i.kind == "change_request"],
        "change_form": fresh_form(actor, obj, PAGE, "change", forms)
        if actor.can(Perm.CHANGE_REQUEST_EDIT)
        else None,
    }


def time_panel(*, actor, obj, forms):
    active = obj.status == EngagementStatus.ACTIVE
    return {
        "o": overview(actor, obj),
        "active": active,
        "time_form": fresh_form(actor, obj, PAGE, "time", forms)
        if active and actor.can(Perm.TIME_LOG)
        else None,
    }


def terminate_panel(*, actor, obj, forms):
    if not any(m.name == "terminate" for m in ENGAGEMENT_TRANSITIONS.available(actor, obj.status)):
        return None
    return {"terminate_form": fresh_form(actor, obj, PAGE, "terminate", forms)}


def _time_form_kwargs(actor, engagement, posted):
    if posted:
        return {"recommendations": engagement.recommendations.all()}
    open_ones = [
        r for r in overview(actor, engagement).recommendations if r.status in ("open", "accepted")
    ]
    return {"recommendations": open_ones}


def _change_form_kwargs(actor, engagement, posted):
    return {"contacts": engagement.client.contacts.all()}


def register():
    register_page(
        Page(
            name=PAGE,
            load=load_engagement,
            template="engagements/detail.html",
            url_name="engagement_detail",
            perm=Perm.ENGAGEMENT_VIEW,
            context=page_context,
        )
    )
    for panel in (
        Panel(PAGE, "next-steps", "engagements/panels/next_steps.html", next_steps_panel, 10),
        Panel(
            PAGE,
            "change-requests",
            "engagements/panels/change_requests.html",
            change_requests_panel,
            60,
        ),
        Panel(PAGE, "time", "engagements/panels/time.html", time_panel, 80),
        Panel(PAGE, "terminate", "engagements/panels/terminate.html", terminate_panel, 200),
    ):
        register_panel(panel)

    def move(name, service, success, form=None, prefix=""):
        register_action(
            Action(
                page=PAGE,
                name=name,
                panel="deposit" if name == "override-deposit" else "terminate",
                service=service,
                success=success,
                form=form,
                object_kw="engagement_id",
                form_prefix=prefix,
            )
        )

    move("request-deposit", services.engagement_request_deposit, _("The deposit is now awaited."))
    move(
        "activate",
        services.engagement_activate,
        _("The engagement is active: work can be logged."),
    )
    move(
        "override-deposit",
        services.engagement_override_deposit,
        _("Started without the deposit; your reason is on record."),
        ReasonForm,
        "reason",
    )
    move("hold", services.engagement_hold, _("The engagement is on hold."), ReasonForm, "reason")
    move("resume", services.engagement_resume, _("The engagement is active again."))
    move("start-closing", services.engagement_start_closing, _("The engagement is closing."))
    move("close", services.engagement_close, _("The engagement is closed."))
    move(
        "terminate",
        services.engagement_terminate,
        _("The end of the engagement is on record."),
        TerminateForm,
        "terminate",
    )
    register_action(
        Action(
            page=PAGE,
            name="time",
            panel="time",
            service=services.time_entry_log,
            success=_("Time logged."),
            form=TimeEntryForm,
            form_kwargs=_time_form_kwargs,
            object_kw="engagement_id",
        )
    )
    register_action(
        Action(
            page=PAGE,
            name="change",
            panel="change-requests",
            service=services.change_request_create,
            success=_("Change request recorded."),
            form=ChangeRequestForm,
            form_kwargs=_change_form_kwargs,
            object_kw="engagement_id",
        )
    )
    register_action(
        Action(
            page=PAGE,
            name="change-move",
            panel="change-requests",
            service=services.change_request_move,
            success=_("Change request updated."),
            form=ChangeRequestMoveForm,
            form_prefix=None,
            row_model=ChangeRequest,
            row_parent="engagement",
            row_kw="change_request_id",
        )
    )
