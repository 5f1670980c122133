"""Helpers shared by the conflict tests: engagements (one running), cases and moves made
through the services, dated in the recent past."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from pacte.billing.services import invoice_create, payment_record
from pacte.conflicts.services import conflict_move, conflict_open
from pacte.decisions.services import recommendation_decide
from pacte.engagements.services import engagement_activate, engagement_create


def days_ago(n: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=n)


def running_engagement(world, client=None, title="Refonte du site"):
    owner = world.actor("owner")
    today = timezone.localdate()
    e = engagement_create(
        actor=owner, client_id=(client or world.client).pk, title=title, value="1000"
    )
    invoice = invoice_create(
        actor=owner, engagement_id=e.pk, kind="deposit", amount="300", due_on=today
    )
    payment_record(actor=owner, invoice_id=invoice.pk, amount="300", paid_on=days_ago(40))
    return engagement_activate(actor=owner, engagement_id=e.pk, activated_on=days_ago(40))


def open_case(world, engagements=(), client=None, actor="consultant", **kwargs):
    kwargs.setdefault("summary", "Le client conteste la maquette livrée")
    kwargs.setdefault("opened_on", days_ago(30))
    return conflict_open(
        actor=world.actor(actor),
        client_id=(client or world.client).pk,
        engagement_ids=[e.pk for e in engagements],
        **kwargs,
    )


# The fields each move needs, dated one day after another from 29 days ago.
STEP_DATA = {
    "cause_identified": {"cause": "misunderstanding"},
    "listening": {},
    "solution_proposed": {"proposed": "Une séance de reprise offerte", "follow_up_on": None},
    "awaiting_decision": {"proposed": "Une séance de reprise offerte", "follow_up_on": None},
    "resolved": {},
    "apologised": {},
    "exit": {"terminated_by": "us", "reason": "Mauvaise foi persistante", "notice_days": 15},
}


def move(world, case, to, on=None, actor="consultant", **kwargs):
    data = dict(STEP_DATA.get(to, {}))
    day = on or timezone.localdate()
    if "follow_up_on" in data:
        data["follow_up_on"] = day + dt.timedelta(days=7)
    data.update(kwargs)
    data.setdefault("notes", f"Étape {to}")
    return conflict_move(actor=world.actor(actor), case_id=case.pk, to=to, on=day, **data)


PATH = ["cause_identified", "listening", "solution_proposed", "awaiting_decision"]


def to_awaiting(world, case, start=29):
    for i, to in enumerate(PATH):
        case = move(world, case, to, on=days_ago(start - i))
    return case


def answer(world, case, decision, actor="owner"):
    case.refresh_from_db()
    return recommendation_decide(
        actor=world.actor(actor),
        recommendation_id=case.solution_id,
        decision=decision,
        decided_by="Anne Client",
    )
