"""Helpers shared by the status report tests: a running engagement of the world's client with
designated contacts, and records of a period made through the services."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from pacte.billing.services import invoice_create, payment_record
from pacte.clients.services import contact_create
from pacte.engagements.services import engagement_activate, engagement_create
from pacte.exchanges.services import exchange_log
from pacte.reports.services import report_generate, report_review, report_send


def days_ago(n: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=n)


def running_engagement(world, client=None, title="Refonte du site", activated=40):
    owner = world.actor("owner")
    e = engagement_create(
        actor=owner, client_id=(client or world.client).pk, title=title, value="1000"
    )
    invoice = invoice_create(
        actor=owner, engagement_id=e.pk, kind="deposit", amount="300", due_on=timezone.localdate()
    )
    payment_record(actor=owner, invoice_id=invoice.pk, amount="300", paid_on=days_ago(activated))
    return engagement_activate(actor=owner, engagement_id=e.pk, activated_on=days_ago(activated))


def designate(world, client=None, email="claire@alpha.test", name="Claire Alpha", **flags):
    flags = flags or {"for_decisions": True}
    return contact_create(
        actor=world.actor("owner"),
        client_id=(client or world.client).pk,
        full_name=name,
        email=email,
        **flags,
    )


def log(world, engagement, summary, on, direction="outbound", client=None):
    return exchange_log(
        actor=world.actor("consultant"),
        client_id=(client or world.client).pk,
        engagement_id=engagement.pk if engagement else None,
        channel="email",
        direction=direction,
        summary=summary,
        occurred_on=on,
    )


def generate(world, engagement, start=None, end=None, actor="consultant"):
    return report_generate(
        actor=world.actor(actor),
        engagement_id=engagement.pk,
        period_start=start or days_ago(30),
        period_end=end or timezone.localdate(),
    )


def sent_report(world, engagement, **kwargs):
    report = generate(world, engagement, **kwargs)
    report_review(actor=world.actor("manager"), report_id=report.pk)
    return report_send(actor=world.actor("manager"), report_id=report.pk)
