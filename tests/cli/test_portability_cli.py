"""`pacte export` and `pacte import` as an operator moving a workspace runs them: from the
demo's install into an empty one, then the refusals, each one clear line and nothing
written."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from pacte.demo import DEMO_WORKSPACE

from .test_cli import DB_NAME, ok, one_clear_line, pacte, query


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("old-install") / "data"
    ok(pacte("migrate", "--no-input", "-v", "0", data_dir=folder))
    ok(pacte("demo", data_dir=folder))
    target = folder.parent / "atelier.zip"
    result = ok(pacte("export", DEMO_WORKSPACE, str(target), data_dir=folder))
    assert f"Exported {DEMO_WORKSPACE} to {target}" in result.stdout
    return target


def test_an_export_moves_into_an_empty_install(exported, tmp_path):
    with zipfile.ZipFile(exported) as archive:
        names = set(archive.namelist())
    assert {"manifest.json", "README.txt", "verify.py", "ledger.jsonl", "users.jsonl"} <= names
    assert "data/clients.client.jsonl" in names and "csv/clients.client.csv" in names
    fresh = tmp_path / "data"
    ok(pacte("migrate", "--no-input", "-v", "0", data_dir=fresh))
    result = ok(pacte("import", str(exported), "--no-invite", data_dir=fresh))
    assert f"Imported {DEMO_WORKSPACE}" in result.stdout and "chain verified" in result.stdout
    assert query(fresh, "SELECT name FROM core_workspace") == [(DEMO_WORKSPACE,)]
    assert ok(pacte("ledger", "verify", "--full", data_dir=fresh)).stdout.startswith("OK")
    # Again: the name is taken now, and nothing more is written.
    entries = query(fresh, "SELECT COUNT(*) FROM core_ledgerentry")
    line = one_clear_line(pacte("import", str(exported), data_dir=fresh))
    assert "exists already" in line
    assert query(fresh, "SELECT COUNT(*) FROM core_ledgerentry") == entries
    assert (fresh / DB_NAME).is_file()


def test_refusals_are_one_clear_line(exported, tmp_path):
    folder = exported.parent / "data"
    assert "exists already" in one_clear_line(
        pacte("export", DEMO_WORKSPACE, str(exported), data_dir=folder)
    )
    assert ".zip" in one_clear_line(
        pacte("export", DEMO_WORKSPACE, str(tmp_path / "x.tar"), data_dir=folder)
    )
    assert "no workspace" in one_clear_line(
        pacte("export", "Nobody", str(tmp_path / "x.zip"), data_dir=folder)
    )
    assert "does not exist" in one_clear_line(
        pacte("import", str(tmp_path / "missing.zip"), data_dir=folder)
    )
    (tmp_path / "bad.zip").write_bytes(b"not a zip at all")
    assert "not a zip file" in one_clear_line(
        pacte("import", str(tmp_path / "bad.zip"), data_dir=folder)
    )
