"""The dashboard shows the workspace, its members and whether the ledger's chain holds."""

import pytest
from django.test import Client as HttpClient

from pacte.kernel.models import LedgerEntry

pytestmark = pytest.mark.django_db


def test_dashboard_shows_workspace_members_and_ledger_status(world):
    http = HttpClient(headers={"Accept-Language": "en"})
    http.force_login(world.users["viewer"])
    html = http.get("/dashboard/").content.decode()
    assert "Atelier Nord" in html
    for email in ("owner@nord.test", "manager@nord.test", "consultant@nord.test"):
        assert email in html
    assert "Chain intact" in html
    assert "2 clients" in html


def test_dashboard_shows_a_broken_chain(world):
    entry = LedgerEntry.objects.in_workspace(world.workspace).get(seq=2)
    LedgerEntry.objects.in_workspace(world.workspace).filter(pk=entry.pk).update(actor="forger")
    http = HttpClient(headers={"Accept-Language": "en"})
    http.force_login(world.users["owner"])
    html = http.get("/dashboard/").content.decode()
    assert "Chain broken" in html and "entry #2" in html
