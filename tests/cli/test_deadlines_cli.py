"""`pacte deadlines` as an operator runs it, on the demo workspace plus a few assets written
straight into its SQLite file."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import shutil
import subprocess
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from pacte.deadlines.management.commands.deadlines import parse_within
from tests.cli.test_cli import PACTE, clean_environ, ok, one_clear_line, pacte

# The subprocess runs with the default time zone (clean_environ drops PACTE_TIME_ZONE).
TODAY = dt.datetime.now(ZoneInfo("Europe/Paris")).date()
CLIENT = "Boulangerie Martin"


def day(offset: int) -> str:
    return (TODAY + dt.timedelta(days=offset)).isoformat()


# (identifier, renewal in days, notice days, tacit): cancel-by = renewal − notice.
ASSETS = [
    ("cli-soon.example", 40, 20, True),  # cancel by in 20 days
    ("cli-missed.example", 10, 15, True),  # cancel by 5 days ago, renewal to come
    ("cli-later.example", 75, 30, False),  # cancel by in 45 days
    ("cli-quarter.example", 116, 30, True),  # cancel by in 86 days: in 3m (90), not 12w (84)
]


def add_assets(data_dir: Path) -> None:
    import sqlite3

    db = sqlite3.connect(data_dir / "pacte.sqlite3")
    with db:
        client_id, workspace_id = db.execute(
            "SELECT id, workspace_id FROM clients_client WHERE name = ?", (CLIENT,)
        ).fetchone()
        for identifier, renewal, notice, tacit in ASSETS:
            db.execute(
                "INSERT INTO assets_asset (kind, identifier, vendor, legal_owner, "
                "third_party_name, payer, client_has_admin, we_have_admin, licence, "
                "credentials_reference, renewal_date, renewal_period, auto_renew, notice_days, "
                "cost, currency, last_verified_on, notes, created_at, client_id, workspace_id) "
                "VALUES ('domain', ?, '', 'client', '', 'client', 1, 1, '', '', ?, 'yearly', ?, "
                "?, NULL, 'EUR', NULL, '', '2026-01-01 00:00:00', ?, ?)",
                (identifier, day(renewal), int(tacit), notice, client_id, workspace_id),
            )
    db.close()


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("deadlines") / "data"
    ok(pacte("migrate", "--no-input", "-v", "0", data_dir=folder))
    ok(pacte("demo", data_dir=folder))
    add_assets(folder)
    return folder


@pytest.fixture
def demo_dir(demo_template, tmp_path) -> Path:
    folder = tmp_path / "data"
    shutil.copytree(demo_template, folder)
    return folder


def ours(rows: list[dict]) -> list[str]:
    return [r["identifier"] for r in rows if r["identifier"].startswith("cli-")]


def pacte_together(*commands: tuple[str, ...], data_dir: Path) -> list:
    """Run several read-only `pacte` commands at once: each one sets Django up."""
    running = [
        subprocess.Popen(
            [str(PACTE), *args],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=clean_environ(data_dir),
            cwd=data_dir.parent,
        )
        for args in commands
    ]
    results = []
    for process in running:
        stdout, stderr = process.communicate(timeout=60)
        results.append(
            subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)
        )
    return results


def test_deadlines_table_csv_json_and_a_bad_duration(demo_dir):
    table, as_json, as_csv, quarter, bad = pacte_together(
        ("deadlines", "--within", "30d"),
        ("deadlines", "--within", "30", "--format", "json"),
        ("deadlines", "--within", "12w", "--format", "csv"),
        ("deadlines", "--within", "3m", "--format", "json"),
        ("deadlines", "--within", "3x"),
        data_dir=demo_dir,
    )
    lines = ok(table).stdout.splitlines()
    assert lines[0].split() == [
        "Cancel",
        "by",
        "Days",
        "left",
        "Renewal",
        "Client",
        "Kind",
        "Identifier",
    ]
    soon = next(line for line in lines if "cli-soon.example" in line)
    assert soon.split()[:3] == [day(20), "20", day(40)]
    assert CLIENT in soon and "Domain name" in soon and "(tacit)" in soon
    missed = next(line for line in lines if "cli-missed.example" in line)
    assert missed.split()[:3] == [day(-5), "MISSED", day(10)]
    assert "cli-later.example" not in table.stdout and "cli-quarter.example" not in table.stdout
    assert "within 30 days in Atelier Lumière" in lines[-1]

    rows = json.loads(ok(as_json).stdout)
    assert ours(rows) == ["cli-missed.example", "cli-soon.example"]  # by cancel-by date
    soon_row = next(r for r in rows if r["identifier"] == "cli-soon.example")
    assert soon_row["cancel_by"] == day(20) and soon_row["days_left"] == 20
    assert soon_row["renewal_date"] == day(40) and soon_row["missed"] is False
    assert soon_row["client"] == CLIENT and soon_row["kind"] == "domain"
    assert next(r for r in rows if r["identifier"] == "cli-missed.example")["missed"] is True

    reader = csv.DictReader(io.StringIO(ok(as_csv).stdout))
    assert reader.fieldnames[:4] == ["cancel_by", "days_left", "missed", "renewal_date"]
    assert ours(list(reader)) == ["cli-missed.example", "cli-soon.example", "cli-later.example"]

    assert "cli-quarter.example" in ours(json.loads(ok(quarter).stdout))

    assert bad.returncode == 2
    line = one_clear_line(bad)
    assert line.startswith("pacte: --within 3x:") and "30d" in line
    assert bad.stdout == ""


def test_rows_written_around_the_model_are_listed_then_refreshed(demo_dir):
    """The rows above went in by raw SQL, without their stored deadline state: listed all
    the same (computed as they are read), and `--refresh` stores it, listing the same."""
    before = json.loads(ok(pacte("deadlines", "--format", "json", data_dir=demo_dir)).stdout)
    refreshed = ok(pacte("deadlines", "--refresh", "--format", "json", data_dir=demo_dir))
    assert f"{len(ASSETS)} asset(s) refreshed in Atelier Lumière." in refreshed.stderr
    assert json.loads(refreshed.stdout) == before
    assert ours(before) == ["cli-missed.example", "cli-soon.example"]
    again = ok(pacte("deadlines", "--refresh", data_dir=demo_dir))
    assert "0 asset(s) refreshed" in again.stderr


@pytest.mark.parametrize(
    ("text", "days"),
    [("30d", 30), ("30", 30), ("12w", 84), ("3m", 90), ("1", 1), (" 7D ", 7), ("3650d", 3650)],
)
def test_durations(text, days):

    assert parse_within(text) == days


@pytest.mark.parametrize(
    "text", ["", "0", "0d", "-5", "3x", "d", "30 days", "3651", "99999d", "1.5w"]
)
def test_bad_durations(text):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError) as refused:
        parse_within(text)
    assert refused.value.returncode == 2
    assert "\n" not in str(refused.value) and f"--within {text}" in str(refused.value)
