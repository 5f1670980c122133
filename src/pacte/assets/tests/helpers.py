"""Helpers shared by the asset tests: dates, counts, assets, the API as an outside client."""

import datetime as dt

from django.test import Client as HttpClient
from django.utils import timezone

from pacte.assets.models import ActionLogEntry, Asset
from pacte.assets.services import asset_create
from pacte.kernel.models import LedgerEntry

TODAY = timezone.localdate()


def days(n: int) -> dt.date:
    return TODAY + dt.timedelta(days=n)


def counts():
    return tuple(
        model.objects.across_workspaces().count() for model in (Asset, ActionLogEntry, LedgerEntry)
    )


def stored(asset):
    return Asset.objects.in_workspace(asset.workspace_id).filter(pk=asset.pk).values().get()


def entries(world, action):
    return list(LedgerEntry.objects.in_workspace(world.workspace).filter(action=action))


def create(world, *, actor="owner", client=None, **fields):
    values = {"kind": "domain", "identifier": "boulangerie-alpha.fr"}
    values.update(fields)
    return asset_create(actor=world.actor(actor), client_id=(client or world.client).pk, **values)


class Api:
    def __init__(self, token):
        self.http = HttpClient(
            headers={"Authorization": f"Bearer {token}", "Accept-Language": "en"}
        )

    def post(self, url, body=None):
        return self.http.post(f"/api/v1{url}", body or {}, content_type="application/json")

    def patch(self, url, body):
        return self.http.patch(f"/api/v1{url}", body, content_type="application/json")

    def get(self, url):
        return self.http.get(f"/api/v1{url}")


def asset_count():
    return Asset.objects.across_workspaces().count()


def ledger_count():
    return LedgerEntry.objects.across_workspaces().count()


def domain_payload(world, **changes):
    payload = {
        "client_id": world.client.pk,
        "kind": "domain",
        "identifier": "boulangerie-alpha.fr",
        "legal_owner": "client",
        "renewal_date": (TODAY + dt.timedelta(days=200)).isoformat(),
        "notice_days": 30,
        "auto_renew": True,
    }
    payload.update(changes)
    return payload
