"""The helpers every scenario uses, so each client's story reads like a story.

`Builder` wraps the services with the owner as actor and turns "so many days ago" into dates
relative to today, so the situations stay current whenever the demo is loaded. It creates
nothing by itself.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from pacte.billing.services import invoice_create, payment_record
from pacte.clients.services import client_create, contact_create
from pacte.decisions.services import (
    recommendation_create,
    recommendation_decide,
    recommendation_implement,
)
from pacte.engagements.services import engagement_activate, engagement_create
from pacte.exchanges.services import exchange_log


class Builder:
    """Services called as the demo owner, with dates counted back from today."""

    def __init__(self, actor):
        self.actor = actor
        self.today = timezone.localdate()

    def ago(self, days: int) -> dt.date:
        return self.today - dt.timedelta(days=days)

    def client(self, name, city, contacts=(), **profile):
        """A client and its contacts: (full name, job title, email, designations)."""
        client = client_create(actor=self.actor, name=name, city=city, **profile)
        made = [
            contact_create(
                actor=self.actor,
                client_id=client.pk,
                full_name=full_name,
                job_title=title,
                email=email,
                **designations,
            )
            for full_name, title, email, designations in contacts
        ]
        return client, made

    def engagement(
        self,
        client,
        title,
        value,
        *,
        currency="EUR",
        kind="fixed_price",
        deposit_percent=None,
        deposit_amount=None,
        deposit_paid_days_ago=None,
        starts_days_ago=None,
        hourly_rate=None,
    ):
        """An engagement; with `deposit_paid_days_ago`, its deposit invoice is issued and paid
        that day and the engagement activated (R-DEPOSIT)."""
        engagement = engagement_create(
            actor=self.actor,
            client_id=client.pk,
            title=title,
            value=value,
            currency=currency,
            kind=kind,
            deposit_percent=deposit_percent,
            deposit_amount=deposit_amount,
            starts_on=self.ago(starts_days_ago) if starts_days_ago is not None else None,
            hourly_rate=hourly_rate,
        )
        if deposit_paid_days_ago is not None:
            invoice = self.invoice(
                engagement,
                "deposit",
                engagement.required_deposit.amount,
                issued=deposit_paid_days_ago + 10,
                due=deposit_paid_days_ago,
                number=f"AC-{engagement.pk:04d}",
            )
            self.pay(invoice, invoice.amount, deposit_paid_days_ago)
            engagement_activate(
                actor=self.actor,
                engagement_id=engagement.pk,
                activated_on=self.ago(deposit_paid_days_ago),
            )
        return engagement

    def invoice(self, engagement, kind, amount, *, issued, due, number=""):
        return invoice_create(
            actor=self.actor,
            engagement_id=engagement.pk,
            kind=kind,
            amount=amount,
            issued_on=self.ago(issued),
            due_on=self.ago(due),
            number=number,
        )

    def pay(self, invoice, amount, days_ago, reference=""):
        return payment_record(
            actor=self.actor,
            invoice_id=invoice.pk,
            amount=amount,
            paid_on=self.ago(days_ago),
            reference=reference,
        )

    def exchange(
        self,
        client,
        days_ago,
        summary,
        *,
        engagement=None,
        channel="email",
        direction="outbound",
        people="",
        follow_up_in=None,
    ):
        return exchange_log(
            actor=self.actor,
            client_id=client.pk,
            channel=channel,
            direction=direction,
            summary=summary,
            occurred_on=self.ago(days_ago),
            people=people,
            engagement_id=engagement.pk if engagement else None,
            follow_up_on=(self.today + dt.timedelta(days=follow_up_in)) if follow_up_in else None,
        )

    def advice(
        self,
        engagement,
        days_ago,
        title,
        rationale,
        risk="",
        decision=None,
        decided_by="",
        words="",
        implemented=False,
    ):
        """A recommendation; the client's decision three days later, and its implementation
        ten days later, when given."""
        rec = recommendation_create(
            actor=self.actor,
            engagement_id=engagement.pk,
            title=title,
            rationale=rationale,
            risk_if_not_followed=risk,
            made_on=self.ago(days_ago),
        )
        if decision:
            recommendation_decide(
                actor=self.actor,
                recommendation_id=rec.pk,
                decision=decision,
                decided_by=decided_by,
                note=words,
                decided_on=self.ago(max(days_ago - 3, 0)),
            )
        if implemented:
            recommendation_implement(
                actor=self.actor,
                recommendation_id=rec.pk,
                implemented_on=self.ago(max(days_ago - 10, 0)),
            )
        return rec
