"""What an import trusts, and what it refuses: a zip is not signed, so everything in it is
checked against what it claims, and nothing in it reaches beyond the workspace it creates."""

from __future__ import annotations

import io
import json

import pytest

from pacte.clients.models import Client
from pacte.kernel.errors import InvalidInput
from pacte.kernel.models import LedgerEntry, OutboundEmail, Workspace
from pacte.portability.services import NOT_SENT_BEFORE_EXPORT, workspace_export, workspace_import
from pacte.reminders.models import Reminder

from .helpers import demo_with_every_model, export_bytes, files_of, owner_actor, rewritten

pytestmark = pytest.mark.django_db


@pytest.fixture
def moved(tmp_path):
    """The demo exported, then renamed here: the zip imports as if into another install."""
    original = demo_with_every_model()
    data = export_bytes(original)
    Workspace.objects.filter(pk=original.pk).update(name="Ancien")
    original.refresh_from_db()
    return original, data


def _import(tmp_path, data, name="x.zip"):
    (tmp_path / name).write_bytes(data)
    return workspace_import(source=tmp_path / name, invite=False)


def _with_workspace_json(data: bytes, **changes) -> bytes:
    row = json.loads(files_of(data)["workspace.json"])
    return rewritten(data, {"workspace.json": json.dumps({**row, **changes}).encode()}, rehash=True)


def test_an_id_in_workspace_json_never_reaches_an_existing_workspace(tmp_path, moved):
    original, data = moved
    forged = _with_workspace_json(data, id=original.pk, name="Autre nom")
    result = _import(tmp_path, forged)
    assert result.workspace.pk != original.pk
    original.refresh_from_db()
    assert original.name == "Ancien"
    assert Client.objects.filter(workspace=original).count() == 18


def test_a_name_taken_in_other_letters_is_refused(tmp_path, moved):
    original, data = moved
    Workspace.objects.filter(pk=original.pk).update(name="ATELIER lumière")
    with pytest.raises(InvalidInput) as refused:
        _import(tmp_path, _with_workspace_json(data, name="atelier lumière"))
    assert refused.value.code == "name_taken"


def test_mail_waiting_to_be_sent_arrives_failed_and_is_not_sent_again(tmp_path, moved):
    original, data = moved
    waiting = OutboundEmail.objects.filter(workspace=original, status="queued").count()
    assert waiting > 0
    imported = _import(tmp_path, data).workspace
    assert not OutboundEmail.objects.filter(workspace=imported, status="queued").exists()
    failed = OutboundEmail.objects.filter(workspace=imported, last_error=NOT_SENT_BEFORE_EXPORT)
    assert failed.count() == waiting


def test_a_file_replaced_in_the_zip_is_refused_even_with_matching_hashes(tmp_path, moved):
    _original, data = moved
    name = next(n for n in files_of(data) if n.startswith("attachments/"))
    forged = rewritten(data, {name: b"another file altogether"}, rehash=True)
    with pytest.raises(InvalidInput, match="does not hold the file"):
        _import(tmp_path, forged)
    assert Workspace.objects.count() == 1


def test_a_manifest_that_shortens_the_ledger_is_refused(tmp_path, moved):
    original, data = moved
    lines = files_of(data)["ledger.jsonl"].splitlines()
    manifest = json.loads(files_of(data)["manifest.json"])
    manifest["ledger_length"] -= 1
    manifest["ledger_head"] = json.loads(lines[-2])["entry_hash"]
    shortened = rewritten(data, {"manifest.json": json.dumps(manifest).encode()})
    with pytest.raises(InvalidInput) as refused:
        _import(tmp_path, shortened)
    assert refused.value.code == "ledger_broken"
    assert LedgerEntry.objects.across_workspaces().exclude(workspace=original).count() == 0


def test_a_column_a_row_does_not_name_takes_its_default(tmp_path, moved):
    """An export made before a column existed imports with the column's default."""
    _original, data = moved
    name = "data/clients.client.jsonl"
    rows = [json.loads(line) for line in files_of(data)[name].splitlines()]
    for row in rows:
        row.pop("report_frequency")
        row.pop("city")
    older = b"".join(json.dumps(row).encode() + b"\n" for row in rows)
    imported = _import(tmp_path, rewritten(data, {name: older}, rehash=True)).workspace
    martin = Client.objects.get(workspace=imported, name="Boulangerie Martin")
    field = Client._meta.get_field("report_frequency")
    assert martin.report_frequency == field.get_default() and martin.city == ""


def test_people_with_an_account_here_are_named(tmp_path, moved):
    _original, data = moved
    result = _import(tmp_path, data)
    assert "camille@atelier-lumiere.example" in result.existing_people


def test_text_that_a_spreadsheet_would_run_stays_text_in_the_csv(tmp_path):
    workspace = demo_with_every_model()
    Client.objects.filter(workspace=workspace, name="Boulangerie Martin").update(
        city='=HYPERLINK("http://example.com")'
    )
    files = files_of(export_bytes(workspace))
    assert "'=HYPERLINK" in files["csv/clients.client.csv"].decode()
    assert b'"city":"=HYPERLINK' in files["data/clients.client.jsonl"]


def test_a_reference_to_a_row_newer_than_the_export_refuses_it(tmp_path):
    """The keys are taken first: a row pointing at one written since would lose its link."""
    workspace = demo_with_every_model()
    reminder = Reminder.objects.filter(workspace=workspace).order_by("pk").first()

    def meanwhile(done, total):
        if not OutboundEmail.objects.filter(workspace=workspace, subject="Arrivé après").exists():
            email = OutboundEmail.objects.create(
                workspace=workspace,
                to="x@example.com",
                from_email="pacte@example.com",
                subject="Arrivé après",
                next_attempt_at=reminder.created_at,
            )
            Reminder.objects.filter(workspace=workspace, pk=reminder.pk).update(email=email)

    with pytest.raises(InvalidInput) as refused:
        workspace_export(actor=owner_actor(workspace), out=io.BytesIO(), progress=meanwhile)
    assert refused.value.code == "changed_during_export"
