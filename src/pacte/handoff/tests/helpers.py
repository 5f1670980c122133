"""Helpers shared by the handoff tests: dates, engagements, assets, plans, steps, and the pages'
browser and query counts."""

import datetime as dt

from django.db import connection
from django.test import Client as HttpClient
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from pacte.assets.services import asset_create
from pacte.billing.services import invoice_create, payment_record
from pacte.engagements.models import Engagement
from pacte.engagements.services import engagement_activate, engagement_create
from pacte.handoff.models import HandoffPlan, HandoffStep
from pacte.handoff.services import engagement_start_closing
from pacte.kernel.models import LedgerEntry

TODAY = timezone.localdate()


FRIDAY = dt.date(2026, 10, 30)

assert FRIDAY.weekday() == 4 and FRIDAY < TODAY


NEXT_FRIDAY = dt.date(2026, 11, 6)  # 5 working days later: Mon 2 … Fri 6


def days(n: int) -> dt.date:
    return TODAY + dt.timedelta(days=n)


def reload(engagement):
    return Engagement.objects.in_workspace(engagement.workspace_id).get(pk=engagement.pk)


def entries(world, action):
    return list(LedgerEntry.objects.in_workspace(world.workspace).filter(action=action))


def ledger_size(world):
    return LedgerEntry.objects.in_workspace(world.workspace).count()


def plan_of(world, engagement):
    return HandoffPlan.objects.in_workspace(world.workspace).get(engagement=engagement)


def steps_of(world, engagement):
    return list(
        HandoffStep.objects.in_workspace(world.workspace)
        .filter(plan__engagement=engagement)
        .select_related("asset")
        .order_by("pk")
    )


def active_engagement(world, client=None, *, started=None):
    owner = world.actor("owner")
    engagement = engagement_create(
        actor=owner, client_id=(client or world.client).pk, title="Refonte", value="10000.00"
    )
    invoice = invoice_create(
        actor=owner,
        engagement_id=engagement.pk,
        kind="deposit",
        amount="3000.00",
        due_on=days(-60),
        issued_on=days(-70),
    )
    payment_record(actor=owner, invoice_id=invoice.pk, amount="3000.00", paid_on=days(-65))
    engagement_activate(actor=owner, engagement_id=engagement.pk, activated_on=started or days(-60))
    return reload(engagement)


def register(world, kind, identifier, *, client=None, **fields):
    values = {"legal_owner": "client", "client_has_admin": True, "we_have_admin": False}
    values.update(fields)
    return asset_create(
        actor=world.actor("owner"),
        client_id=(client or world.client).pk,
        kind=kind,
        identifier=identifier,
        **values,
    )


def browser(world, kind="owner"):
    http = HttpClient(headers={"Accept-Language": "en"})
    http.force_login(world.users[kind])
    return http


def closing_engagement(world, client):
    owner = world.actor("owner")
    engagement = engagement_create(actor=owner, client_id=client.pk, title="Refonte", value="900")
    invoice = invoice_create(
        actor=owner, engagement_id=engagement.pk, kind="deposit", amount="270", due_on=TODAY
    )
    payment_record(actor=owner, invoice_id=invoice.pk, amount="270", paid_on=TODAY)
    engagement_activate(actor=owner, engagement_id=engagement.pk)
    engagement_start_closing(actor=owner, engagement_id=engagement.pk)
    return Engagement.objects.in_workspace(world.workspace).get(pk=engagement.pk)


def queries_for(http, url):
    with CaptureQueriesContext(connection) as ctx:
        response = http.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def messages_in(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []
