"""Issue 14, item 5: the dispute evidence pack. Its verify.py runs with Python alone from the
pack's folder and says OK, then names the entry a tampered byte broke; another client's
entries travel as hashes only."""

import io
import json
import subprocess
import sys
import zipfile

import pytest
from django.core.management import CommandError, call_command
from django.test import Client as HttpClient

from pacte.billing.models import Payment
from pacte.clients.models import Client, Contact
from pacte.clients.services import contact_create
from pacte.evidence.selectors import path_to_client
from pacte.evidence.services import evidence_pack
from pacte.kernel.models import LedgerEntry
from pacte.kernel.tenancy import Actor
from pacte.testing import MEMBERS_ONLY, check_page_as_each_actor, fake_weasyprint

pytestmark = pytest.mark.django_db


def pack_of(world, client=None, tmp_path=None):
    buffer = io.BytesIO()
    manifest = evidence_pack(
        actor=Actor.system(world.workspace), client_id=(client or world.client).pk, out=buffer
    )
    folder = tmp_path / "pack"
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as pack:
        pack.extractall(folder)
    return manifest, folder


def verify(folder):
    return subprocess.run(
        [sys.executable, "verify.py"], cwd=folder, capture_output=True, text=True, check=False
    )


def ledger_lines(folder):
    return [json.loads(line) for line in (folder / "ledger.jsonl").read_text().splitlines()]


def test_a_pack_verifies_and_a_tampered_byte_is_named(world, tmp_path):
    owner = world.actor("owner")
    contact_create(actor=owner, client_id=world.client.pk, full_name="Claire Alpha")
    contact_create(actor=owner, client_id=world.other_client.pk, full_name="Bruno Beta")
    manifest, folder = pack_of(world, tmp_path=tmp_path)
    assert manifest["ledger_length"] == LedgerEntry.objects.in_workspace(world.workspace).count()
    result = verify(folder)
    assert result.returncode == 0 and result.stdout.startswith("OK"), result.stdout
    lines = ledger_lines(folder)
    ours = [line for line in lines if "action" in line]
    assert any(line["payload"].get("name") == "Claire Alpha" for line in ours)
    text = (folder / "ledger.jsonl").read_text()
    assert "Bruno Beta" not in text  # another client's entry travels as its hashes only
    assert "Claire Alpha" in (folder / "summary.html").read_text()

    tampered = text.replace("Claire Alpha", "Claire Alphb", 1)
    (folder / "ledger.jsonl").write_text(tampered)
    broken = verify(folder)
    seq = next(line["seq"] for line in ours if line["payload"].get("name") == "Claire Alpha")
    assert broken.returncode == 1
    assert broken.stdout.startswith(f"BROKEN at entry {seq}:"), broken.stdout


def test_a_removed_entry_breaks_the_chain(world, tmp_path):
    contact_create(actor=world.actor("owner"), client_id=world.client.pk, full_name="Claire")
    _manifest, folder = pack_of(world, tmp_path=tmp_path)
    lines = (folder / "ledger.jsonl").read_text().splitlines(keepends=True)
    (folder / "ledger.jsonl").write_text("".join(lines[:1] + lines[2:]))
    assert verify(folder).stdout.startswith("BROKEN at line 2")


def test_making_a_pack_writes_nothing(world, tmp_path):
    before = LedgerEntry.objects.in_workspace(world.workspace).count()
    pack_of(world, tmp_path=tmp_path)
    assert LedgerEntry.objects.in_workspace(world.workspace).count() == before


def test_records_are_traced_to_their_client():

    assert path_to_client(Client) == "pk"
    assert path_to_client(Contact) == "client_id"
    assert path_to_client(Payment).endswith("client_id")


def test_every_actor_on_the_download(world):
    url = f"/clients/{world.client.pk}/evidence.zip"
    owners_and_managers = {**MEMBERS_ONLY, "consultant": 403, "viewer": 403}
    responses = check_page_as_each_actor(world, url, owners_and_managers)
    assert responses["owner"]["Content-Type"] == "application/zip"
    http = HttpClient()
    http.force_login(world.users["owner"])
    assert http.get(f"/clients/{world.foreign_client.pk}/evidence.zip").status_code == 404


def test_the_command_writes_the_pack_and_refuses_bad_paths(world, tmp_path):
    target = tmp_path / "alpha.zip"
    out = io.StringIO()
    call_command(
        "evidence", world.client.name, str(target), "--workspace", "Atelier Nord", stdout=out
    )
    assert "python3 verify.py" in out.getvalue()
    with zipfile.ZipFile(target) as pack:
        assert {"manifest.json", "ledger.jsonl", "summary.html", "verify.py", "README.txt"} <= set(
            pack.namelist()
        )
    for wrong in (str(target), str(tmp_path / "x.txt"), str(tmp_path / "missing" / "x.zip")):
        with pytest.raises(CommandError):
            call_command("evidence", world.client.name, wrong, "--workspace", "Atelier Nord")
    with pytest.raises(CommandError):
        call_command(
            "evidence", "No such client", str(tmp_path / "y.zip"), "--workspace", "Atelier Nord"
        )
    assert not (tmp_path / "y.zip").exists()


def test_the_summary_comes_as_pdf_too_where_weasyprint_is_installed(world, tmp_path, monkeypatch):
    manifest, folder = pack_of(world, tmp_path=tmp_path / "without")
    assert manifest["summary_pdf"] is False and not (folder / "summary.pdf").exists()
    rendered = fake_weasyprint(monkeypatch, pdf=b"%PDF-1.7 summary")
    manifest, folder = pack_of(world, tmp_path=tmp_path / "with")
    assert manifest["summary_pdf"] is True
    assert json.loads((folder / "manifest.json").read_text())["summary_pdf"] is True
    assert (folder / "summary.pdf").read_bytes() == b"%PDF-1.7 summary"
    assert rendered["html"] == (folder / "summary.html").read_text()
    assert rendered["css"] and rendered["css"].endswith("report-pdf.css")
    assert "summary.pdf" in (folder / "README.txt").read_text()
