"""Helpers shared by the exchange tests: engagements and exchanges."""

import datetime as dt

from django.utils import timezone

from pacte.billing.services import invoice_create, payment_record
from pacte.engagements.services import engagement_activate, engagement_create
from pacte.exchanges.services import exchange_log

TODAY = timezone.localdate()


def days(n: int) -> dt.date:
    return TODAY + dt.timedelta(days=n)


def new_engagement(world, client=None, title="Refonte du site"):
    return engagement_create(
        actor=world.actor("owner"), client_id=(client or world.client).pk, title=title, value="5000"
    )


def active_engagement(world, client=None, title="Refonte du site"):
    owner = world.actor("owner")
    engagement = new_engagement(world, client, title)
    invoice = invoice_create(
        actor=owner, engagement_id=engagement.pk, kind="deposit", amount="1500", due_on=TODAY
    )
    payment_record(actor=owner, invoice_id=invoice.pk, amount="1500", paid_on=TODAY)
    engagement = engagement_activate(actor=owner, engagement_id=engagement.pk)
    assert engagement.activated_on == TODAY
    return engagement


def write(world, engagement=None, *, on, direction="outbound", client=None, **kwargs):
    values = {"channel": "email", "summary": "Point d'avancement"}
    values.update(kwargs)
    return exchange_log(
        actor=world.actor("consultant"),
        client_id=(client or (engagement.client if engagement else world.client)).pk,
        engagement_id=engagement.pk if engagement else None,
        direction=direction,
        occurred_on=days(on),
        **values,
    )
