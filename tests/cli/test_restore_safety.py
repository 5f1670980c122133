"""`pacte restore` loses nothing (issue 10, item 9): it refuses while a server or a worker runs
on the data folder, refuses a backup from a newer Pacte, and never lets an id be handed out
twice."""

from __future__ import annotations

import fcntl
import os
import signal
import sqlite3
import subprocess
from pathlib import Path

from tests.cli import test_cli
from tests.cli.test_cli import (
    PACTE,
    clean_environ,
    create_user,
    ok,
    one_clear_line,
    pacte,
    query,
    snapshot,
)
from tests.cli.test_serve import start, stop

# test_cli's data folders, shared rather than copied.
migrated_template = test_cli.migrated_template
populated_template = test_cli.populated_template
populated_dir = test_cli.populated_dir

LATE = "SELECT 1 FROM core_user WHERE email = 'late@agence.example'"


def backup_then_write(data_dir: Path, tmp_path: Path) -> Path:
    backup = tmp_path / "before.sqlite3"
    ok(pacte("backup", str(backup), data_dir=data_dir))
    ok(create_user(data_dir, "late@agence.example", "viewer"))
    return backup


def test_restore_is_refused_while_the_server_runs_then_works(populated_dir, tmp_path):
    backup = backup_then_write(populated_dir, tmp_path)
    server, _port = start(populated_dir, "--no-worker", "--workers", "1", "--threads", "1")
    try:
        before = query(populated_dir, "SELECT email FROM core_user ORDER BY id")
        line = one_clear_line(pacte("restore", str(backup), data_dir=populated_dir))
        assert line == (
            f"pacte: a server is running on {populated_dir} (pid {server.pid}): stop it first "
            "(Ctrl+C, or systemctl stop …), then restore."
        )
        # Nothing was touched: the late write is still there and no safety copy was made.
        assert query(populated_dir, "SELECT email FROM core_user ORDER BY id") == before
        assert not (populated_dir / "backups").exists()
    finally:
        stop(server)
    ok(pacte("restore", str(backup), data_dir=populated_dir))
    assert query(populated_dir, LATE) == []


def test_two_servers_share_the_data_folder(populated_dir):
    first, first_port = start(populated_dir, "--no-worker", "--workers", "1")
    try:
        second, second_port = start(populated_dir, "--no-worker", "--workers", "1")
        assert second_port != first_port and second.poll() is None
        stop(second)
    finally:
        stop(first)


def test_restore_is_refused_while_a_worker_runs(populated_dir, tmp_path):
    backup = backup_then_write(populated_dir, tmp_path)
    worker = subprocess.Popen(
        [str(PACTE), "worker", "--interval", "0.2"],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=clean_environ(populated_dir),
    )
    try:
        assert "is running" in worker.stdout.readline()
        line = one_clear_line(pacte("restore", str(backup), data_dir=populated_dir))
        assert f"a server is running on {populated_dir} (pid {worker.pid})" in line
        assert query(populated_dir, LATE) == [(1,)]
    finally:
        worker.send_signal(signal.SIGINT)
        worker.communicate(timeout=30)
    ok(pacte("restore", str(backup), data_dir=populated_dir))
    assert query(populated_dir, LATE) == []


def test_a_backup_from_a_newer_pacte_is_refused(populated_dir, tmp_path):
    backup = tmp_path / "newer.sqlite3"
    ok(pacte("backup", str(backup), data_dir=populated_dir))
    db = sqlite3.connect(backup)
    with db:
        db.execute(
            "INSERT INTO django_migrations (app, name, applied) "
            "VALUES ('core', '9999_from_the_future', '2030-01-01')"
        )
    db.close()
    before = snapshot(populated_dir)
    line = one_clear_line(pacte("restore", str(backup), data_dir=populated_dir))
    assert "newer Pacte" in line and "core.9999_from_the_future" in line
    assert snapshot(populated_dir) == before


def test_ids_are_never_handed_out_twice(populated_dir, tmp_path):
    backup = backup_then_write(populated_dir, tmp_path)
    (late_id,) = query(populated_dir, "SELECT id FROM core_user WHERE email LIKE 'late@%'")[0]
    ok(pacte("restore", str(backup), data_dir=populated_dir))
    ok(create_user(populated_dir, "after@agence.example", "viewer"))
    (after_id,) = query(populated_dir, "SELECT id FROM core_user WHERE email LIKE 'after@%'")[0]
    # Without the carried counter SQLite would give the new user the late user's id again.
    assert after_id > late_id
    ok(pacte("ledger", "verify", data_dir=populated_dir))
    assert not list(populated_dir.glob(".*.partial"))


def test_a_restore_under_way_keeps_the_server_from_starting(populated_dir):
    fd = os.open(populated_dir / "server.lock", os.O_RDWR | os.O_CREAT)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        line = one_clear_line(pacte("serve", "--port", "1", data_dir=populated_dir))
        assert "a restore is under way" in line
    finally:
        os.close(fd)
