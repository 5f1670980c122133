"""Helpers for the governance tests: engagements started in the past, reviews held."""

import datetime as dt

from django.utils import timezone

from pacte.billing.services import invoice_create, payment_record
from pacte.engagements.services import engagement_activate, engagement_create
from pacte.governance.services import cadence_set, review_record

TODAY = timezone.localdate()


def days(n: int) -> dt.date:
    return TODAY + dt.timedelta(days=n)


def started_engagement(world, *, days_ago=400, client=None, title="Refonte", activate=True):
    owner = world.actor("owner")
    engagement = engagement_create(
        actor=owner,
        client_id=(client or world.client).pk,
        title=title,
        value="9000",
        starts_on=days(-days_ago),
    )
    if not activate:
        return engagement
    invoice = invoice_create(
        actor=owner,
        engagement_id=engagement.pk,
        kind="deposit",
        amount="2700",
        issued_on=days(-days_ago),
        due_on=days(-days_ago),
    )
    payment_record(actor=owner, invoice_id=invoice.pk, amount="2700", paid_on=days(-days_ago))
    return engagement_activate(
        actor=owner, engagement_id=engagement.pk, activated_on=days(-days_ago)
    )


def cadence(world, engagement, *, starts_on=None, **kinds):
    return cadence_set(
        actor=world.actor("consultant"),
        engagement_id=engagement.pk,
        starts_on=starts_on,
        **kinds,
    )


def review(world, engagement, kind, held_on, **kwargs):
    return review_record(
        actor=world.actor("consultant"),
        engagement_id=engagement.pk,
        kind=kind,
        held_on=held_on,
        **kwargs,
    )
