"""The handoff page (an engagement's plan, its call, its close) and the takeover checklist (a
client's recovery from the previous provider): pages of panels, with their actions."""

from functools import partial

from django.utils.translation import gettext_lazy as _

from pacte.attachments.selectors import attachments_of
from pacte.clients.selectors import client_get
from pacte.engagements.models import ENGAGEMENT_TRANSITIONS
from pacte.engagements.selectors import available_moves, engagement_get
from pacte.kernel.actions import (
    Action,
    Page,
    fresh_form,
    register_action,
    register_page,
    row_form,
)
from pacte.kernel.panels import Panel, once_per_page, register_panel
from pacte.kernel.permissions import Perm

from . import selectors, services
from .attachments import KIND as ATTACHMENT_KIND
from .forms import CallForm, CloseForm, StepForm, TakeoverEventForm, TakeoverForm
from .models import HandoffPlan, HandoffStep, TakeoverItem

HANDOFF = "handoff"
TAKEOVER = "takeover"


def _handoff(actor, engagement):
    return once_per_page(
        engagement, "handoff", lambda: selectors.handoff_for(actor=actor, engagement=engagement)
    )


def handoff_page_context(*, actor, obj):
    return {"engagement": obj, "has_plan": _handoff(actor, obj).plan is not None}


def _with_plan(actor, engagement) -> bool:
    return _handoff(actor, engagement).plan is not None


def sla_panel(*, actor, obj, forms):
    h = _handoff(actor, obj)
    can_record = actor.can(Perm.HANDOFF_EDIT) and not h.plan.call_held_on
    return {
        "h": h,
        "call_form": row_form(actor, obj, HANDOFF, "call", forms, h.plan.pk)
        if can_record
        else None,
    }


def progress_panel(*, actor, obj, forms):
    return {"h": _handoff(actor, obj)}


def closing_panel(*, actor, obj, forms):
    can_close = any(m.name == "close" for m in available_moves(actor=actor, obj=obj))
    return {
        "h": _handoff(actor, obj),
        "close_form": fresh_form(actor, obj, HANDOFF, "close", forms) if can_close else None,
    }


def steps_panel(*, actor, obj, forms):
    h = _handoff(actor, obj)
    can_edit = actor.can(Perm.HANDOFF_EDIT)
    rows = []
    for step in h.steps:
        # The step's own status (to change only its notes) and the moves the table allows.
        statuses = [(step.status, step.get_status_display())] + [
            (move.name, move.label) for move in selectors.available_moves(actor=actor, obj=step)
        ]
        form = row_form(actor, obj, HANDOFF, "step", forms, step.pk) if can_edit else None
        rows.append((step, form, statuses))
    return {
        "h": h,
        "rows": rows,
        # The evidence on every step of the page: one query.
        "files": attachments_of(
            actor=actor, subject_kind=ATTACHMENT_KIND, subject_ids=[s.pk for s in h.steps]
        ),
        "attachment_kind": ATTACHMENT_KIND,
    }


def takeover_page_context(*, actor, obj):
    return {"client": obj, "chase_after": selectors.CHASE_AFTER_DAYS}


def checklist_panel(*, actor, obj, forms):
    can_edit = actor.can(Perm.HANDOFF_EDIT)
    rows = [
        (
            row,
            row_form(actor, obj, TAKEOVER, "event", forms, row.item.pk)
            if can_edit and not row.item.received_on
            else None,
        )
        for row in selectors.takeover_list(actor=actor, client=obj)
    ]
    return {"rows": rows}


def takeover_new_panel(*, actor, obj, forms):
    return {"form": fresh_form(actor, obj, TAKEOVER, "new", forms)}


# The actions of both pages post the forms unprefixed, and edit the handoff unless said.
on_handoff = partial(Action, page=HANDOFF, form_prefix=None, perm=Perm.HANDOFF_EDIT)
on_takeover = partial(Action, page=TAKEOVER, form_prefix=None, perm=Perm.HANDOFF_EDIT)


def register():
    register_page(
        Page(
            name=HANDOFF,
            load=lambda *, actor, pk: engagement_get(actor=actor, engagement_id=pk),
            template="handoff/handoff.html",
            url_name="handoff",
            perm=Perm.ENGAGEMENT_VIEW,
            context=handoff_page_context,
        )
    )
    for name, template, context, order in (
        ("sla", "handoff/page/sla.html", sla_panel, 10),
        ("progress", "handoff/page/progress.html", progress_panel, 20),
        ("closing", "handoff/page/closing.html", closing_panel, 30),
        ("steps", "handoff/page/steps.html", steps_panel, 40),
    ):
        register_panel(Panel(HANDOFF, name, template, context, order, applies=_with_plan))
    register_action(
        on_handoff(
            name="step",
            panel="steps",
            service=services.handoff_step_update,
            success=_("Step updated."),
            form=StepForm,
            row_model=HandoffStep,
            row_parent="plan__engagement",
            row_kw="step_id",
        )
    )
    register_action(
        on_handoff(
            name="call",
            panel="sla",
            service=services.handoff_call_held,
            success=_("The handover call is on record."),
            form=CallForm,
            row_model=HandoffPlan,
            row_parent="engagement",
            row_kw="plan_id",
        )
    )
    register_action(
        on_handoff(
            name="close",
            panel="closing",
            service=services.engagement_close,
            success=_("The engagement is closed."),
            form=CloseForm,
            object_kw="engagement_id",
            perm=ENGAGEMENT_TRANSITIONS.move("close").perm,
        )
    )

    register_page(
        Page(
            name=TAKEOVER,
            load=lambda *, actor, pk: client_get(actor=actor, client_id=pk),
            template="handoff/takeover.html",
            url_name="takeover",
            perm=Perm.CLIENT_VIEW,
            context=takeover_page_context,
        )
    )
    register_panel(
        Panel(TAKEOVER, "checklist", "handoff/page/takeover_checklist.html", checklist_panel, 10)
    )
    register_panel(
        Panel(
            TAKEOVER,
            "takeover-new",
            "handoff/page/takeover_new.html",
            takeover_new_panel,
            20,
            perm=Perm.HANDOFF_EDIT,
        )
    )
    register_action(
        on_takeover(
            name="new",
            panel="takeover-new",
            service=services.takeover_item_create,
            success=_("Added to the checklist."),
            form=TakeoverForm,
            object_kw="client_id",
        )
    )
    register_action(
        on_takeover(
            name="event",
            panel="checklist",
            service=services.takeover_record,
            success=_("Recorded, with its date."),
            form=TakeoverEventForm,
            row_model=TakeoverItem,
            row_parent="client",
            row_kw="item_id",
        )
    )
