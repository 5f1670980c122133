"""`pacte requests list`: newest first, filters, breaches, the shared output formats."""

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from .helpers import at, move, request, sla

pytestmark = pytest.mark.django_db


def run(*args):
    out = io.StringIO()
    call_command("requests", "list", "--workspace", "Atelier Nord", *args, stdout=out)
    return out.getvalue()


def test_the_list_with_its_filters_and_breaches(world):
    sla(world, target=60)
    late = request(world, at(2026, 6, 8, 9), summary="Export en panne")
    move(world, late, "respond", at(2026, 6, 8, 15))
    done = request(world, at(2026, 6, 9, 9), summary="Question de facture")
    move(world, done, "resolve", at(2026, 6, 9, 9, 30))
    request(world, at(2026, 6, 10, 9), summary="Chez Beta", client=world.other_client)

    rows = json.loads(run("--format", "json"))
    assert [r["summary"] for r in rows] == ["Chez Beta", "Question de facture", "Export en panne"]
    assert rows[2]["breached"] == "first_response" and rows[1]["breached"] == ""
    # In the workspace's time zone (Paris, summer time), with its offset.
    assert rows[2]["received_at"] == "2026-06-08T09:00:00+02:00"

    table = run("--client", "boulangerie alpha", "--open")
    assert "Export en panne" in table and "Question de facture" not in table
    assert "1 request(s) in Boulangerie Alpha (Atelier Nord)." in table
    csv = run("--status", "resolved", "--format", "csv")
    assert csv.splitlines()[0].startswith("id,received_at,client,summary")
    assert "Question de facture" in csv and "Export en panne" not in csv


def test_an_unknown_client_is_one_clear_line(world):
    with pytest.raises(CommandError, match="no client “Nobody”"):
        run("--client", "Nobody")


def test_an_empty_workspace(world):
    assert "No support request in Atelier Nord." in run()
