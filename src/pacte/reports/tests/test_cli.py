"""`pacte reports list`: latest period first, one engagement's, the shared output formats."""

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from .helpers import days_ago, designate, generate, running_engagement, sent_report

pytestmark = pytest.mark.django_db


def run(*args):
    out = io.StringIO()
    call_command("reports", "list", "--workspace", "Atelier Nord", *args, stdout=out)
    return out.getvalue()


def test_the_list_and_one_engagement_s(world):
    e = running_engagement(world)
    other = running_engagement(world, client=world.other_client, title="Garage en ligne")
    designate(world)
    sent = sent_report(world, e, start=days_ago(30), end=days_ago(10))
    draft = generate(world, other, start=days_ago(9), end=days_ago(0))
    rows = json.loads(run("--format", "json"))
    assert [r["id"] for r in rows] == [draft.pk, sent.pk]
    assert rows[1]["status"] == "sent" and rows[1]["recipients"] == "claire@alpha.test"
    assert rows[1]["sent_sha256"] == sent.sent_sha256 and rows[0]["sent_at"] == ""
    table = run("--engagement", str(e.pk))
    assert "Refonte du site" in table and "Garage en ligne" not in table
    assert "1 status report(s) in Refonte du site (Atelier Nord)." in table
    assert run("--format", "csv").splitlines()[0].startswith("id,engagement,client,period_start")


def test_an_unknown_engagement_is_one_clear_line(world):
    with pytest.raises(CommandError, match="no engagement 999"):
        run("--engagement", "999")


def test_an_empty_workspace(world):
    assert "No status report in Atelier Nord." in run()
