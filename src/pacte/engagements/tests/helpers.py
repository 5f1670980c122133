"""Helpers shared by the engagement tests: dates, counts, engagements in a given state, work,
change requests, the browser and the API."""

import datetime as dt

from django.test import Client as HttpClient
from django.utils import timezone

from pacte.billing.models import Invoice, Payment
from pacte.billing.services import invoice_create, payment_record
from pacte.engagements.models import ChangeRequest, Engagement, EngagementStatus, TimeEntry
from pacte.engagements.services import (
    change_request_create,
    change_request_move,
    engagement_activate,
    engagement_create,
    engagement_hold,
    time_entry_log,
)
from pacte.handoff.services import engagement_close, engagement_start_closing, engagement_terminate
from pacte.kernel.models import LedgerEntry

S = EngagementStatus


TODAY = timezone.localdate()


def days(n: int) -> dt.date:
    return TODAY + dt.timedelta(days=n)


def counts():
    return tuple(
        model.objects.across_workspaces().count()
        for model in (Engagement, TimeEntry, ChangeRequest, Invoice, Payment, LedgerEntry)
    )


def row(engagement):
    """The engagement as stored, to prove a refused action changed nothing."""
    return (
        Engagement.objects.in_workspace(engagement.workspace_id)
        .filter(pk=engagement.pk)
        .values()
        .get()
    )


def reload(engagement):
    return Engagement.objects.in_workspace(engagement.workspace_id).get(pk=engagement.pk)


def last_entry(world):
    return LedgerEntry.objects.in_workspace(world.workspace).last()


def create(world, *, actor="owner", **kwargs):
    values = {"client_id": world.client.pk, "title": "Refonte du site", "value": "10000.00"}
    values.update(kwargs)
    return engagement_create(actor=world.actor(actor), **values)


def deposit_invoice(world, engagement, amount="3000.00", *, kind="deposit"):
    return invoice_create(
        actor=world.actor("owner"),
        engagement_id=engagement.pk,
        kind=kind,
        amount=amount,
        issued_on=days(-20),
        due_on=days(-5),
    )


def pay(world, invoice, amount, on=None):
    return payment_record(
        actor=world.actor("owner"), invoice_id=invoice.pk, amount=amount, paid_on=on or days(-1)
    )


def engagement_in(world, status: str) -> Engagement:
    """An engagement brought to `status` through the services, its deposit paid once it is
    awaited (an awaiting_deposit engagement is then ready to be activated)."""
    owner = world.actor("owner")
    engagement = create(world)
    if status == S.DRAFT:
        return engagement
    if status == S.TERMINATED:
        engagement_terminate(
            actor=owner, engagement_id=engagement.pk, terminated_by="client", reason="Budget cut"
        )
        return reload(engagement)
    pay(world, deposit_invoice(world, engagement), "3000.00")
    if status == S.AWAITING_DEPOSIT:
        return reload(engagement)
    engagement_activate(actor=owner, engagement_id=engagement.pk)
    if status == S.ON_HOLD:
        engagement_hold(actor=owner, engagement_id=engagement.pk, reason="Client on holiday")
    elif status in {S.CLOSING, S.CLOSED}:
        engagement_start_closing(actor=owner, engagement_id=engagement.pk)
        if status == S.CLOSED:
            engagement_close(actor=owner, engagement_id=engagement.pk)
    engagement = reload(engagement)
    assert engagement.status == status
    return engagement


def log(world, engagement, **kwargs):
    values = {"worked_on": days(-1), "minutes": 90, "description": "Maquettes"}
    values.update(kwargs)
    return time_entry_log(actor=world.actor("consultant"), engagement_id=engagement.pk, **values)


def change(world, engagement, title="Ajouter une page Équipe", **kwargs):
    return change_request_create(
        actor=world.actor("consultant"), engagement_id=engagement.pk, title=title, **kwargs
    )


def move(world, change_request, to, **kwargs):
    return change_request_move(
        actor=world.actor("consultant"), change_request_id=change_request.pk, to=to, **kwargs
    )


def reach(world, engagement, status):
    request = change(world, engagement, title=f"Demande {status}")
    path = {
        "new": [],
        "estimated": ["estimated"],
        "accepted": ["estimated", "accepted"],
        "billed": ["estimated", "accepted", "billed"],
        "refused": ["refused"],
        "absorbed": ["absorbed"],
    }[status]
    for step in path:
        kwargs = {}
        if step == "estimated":
            kwargs["estimate_hours"] = "3"
        if step == "billed":
            kwargs["invoice_id"] = deposit_invoice(
                world, engagement, "90", kind="change_request"
            ).pk
        move(world, request, step, **kwargs)
    return request


def browser(world, kind="owner"):
    http = HttpClient(headers={"Accept-Language": "en"})
    http.force_login(world.users[kind])
    return http


def pay_deposit(world, engagement):
    owner = world.actor("owner")
    invoice = invoice_create(
        actor=owner,
        engagement_id=engagement.pk,
        kind="deposit",
        amount="3000.00",
        due_on=timezone.localdate(),
    )
    payment_record(
        actor=owner, invoice_id=invoice.pk, amount="3000.00", paid_on=timezone.localdate()
    )
    return invoice


class Api:
    def __init__(self, token):
        self.http = HttpClient(
            headers={"Authorization": f"Bearer {token}", "Accept-Language": "en"}
        )

    def post(self, url, body=None):
        return self.http.post(f"/api/v1{url}", body or {}, content_type="application/json")

    def get(self, url):
        return self.http.get(f"/api/v1{url}")
