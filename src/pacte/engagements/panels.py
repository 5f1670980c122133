"""The engagement page: its object, its header moves, and the panels and actions the
engagements app owns on it (next steps, change requests, time, ending early).

Billing, decisions, risks, exchanges and handoff add their own panels and actions to the same
page from their own `panels.py`; this module imports none of them.
"""

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from pacte.clients.listing import (
    ClientColumn,
    ClientFilter,
    count_of,
    register_client_column,
    register_client_filter,
)
from pacte.clients.panels import PAGE as CLIENT_PAGE
from pacte.clients.panels import ClientLink, register_client_link
from pacte.kernel.actions import Action, Page, fresh_form, register_action, register_page, row_form
from pacte.kernel.panels import Panel, once_per_page, register_panel
from pacte.kernel.permissions import Perm

from . import selectors, services
from .forms import (
    ChangeRequestForm,
    ChangeRequestMoveForm,
    ReasonForm,
    TimeEntryForm,
)
from .models import (
    ENGAGEMENT_TRANSITIONS,
    ChangeRequest,
    ChangeRequestStatus,
    Engagement,
    EngagementStatus,
)
from .next_steps import NextSteps, register_next_steps

PAGE = "engagement"
# Moves made from their own panel rather than from the page's header.
MOVES_ELSEWHERE = {"override_deposit", "terminate", "close"}


def change_requests_of(actor, engagement):
    """The engagement's change requests, read once per page (panel and next steps)."""
    return once_per_page(
        engagement,
        "change_requests",
        lambda: selectors.engagement_change_requests(actor=actor, engagement=engagement),
    )


def load_engagement(*, actor, pk):
    return selectors.engagement_get(actor=actor, engagement_id=pk)


def page_context(*, actor, obj):
    moves = [
        move
        for move in selectors.available_moves(actor=actor, obj=obj)
        if move.name not in MOVES_ELSEWHERE
    ]
    return {"engagement": obj, "moves": moves}


def next_steps_panel(*, actor, obj, forms):
    return {"o": {"next_steps": selectors.engagement_next_steps(actor=actor, engagement=obj)}}


def change_request_steps(*, actor, engagement, today) -> list[str]:
    steps = []
    for change in change_requests_of(actor, engagement).change_requests:
        if change.status == ChangeRequestStatus.NEW:
            steps.append(_("Estimate the change request “%(title)s”.") % {"title": change.title})
        elif change.status == ChangeRequestStatus.ACCEPTED:
            steps.append(
                _("Bill the accepted change request “%(title)s”.") % {"title": change.title}
            )
    return steps


def change_requests_panel(*, actor, obj, forms):
    o = change_requests_of(actor, obj)
    rows = []
    billable = False
    for change in o.change_requests:
        moves = selectors.change_request_moves(actor=actor, obj=change)
        form = row_form(actor, obj, PAGE, "change-move", forms, change.pk) if moves else None
        rows.append((change, moves, form))
        billable = billable or any(m.name == "billed" for m in moves)
    return {
        "o": o,
        "rows": rows,
        "accepted": ChangeRequestStatus.ACCEPTED,
        # Billing's invoices that can bill a change request, through their relation; read only
        # when a request can be billed.
        "billable_invoices": list(obj.invoices.billing_change_requests()) if billable else [],
        "change_form": fresh_form(actor, obj, PAGE, "change", forms)
        if actor.can(Perm.CHANGE_REQUEST_EDIT)
        else None,
    }


def time_panel(*, actor, obj, forms):
    active = obj.status == EngagementStatus.ACTIVE
    return {
        "o": selectors.engagement_time(actor=actor, engagement=obj),
        "active": active,
        "time_form": fresh_form(actor, obj, PAGE, "time", forms)
        if active and actor.can(Perm.TIME_LOG)
        else None,
    }


def terminate_panel(*, actor, obj, forms):
    if not any(m.name == "terminate" for m in selectors.available_moves(actor=actor, obj=obj)):
        return None
    return {"terminate_form": fresh_form(actor, obj, PAGE, "terminate", forms)}


def _time_form_kwargs(actor, engagement, posted):
    # Decisions' recommendations, through their relation: the page offers those open to work
    # (R-NO); a posted one is checked by the service, which says why it is refused.
    recommendations = engagement.recommendations.all()
    return {"recommendations": recommendations if posted else recommendations.open_to_work()}


def _change_form_kwargs(actor, engagement, posted):
    return {"contacts": engagement.client.contacts.all()}


def awaiting_deposit_panel(*, actor, obj, forms):
    engagements = selectors.awaiting_deposit(actor=actor)
    return {"engagements": engagements} if engagements else None


def register():
    register_panel(
        Panel(
            "dashboard",
            "awaiting-deposit",
            "engagements/panels/awaiting_deposit.html",
            awaiting_deposit_panel,
            22,
            perm=Perm.INTERNAL_VIEW,
            group="attention",
        )
    )
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
    register_next_steps(NextSteps("change-requests", 50, change_request_steps))
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
                perm=ENGAGEMENT_TRANSITIONS.move(name.replace("-", "_")).perm,
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
    register_action(
        Action(
            page=PAGE,
            name="time",
            perm=Perm.TIME_LOG,
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
            perm=Perm.CHANGE_REQUEST_EDIT,
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
            perm=Perm.CHANGE_REQUEST_EDIT,
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


# The client page, the client list and the portal home: what the engagements app adds there.


PORTAL_HOME = "portal-home"


def client_engagements(actor, client):
    """The client's engagements, read once per page however many panels use them."""
    cached = getattr(client, "_page_engagements", None)
    if cached is None:
        cached = list(selectors.engagement_list(actor=actor, client=client))
        client._page_engagements = cached
    return cached


def client_engagements_panel(*, actor, obj, forms):
    return {"engagements": client_engagements(actor, obj)}


def _engagements_of_row():
    return Engagement.objects.filter(client=OuterRef("pk"))


def _with_engagements(*statuses):
    def apply(*, actor, qs):
        return qs.filter(Exists(_engagements_of_row().filter(status__in=statuses)))

    return apply


def _without_engagement(*, actor, qs):
    return qs.filter(~Exists(_engagements_of_row()))


def _engagement_counts():
    # Correlated to client rows that the outer query scopes to the actor's workspace.
    return {
        "active_count": count_of(_engagements_of_row().filter(status=EngagementStatus.ACTIVE)),
        "engagement_count": count_of(_engagements_of_row()),
    }


def register_client_panels():
    register_panel(
        Panel(
            CLIENT_PAGE,
            "engagements",
            "engagements/client/engagements.html",
            client_engagements_panel,
            50,
            perm=Perm.ENGAGEMENT_VIEW,
        )
    )
    register_client_link(
        ClientLink(
            "new-engagement",
            _("New engagement"),
            lambda client: f"{reverse('engagement_create')}?client={client.pk}",
            order=90,
            perm=Perm.ENGAGEMENT_EDIT,
            primary=True,
        )
    )
    register_client_filter(
        ClientFilter(
            "active",
            _("With an active engagement"),
            _with_engagements(EngagementStatus.ACTIVE),
            10,
        )
    )
    register_client_filter(
        ClientFilter(
            "awaiting_deposit",
            _("Deposit not secured"),
            _with_engagements(EngagementStatus.DRAFT, EngagementStatus.AWAITING_DEPOSIT),
            20,
        )
    )
    register_client_filter(
        ClientFilter("no_engagement", _("No engagement yet"), _without_engagement, 60)
    )
    register_client_column(
        ClientColumn(
            "engagements",
            _("Active engagements"),
            _engagement_counts,
            "engagements/client/list_cell.html",
            lambda c: {"active_engagements": c.active_count, "engagements": c.engagement_count},
            ("active_engagements", "engagements"),
            "Active",
            lambda r: f"{r['active_engagements']}/{r['engagements']}",
            10,
        )
    )
    register_panel(
        Panel(
            PORTAL_HOME,
            "engagements",
            "engagements/portal/engagements.html",
            client_engagements_panel,
            30,
            perm=Perm.ENGAGEMENT_VIEW,
        )
    )
