"""`pacte conflicts list`: newest first, filters, the past-follow-up flag, the shared output
formats."""

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from .helpers import answer, days_ago, move, open_case, running_engagement, to_awaiting

pytestmark = pytest.mark.django_db


def run(*args):
    out = io.StringIO()
    call_command("conflicts", "list", "--workspace", "Atelier Nord", *args, stdout=out)
    return out.getvalue()


def test_the_list_with_its_filters_and_flag(world):
    e = running_engagement(world)
    late = to_awaiting(
        world, open_case(world, [e], summary="Rappel oublié", opened_on=days_ago(30))
    )
    done = to_awaiting(world, open_case(world, [e], summary="Réglé", opened_on=days_ago(29)))
    answer(world, done, "accepted")
    move(world, done, "resolved", on=days_ago(20))
    open_case(world, client=world.other_client, summary="Chez Beta", opened_on=days_ago(1))

    rows = json.loads(run("--format", "json"))
    assert [r["summary"] for r in rows] == ["Chez Beta", "Réglé", "Rappel oublié"]
    assert rows[2]["past_follow_up"] is True and rows[2]["status"] == "awaiting_decision"
    assert rows[2]["opened_on"] == days_ago(30).isoformat() and rows[2]["id"] == late.pk
    assert rows[1]["closed_on"] == days_ago(20).isoformat() and not rows[1]["past_follow_up"]

    table = run("--client", "boulangerie alpha", "--open")
    assert "Rappel oublié" in table and "Réglé" not in table and "(past)" in table
    assert "1 conflict case(s) in Boulangerie Alpha (Atelier Nord)." in table
    csv = run("--status", "resolved", "--format", "csv")
    assert csv.splitlines()[0].startswith("id,opened_on,client,summary")
    assert "Réglé" in csv and "Rappel oublié" not in csv
    assert "Réglé" in run("--closed") and "Rappel oublié" not in run("--closed")


def test_an_unknown_client_is_one_clear_line(world):
    with pytest.raises(CommandError, match="no client “Nobody”"):
        run("--client", "Nobody")


def test_an_empty_workspace(world):
    assert "No conflict case in Atelier Nord." in run()
