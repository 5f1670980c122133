"""`pacte casestudy export ID`: the same guard, refusals as one clear line and a non-zero
exit, the text on stdout or in a file."""

import hashlib
import io
from unittest import mock

import pytest
from django.core.management import call_command

from pacte.casestudies.management.commands.casestudy import Command
from pacte.kernel.models import LedgerEntry

from .helpers import hotel, set_level, study

pytestmark = pytest.mark.django_db


def run(*argv):
    """As `pacte casestudy …` runs it: (exit code, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    command = Command(stdout=out, stderr=err)
    try:
        # run_from_argv closes every connection when done, the test's own included (which
        # PostgreSQL then refuses to reuse): the command runs as the CLI runs it, minus that.
        with mock.patch("django.core.management.base.connections.close_all"):
            command.run_from_argv(["pacte", "casestudy", *argv])
        code = 0
    except SystemExit as exc:
        code = exc.code
    return code, out.getvalue(), err.getvalue()


def test_export_markdown_to_stdout_and_odt_to_a_file(world, tmp_path):
    engagement, _helene = hotel(world)
    s = study(world, engagement, results="2 134 photos.")
    out = io.StringIO()
    call_command("casestudy", "export", str(s.pk), "--workspace", "Atelier Nord", stdout=out)
    text = out.getvalue()
    assert "Hôtel du Lac" not in text and "2,000" in text
    target = tmp_path / "story.odt"
    code, _out, err = run(
        "export",
        str(s.pk),
        "--format",
        "odt",
        "--output",
        str(target),
        "--workspace",
        "Atelier Nord",
    )
    assert code == 0 and "SHA-256" in err
    entry = LedgerEntry.objects.filter(
        workspace=world.workspace, action="casestudy.exported"
    ).last()
    assert entry.payload["sha256"] == hashlib.sha256(target.read_bytes()).hexdigest()


def test_refusals_are_one_clear_line_and_a_non_zero_exit(world):
    engagement, _helene = hotel(world)
    s = study(world, engagement)
    code, _out, err = run("export", str(s.pk), "--mode", "named", "--workspace", "Atelier Nord")
    assert code == 1 and err.startswith("pacte: ") and "may not be named" in err
    assert "Traceback" not in err and err.count("\n") == 1
    set_level(world.client, "confidential")
    code, _out, err = run("export", str(s.pk), "--workspace", "Atelier Nord")
    assert code == 1 and "confidential" in err
    code, _out, err = run("export", "999999", "--workspace", "Atelier Nord")
    assert code != 0 and err.startswith("pacte: ")
    code, _out, err = run("export", str(s.pk), "--format", "odt", "--workspace", "Atelier Nord")
    assert code == 2 and "--output" in err
