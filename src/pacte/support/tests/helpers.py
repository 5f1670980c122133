"""Helpers shared by the support tests: instants in Paris, requests and SLAs made through
the services."""

from __future__ import annotations

import datetime as dt
import unicodedata
from zoneinfo import ZoneInfo

from pacte.clients.services import contact_create
from pacte.engagements.services import engagement_create
from pacte.kernel.models import LedgerEntry
from pacte.support.models import Sla, SlaMeasurement, SupportRequest, SupportRequestWait
from pacte.support.services import sla_propose, support_request_move, support_request_open

PARIS = ZoneInfo("Europe/Paris")


def at(year, month, day, hour=9, minute=0, zone=PARIS) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=zone)


def counts():
    return tuple(
        model.objects.across_workspaces().count()
        for model in (SupportRequest, SupportRequestWait, Sla, SlaMeasurement, LedgerEntry)
    )


def engagement(world, client=None, title="Infogérance", starts_on=None, ends_on=None):
    return engagement_create(
        actor=world.actor("owner"),
        client_id=(client or world.client).pk,
        title=title,
        value="5000",
        starts_on=starts_on,
        ends_on=ends_on,
    )


def ascii_slug(name: str) -> str:
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return ".".join(text.lower().split())


def contact(world, name="Claire Petit", client=None, email="", **designations):
    return contact_create(
        actor=world.actor("owner"),
        client_id=(client or world.client).pk,
        full_name=name,
        email=email or f"{ascii_slug(name)}@alpha.test",
        **designations,
    )


def request(world, received_at, *, client=None, actor="consultant", **kwargs):
    kwargs.setdefault("summary", "Le formulaire de contact ne répond plus")
    return support_request_open(
        actor=world.actor(actor),
        client_id=(client or world.client).pk,
        received_at=received_at,
        **kwargs,
    )


def move(world, req, name, when, actor="consultant"):
    return support_request_move(actor=world.actor(actor), request_id=req.pk, move=name, at=when)


def sla(world, *, client=None, metric="first_response", target=480, agreed=True, **kwargs):
    if "engagement_id" not in kwargs:
        kwargs["client_id"] = (client or world.client).pk
    if metric == "availability":
        kwargs.setdefault("target_percent", "99.5")
        target = None
    return sla_propose(
        actor=world.actor("owner"),
        metric=metric,
        target_minutes=target,
        agreed_on=dt.date(2026, 1, 5) if agreed else None,
        **kwargs,
    )
