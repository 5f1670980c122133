"""Handoff's reminder kinds (DOMAIN §6): the handoff steps due, the handover call's SLA, and
the takeover items to chase. Each reads the workspace through one selector of this app, in a
fixed number of queries, and the registry (`pacte.reminders.kinds`) turns what they find into
emails in the reader's language."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from pacte.reminders.kinds import Delivery, Due, Message, ReminderKind, register_reminder_kind

from .models import StepKind, StepStatus
from .selectors import (
    chase_due_on,
    handoff_steps_due,
    handover_calls_due,
    takeover_chases_due,
)

STEP_DUE = "handoff.step_due"
CALL_SLA = "handoff.call_sla"
TAKEOVER_CHASE = "handoff.takeover_chase"

# The handover call's stages: a few working days left, then the due day passed.
CALL_SOON = "soon"
CALL_MISSED = "missed"


def _day(value: str | dt.date) -> str:
    day = dt.date.fromisoformat(value) if isinstance(value, str) else value
    return date_format(day, "DATE_FORMAT")


def _handoff_path(engagement_id: int) -> str:
    return reverse("handoff", kwargs={"engagement_id": engagement_id})


# --- Handoff steps due ------------------------------------------------------------------------


def steps_due(actor, today: dt.date) -> list[Due]:
    """Steps due today or earlier, still to do or blocked (one query)."""
    found = []
    for step in handoff_steps_due(actor=actor, today=today):
        engagement = step.plan.engagement
        found.append(
            Due(
                object_type="handoff.handoffstep",
                object_id=step.pk,
                due_on=step.due_on,
                client_id=engagement.client_id,
                params={
                    "engagement_id": engagement.pk,
                    "engagement": engagement.title,
                    "client": engagement.client.name,
                    "step": step.kind,
                    "asset": step.asset.identifier if step.asset else "",
                    "owner": step.owner,
                    "blocked": step.status == StepStatus.BLOCKED,
                },
            )
        )
    return found


def step_due_message(due: Due) -> Message:
    p = due.params
    values = {
        "step": StepKind(p["step"]).label,
        "asset": p["asset"],
        "owner": p["owner"],
        "engagement": p["engagement"],
        "client": p["client"],
        "date": _day(due.due_on),
    }
    subject = _("Handoff of %(engagement)s (%(client)s): “%(step)s” due on %(date)s") % values
    if p["asset"]:
        what = _("“%(step)s” for %(asset)s, by %(owner)s, was due on %(date)s.") % values
    else:
        what = _("“%(step)s”, by %(owner)s, was due on %(date)s.") % values
    if p["blocked"]:
        next_step = _(
            "It is marked blocked: unblock it with whoever holds the key, or note on the step "
            "what it still waits for."
        )
    else:
        next_step = _(
            "Do it, or ask whoever it falls to, then mark it done. A quick, complete handoff "
            "frees both sides and keeps your reputation intact."
        )
    return Message(subject, (what, next_step), _handoff_path(p["engagement_id"]))


# --- The handover call's SLA ------------------------------------------------------------------


def calls_due(actor, today: dt.date) -> list[Due]:
    """Handover calls not held whose SLA is about to be missed or was missed (one query and
    the workspace's calendar). The stage says which, so each is sent once."""
    found = []
    for call in handover_calls_due(actor=actor, today=today):
        plan, engagement = call.plan, call.plan.engagement
        found.append(
            Due(
                object_type="handoff.handoffplan",
                object_id=plan.pk,
                due_on=plan.call_due_on,
                stage=CALL_MISSED if call.missed else CALL_SOON,
                client_id=engagement.client_id,
                params={
                    "engagement_id": engagement.pk,
                    "engagement": engagement.title,
                    "client": engagement.client.name,
                    "requested_on": plan.requested_on.isoformat(),
                    "sla_working_days": plan.sla_working_days,
                    "working_days_left": call.working_days_left,
                },
            )
        )
    return found


def call_sla_message(due: Due) -> Message:
    p = due.params
    values = {
        "engagement": p["engagement"],
        "client": p["client"],
        "date": _day(due.due_on),
        "requested": _day(p["requested_on"]),
        "days": p["sla_working_days"],
    }
    sla = (
        ngettext(
            "The handoff was requested on %(requested)s; the technical handover call is due "
            "within %(days)d working day, by %(date)s.",
            "The handoff was requested on %(requested)s; the technical handover call is due "
            "within %(days)d working days, by %(date)s.",
            p["sla_working_days"],
        )
        % values
    )
    if due.stage == CALL_MISSED:
        subject = _("Handover call for %(engagement)s (%(client)s) missed: due on %(date)s") % (
            values
        )
        next_step = _(
            "The deadline has passed. Call the client now to set a date, then record the "
            "call: every day of delay holds their project up."
        )
    else:
        subject = _("Handover call for %(engagement)s (%(client)s) due on %(date)s") % values
        next_step = _(
            "No call is recorded yet. Set it up with the client, not four weeks later, and "
            "record it once held."
        )
    return Message(subject, (sla, next_step), _handoff_path(p["engagement_id"]))


# --- Takeover chases --------------------------------------------------------------------------


def chases_due(actor, today: dt.date) -> list[Due]:
    """Items asked of the previous provider and not received, a week or more after the
    request or the latest chase (one query). Each chase moves the date, so the next
    reminder comes a week after it."""
    found = []
    for item in takeover_chases_due(actor=actor, today=today):
        found.append(
            Due(
                object_type="handoff.takeoveritem",
                object_id=item.pk,
                due_on=chase_due_on(item),
                client_id=item.client_id,
                params={
                    "client": item.client.name,
                    "kind": item.kind,
                    "what": item.what,
                    "previous_provider": item.previous_provider,
                    "asked_on": item.asked_on.isoformat(),
                    "chase_count": item.chase_count,
                    "days_waiting": (today - item.asked_on).days,
                },
            )
        )
    return found


def takeover_chase_message(due: Due) -> Message:
    p = due.params
    values = {
        "what": p["what"],
        "client": p["client"],
        "provider": p["previous_provider"],
        "date": _day(due.due_on),
        "asked": _day(p["asked_on"]),
        "days": p["days_waiting"],
        "chases": p["chase_count"],
    }
    subject = _("Takeover of %(client)s: chase “%(what)s” on %(date)s") % values
    if p["previous_provider"]:
        asked = _("Asked of %(provider)s on %(asked)s, not received yet.") % values
    else:
        asked = _("Asked of the previous provider on %(asked)s, not received yet.") % values
    waited = (
        ngettext("Waiting for %(days)d day.", "Waiting for %(days)d days.", p["days_waiting"])
        % values
    )
    if p["chase_count"]:
        chased = (
            ngettext(
                "Chased %(chases)d time so far.",
                "Chased %(chases)d times so far.",
                p["chase_count"],
            )
            % values
        )
    else:
        chased = _("Not chased yet.")
    next_step = _(
        "Chase again and record the chase in Pacte: the dated record of every request is your "
        "evidence if the previous provider stalls."
    )
    return Message(
        subject,
        (f"{asked} {waited} {chased}", next_step),
        reverse("takeover", kwargs={"client_id": due.client_id}),
    )


def register() -> None:
    register_reminder_kind(
        ReminderKind(
            key=STEP_DUE,
            label=gettext_lazy("Handoff steps due"),
            find_due=steps_due,
            message=step_due_message,
            default=Delivery.DAILY,
        )
    )
    register_reminder_kind(
        ReminderKind(
            key=CALL_SLA,
            label=gettext_lazy("Handover call deadline"),
            find_due=calls_due,
            message=call_sla_message,
            default=Delivery.DAILY,
        )
    )
    register_reminder_kind(
        ReminderKind(
            key=TAKEOVER_CHASE,
            label=gettext_lazy("Takeover items to chase"),
            find_due=chases_due,
            message=takeover_chase_message,
            default=Delivery.DAILY,
        )
    )
