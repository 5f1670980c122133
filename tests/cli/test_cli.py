"""The `pacte` command as an operator runs it: the real executable, in a subprocess.

Each test works on its own data folder (PACTE_DATA_DIR) with its own SQLite file, read and
tampered with through the sqlite3 module; none uses pytest-django's database. `pacte migrate`
runs once per module, into a template folder that each test copies.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from pacte import cli
from pacte.demo import DEMO_WORKSPACE, demo_logins
from pacte.kernel.database_errors import describe_database_error

PACTE = Path(sys.executable).parent / "pacte"
REPO = Path(__file__).resolve().parents[2]
DB_NAME = "pacte.sqlite3"
PASSWORD = "Quatre-saisons-2026!"  # strong enough for Django's validators
OWNER = "claire@agence.example"
CONSULTANT = "marc@agence.example"
WORKSPACE = "Agence Nord"


# --- helpers -------------------------------------------------------------------------------


def clean_environ(data_dir: Path, extra: dict[str, str] | None = None) -> dict[str, str]:
    """The caller's environment without anything that would point Pacte elsewhere."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key != "DATABASE_URL" and key != "PORT" and not key.startswith(("PACTE_", "PG"))
    }
    env["PACTE_DATA_DIR"] = str(data_dir)
    env.update(extra or {})
    return env


def pacte(
    *args: str, data_dir: Path, input: str | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess:
    """Run `pacte ARGS` with stdin closed (or fed `input`), in the data folder's parent."""
    return subprocess.run(
        [str(PACTE), *args],
        input=input,
        stdin=subprocess.DEVNULL if input is None else None,
        capture_output=True,
        text=True,
        env=clean_environ(data_dir, env),
        cwd=data_dir.parent if data_dir.parent.is_dir() else None,
        timeout=60,
        check=False,
    )


def create_user(
    data_dir: Path, email: str, role: str, *, workspace: str = WORKSPACE, password: str = PASSWORD
) -> subprocess.CompletedProcess:
    return pacte(
        "user",
        "create",
        email,
        "--workspace",
        workspace,
        "--role",
        role,
        "--password-stdin",
        data_dir=data_dir,
        input=password + "\n",
    )


def ok(result: subprocess.CompletedProcess) -> subprocess.CompletedProcess:
    assert result.returncode == 0, f"exit {result.returncode}\n{result.stdout}\n{result.stderr}"
    assert "Traceback" not in result.stderr
    return result


def one_clear_line(result: subprocess.CompletedProcess) -> str:
    """A refusal: non-zero exit, no traceback, exactly one line on stderr saying `pacte: …`."""
    assert result.returncode != 0, f"exit 0\n{result.stdout}"
    assert "Traceback" not in result.stderr + result.stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, f"expected one line on stderr, got:\n{result.stderr}"
    assert lines[0].startswith("pacte: "), lines[0]
    return lines[0]


def query(data_dir: Path, sql: str, params: tuple = ()) -> list[tuple]:
    db = sqlite3.connect(data_dir / DB_NAME)
    try:
        return db.execute(sql, params).fetchall()
    finally:
        db.close()


def count(data_dir: Path, table: str) -> int:
    return query(data_dir, f"SELECT COUNT(*) FROM {table}")[0][0]


def counts(data_dir: Path) -> dict[str, int]:
    tables = ["core_user", "core_workspace", "core_member", "core_ledgerentry", "core_apitoken"]
    return {table: count(data_dir, table) for table in tables}


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under folder with a hash of its content: equal snapshots, nothing written."""
    if not folder.exists():
        return {}
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


# --- data folders --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def migrated_template(tmp_path_factory) -> Path:
    """A data folder with an up-to-date, empty database: `pacte migrate` runs once."""
    folder = tmp_path_factory.mktemp("migrated") / "data"
    ok(pacte("migrate", "--no-input", "-v", "0", data_dir=folder))
    assert (folder / DB_NAME).is_file()
    return folder


@pytest.fixture(scope="module")
def populated_template(migrated_template, tmp_path_factory) -> Path:
    """The migrated folder plus one workspace with an owner and a consultant."""
    folder = tmp_path_factory.mktemp("populated") / "data"
    shutil.copytree(migrated_template, folder)
    ok(create_user(folder, OWNER, "owner"))
    ok(create_user(folder, CONSULTANT, "consultant"))
    return folder


@pytest.fixture
def data_dir(migrated_template, tmp_path) -> Path:
    """This test's own copy of the migrated, empty data folder."""
    folder = tmp_path / "data"
    shutil.copytree(migrated_template, folder)
    return folder


@pytest.fixture
def populated_dir(populated_template, tmp_path) -> Path:
    folder = tmp_path / "data"
    shutil.copytree(populated_template, folder)
    return folder


# --- help ----------------------------------------------------------------------------------


def test_help_lists_every_command(tmp_path):
    result = ok(pacte("--help", data_dir=tmp_path / "data"))
    assert "usage: pacte" in result.stdout
    for name, text in cli.COMMANDS.items():
        assert re.search(rf"^\s+{name}\s", result.stdout, re.MULTILINE), name
        assert text in result.stdout


HELP_TARGETS = [[name] for name in cli.COMMANDS] + [
    ["user", "create"],
    ["token", "create"],
    ["ledger", "verify"],
    ["clients", "list"],
    ["mail", "list"],
    ["mail", "retry"],
    ["casestudy", "export"],
]


def test_every_command_and_subcommand_has_help(tmp_path):
    # Started together, since each one sets Django up; each in its own data folder, as
    # several first starts in one folder race each other (see the report on settings.py).
    running = {
        " ".join(target): subprocess.Popen(
            [str(PACTE), *target, "--help"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=clean_environ(tmp_path / f"data-{n}"),
            cwd=tmp_path,
        )
        for n, target in enumerate(HELP_TARGETS)
    }
    for command, process in running.items():
        stdout, stderr = process.communicate(timeout=60)
        assert process.returncode == 0, f"pacte {command} --help: {stderr}"
        assert stdout.startswith(f"usage: pacte {command}"), f"pacte {command} --help:\n{stdout}"
        assert "Traceback" not in stderr


def test_readme_mentions_every_command():
    readme = REPO / "README.md"
    assert readme.is_file(), f"{readme} is missing: it should document the `pacte` command."
    text = readme.read_text(encoding="utf-8")
    missing = [
        name for name in cli.COMMANDS if not re.search(rf"(\bpacte {name}\b|`{name}\b)", text)
    ]
    assert not missing, f"README.md does not mention: {', '.join(missing)}"


# --- user create ---------------------------------------------------------------------------


def test_owner_creates_the_workspace_and_a_consultant_joins_it(data_dir):
    result = ok(create_user(data_dir, OWNER, "owner"))
    assert WORKSPACE in result.stdout
    workspaces = query(data_dir, "SELECT id, name FROM core_workspace")
    assert [name for _id, name in workspaces] == [WORKSPACE]
    workspace_id = workspaces[0][0]

    ok(create_user(data_dir, CONSULTANT, "consultant"))
    members = query(
        data_dir,
        "SELECT u.email, m.role, m.workspace_id FROM core_member m "
        "JOIN core_user u ON u.id = m.user_id ORDER BY u.email",
    )
    assert members == [(OWNER, "owner", workspace_id), (CONSULTANT, "consultant", workspace_id)]
    assert count(data_dir, "core_workspace") == 1
    # Both users can sign in: their passwords are set, not left unusable.
    passwords = [row[0] for row in query(data_dir, "SELECT password FROM core_user")]
    assert all(p and not p.startswith("!") for p in passwords)


def test_consultant_of_a_missing_workspace_is_refused(populated_dir):
    before = counts(populated_dir)
    result = create_user(populated_dir, "nobody@agence.example", "consultant", workspace="Nulle")
    line = one_clear_line(result)
    assert result.returncode == 2
    assert "Nulle" in line and "--role owner" in line
    assert counts(populated_dir) == before


@pytest.mark.parametrize(
    ("workspace", "role", "password"),
    [
        ("Agence Sud", "owner", "abc"),  # too short, for a new workspace
        (WORKSPACE, "consultant", "password"),  # too common, in an existing workspace
    ],
)
def test_weak_password_is_refused_and_nothing_is_written(populated_dir, workspace, role, password):
    before = counts(populated_dir)
    result = create_user(
        populated_dir, "new@agence.example", role, workspace=workspace, password=password
    )
    line = one_clear_line(result)
    assert result.returncode == 2
    assert line.startswith("pacte: password refused")
    assert counts(populated_dir) == before
    assert query(populated_dir, "SELECT 1 FROM core_user WHERE email = 'new@agence.example'") == []


def test_empty_stdin_is_refused(populated_dir):
    before = counts(populated_dir)
    for given in ("", "\n"):
        result = pacte(
            "user",
            "create",
            "new@agence.example",
            "--workspace",
            "Agence Sud",
            "--role",
            "owner",
            "--password-stdin",
            data_dir=populated_dir,
            input=given,
        )
        assert "no password" in one_clear_line(result)
        assert result.returncode == 2
    assert counts(populated_dir) == before


def test_closed_stdin_is_refused(populated_dir):
    before = counts(populated_dir)
    args = ["user", "create", "new@agence.example", "--workspace", "Agence Sud", "--role", "owner"]
    # stdin closed outright (not even /dev/null), with and without --password-stdin.
    for extra in (["--password-stdin"], []):
        result = subprocess.run(
            ["/bin/sh", "-c", 'exec "$0" "$@" <&-', str(PACTE), *args, *extra],
            capture_output=True,
            text=True,
            env=clean_environ(populated_dir),
            timeout=60,
            check=False,
        )
        one_clear_line(result)
        assert result.returncode == 2
    # No terminal and no --password-stdin: refused rather than creating a password-less owner.
    result = pacte(*args, data_dir=populated_dir)
    assert "--password-stdin" in one_clear_line(result)
    assert counts(populated_dir) == before


# --- token create --------------------------------------------------------------------------


def test_token_create_prints_a_working_token(populated_dir):
    result = ok(pacte("token", "create", OWNER, data_dir=populated_dir))
    token = result.stdout.split()[-1]
    assert token.startswith("pacte_") and len(token) > 30
    rows = query(
        populated_dir,
        "SELECT u.email, t.revoked_at, w.name FROM core_apitoken t "
        "JOIN core_user u ON u.id = t.user_id JOIN core_workspace w ON w.id = t.workspace_id "
        "WHERE t.key_hash = ?",
        (hashlib.sha256(token.encode()).hexdigest(),),
    )
    assert rows == [(OWNER, None, WORKSPACE)]
    # Only the hash is kept.
    assert query(populated_dir, "SELECT 1 FROM core_apitoken WHERE key_hash = ?", (token,)) == []


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_token_works_on_the_served_api(populated_dir):
    token = ok(pacte("token", "create", CONSULTANT, data_dir=populated_dir)).stdout.split()[-1]
    port = free_port()
    server = subprocess.Popen(
        [str(PACTE), "serve", "--port", str(port)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=clean_environ(populated_dir),
    )
    try:
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/api/v1/me", headers={"Authorization": f"Bearer {token}"}
        )
        deadline = time.monotonic() + 30
        while True:
            assert server.poll() is None, server.communicate()
            try:
                with urllib.request.urlopen(request, timeout=5) as response:
                    me = json.load(response)
                break
            except urllib.error.URLError:
                assert time.monotonic() < deadline, "pacte serve did not answer"
                time.sleep(0.1)
        assert me["email"] == CONSULTANT and me["role"] == "consultant"
        assert me["workspace"]["name"] == WORKSPACE
        wrong = urllib.request.Request(
            f"http://127.0.0.1:{port}/api/v1/me", headers={"Authorization": f"Bearer {token}x"}
        )
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(wrong, timeout=5)
        assert refused.value.code == 401
    finally:
        server.send_signal(signal.SIGINT)
        try:
            stdout, stderr = server.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            stdout, stderr = server.communicate()
    assert f"serving on http://127.0.0.1:{port}/" in stdout
    assert "Traceback" not in stderr


def test_serve_on_a_taken_port(data_dir):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = pacte("serve", "--port", str(port), data_dir=data_dir)
    line = one_clear_line(result)
    assert f"127.0.0.1:{port}" in line and "another --port" in line
    assert "serving on" not in result.stdout


def test_token_for_an_unknown_email_is_refused(populated_dir):
    before = counts(populated_dir)
    result = pacte("token", "create", "ghost@agence.example", data_dir=populated_dir)
    assert "ghost@agence.example" in one_clear_line(result)
    assert result.returncode == 2
    assert counts(populated_dir) == before


# --- ledger verify -------------------------------------------------------------------------


def test_ledger_verify_passes_then_finds_tampering(populated_dir):
    entries = count(populated_dir, "core_ledgerentry")
    assert entries >= 3
    result = ok(pacte("ledger", "verify", data_dir=populated_dir))
    assert f"OK {entries} entries" in result.stdout

    db = sqlite3.connect(populated_dir / DB_NAME)
    with db:
        changed = db.execute("UPDATE core_ledgerentry SET action = 'member.removed' WHERE seq = 2")
        assert changed.rowcount == 1
    db.close()

    # The first verification left a checkpoint at the head: the plain (incremental) check
    # walks only what was written since, and the full walk finds the older change.
    assert f"OK {entries} entries" in ok(pacte("ledger", "verify", data_dir=populated_dir)).stdout
    result = pacte("ledger", "verify", "--full", data_dir=populated_dir)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert re.search(r"BROKEN.*#2\b", result.stdout + result.stderr), result.stdout


def test_ledger_verify_on_an_empty_database(data_dir):
    assert "OK 0 entries" in ok(pacte("ledger", "verify", data_dir=data_dir)).stdout
    assert "OK 0 entries" in ok(pacte("ledger", "verify", "--full", data_dir=data_dir)).stdout


def test_ledger_verify_finds_a_change_after_the_checkpoint(populated_dir):
    ok(pacte("ledger", "verify", data_dir=populated_dir))
    ok(create_user(populated_dir, "late@agence.example", "viewer"))  # new entries
    last = count(populated_dir, "core_ledgerentry")
    db = sqlite3.connect(populated_dir / DB_NAME)
    with db:
        db.execute("UPDATE core_ledgerentry SET actor = 'forger' WHERE seq = ?", (last,))
    db.close()
    result = pacte("ledger", "verify", data_dir=populated_dir)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"BROKEN at entry #{last} " in result.stdout
    assert result.stderr.strip() == "pacte: 1 ledger(s) broken."


def test_ledger_verify_full_records_what_the_ledger_page_shows(populated_dir):
    entries = count(populated_dir, "core_ledgerentry")
    assert (
        f"OK {entries} entries"
        in ok(
            pacte("ledger", "verify", "--full", "--workspace", WORKSPACE, data_dir=populated_dir)
        ).stdout
    )
    assert query(populated_dir, "SELECT full_ok, full_count, seq FROM core_ledgercheckpoint") == [
        (1, entries, entries)
    ]


# --- worker --------------------------------------------------------------------------------

NIGHTLY_TASK = "pacte.kernel.tasks.ledger_full_walk_every_workspace"
REQUEUE_MAIL_TASK = "pacte.kernel.mail.requeue_lost_email"
# Jobs every `pacte worker --once` enqueues whatever their slot (idempotent, waited for).
EVERY_ONCE = {
    REQUEUE_MAIL_TASK: "mail.requeue-lost",
    "pacte.reminders.tasks.scan_reminders": "reminders.scan",
}


def test_worker_once_runs_the_nightly_walk_once(populated_dir):
    result = ok(pacte("worker", "--once", data_dir=populated_dir))
    assert "periodic job(s) enqueued" in result.stdout and "task(s) run" in result.stdout
    assert query(
        populated_dir,
        "SELECT status FROM django_tasks_database_dbtaskresult WHERE task_path = ?",
        (NIGHTLY_TASK,),
    ) == [("SUCCESSFUL",)]
    assert query(populated_dir, "SELECT full_ok FROM core_ledgercheckpoint") == [(1,)]
    # Run again: the night's slot is taken, nothing is queued twice (a job that runs every
    # few minutes, such as the mail queue's, may have reached its next slot meanwhile).
    daily = "SELECT task_path FROM django_tasks_database_dbtaskresult WHERE task_path NOT IN (?, ?)"
    before = query(populated_dir, daily, tuple(EVERY_ONCE))
    again = ok(pacte("worker", "--once", data_dir=populated_dir))
    assert "periodic job(s) enqueued" in again.stdout
    assert query(populated_dir, daily, tuple(EVERY_ONCE)) == before


def test_two_workers_at_once_run_a_periodic_slot_once(populated_dir):
    """Started together on the same database, like a worker restarted beside a live one."""
    running = [
        subprocess.Popen(
            [str(PACTE), "worker", "--once"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=clean_environ(populated_dir),
            cwd=populated_dir.parent,
        )
        for _ in range(4)
    ]
    for process in running:
        _out, err = process.communicate(timeout=60)
        assert process.returncode == 0, err
        assert "Traceback" not in err
    slots = query(populated_dir, "SELECT job, slot FROM core_periodicrun")
    assert len(slots) == len(set(slots)) and ("ledger.full-walk",) in {(j,) for j, _ in slots}
    runs = query(
        populated_dir,
        "SELECT task_path, status, worker_ids FROM django_tasks_database_dbtaskresult",
    )
    # One task per slot, but for the jobs every `--once` enqueues (each run's own).
    slotted = [run for run in runs if run[0] not in EVERY_ONCE]
    assert len(slotted) == len([s for s in slots if s[0] not in EVERY_ONCE.values()])
    nightly = [run for run in runs if run[0] == NIGHTLY_TASK]
    assert len(nightly) == 1 and nightly[0][1] == "SUCCESSFUL"
    assert len(json.loads(nightly[0][2])) == 1  # run by one worker, once


def store_mail(data_dir: Path, *, to: str, status: str = "queued", attempts: int = 0) -> int:
    """A message in the outbox with no task to send it (as after a crash), due long ago."""
    long_ago = (datetime.now(UTC) - timedelta(minutes=30)).strftime("%Y-%m-%d %H:%M:%S")
    db = sqlite3.connect(data_dir / DB_NAME)
    try:
        with db:
            cursor = db.execute(
                'INSERT INTO core_outboundemail ("to", from_email, subject, text, html, '
                "created_at, status, attempts, last_error, next_attempt_at, task_id) "
                "VALUES (?, 'pacte@localhost', 'Welcome', 'Hello there', '', ?, ?, ?, ?, ?, '')",
                (
                    to,
                    long_ago,
                    status,
                    attempts,
                    "SMTPServerDisconnected" * (attempts > 0),
                    long_ago,
                ),
            )
        return cursor.lastrowid
    finally:
        db.close()


def test_worker_once_sends_queued_mail_even_when_its_task_was_lost(data_dir):
    """Issue 10, item 10: the mail queue survives a crash; `pacte worker --once` sends it
    (the console transport by default prints it)."""
    outbound = store_mail(data_dir, to="someone@example.test")
    result = ok(pacte("worker", "--once", data_dir=data_dir))
    assert "To: someone@example.test" in result.stdout and "Hello there" in result.stdout
    assert query(
        data_dir, "SELECT status, attempts FROM core_outboundemail WHERE id = ?", (outbound,)
    ) == [("sent", 1)]
    again = ok(pacte("worker", "--once", data_dir=data_dir))
    assert "Hello there" not in again.stdout


def test_mail_list_shows_the_failed_messages_and_retry_sends_one_again(data_dir):
    """Issue 10, item 10: an operator sees what the relay refused and sends it again."""
    failed = store_mail(data_dir, to="failed@example.test", status="failed", attempts=6)
    store_mail(data_dir, to="sent@example.test", status="sent", attempts=1)
    listed = ok(pacte("mail", "list", "--failed", data_dir=data_dir))
    assert "failed@example.test" in listed.stdout and "SMTPServerDisconnected" in listed.stdout
    assert "sent@example.test" not in listed.stdout
    rows = json.loads(ok(pacte("mail", "list", "--format", "json", data_dir=data_dir)).stdout)
    assert {row["to"] for row in rows} == {"failed@example.test", "sent@example.test"}

    ok(pacte("mail", "retry", str(failed), data_dir=data_dir))
    assert query(
        data_dir, "SELECT status, attempts FROM core_outboundemail WHERE id = ?", (failed,)
    ) == [("queued", 0)]
    assert "To: failed@example.test" in ok(pacte("worker", "--once", data_dir=data_dir)).stdout

    already = pacte("mail", "retry", str(failed), data_dir=data_dir)
    assert already.returncode == 1 and "already sent" in one_clear_line(already)
    for wrong in ("999", "abc", "-1", "99999999999999999999999"):
        refused = pacte("mail", "retry", wrong, data_dir=data_dir)
        assert refused.returncode == 2, refused.stderr
        assert "pacte mail list" in one_clear_line(refused)
    bad_limit = pacte("mail", "list", "--limit", "0", data_dir=data_dir)
    assert bad_limit.returncode == 2 and "--limit" in one_clear_line(bad_limit)


def test_worker_runs_a_walk_queued_from_the_ledger_page(populated_dir):
    worker = subprocess.Popen(
        [str(PACTE), "worker", "--interval", "0.2"],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=clean_environ(populated_dir),
        cwd=populated_dir.parent,
    )
    try:
        assert "is running" in worker.stdout.readline()
        # What the button does: a request row, and a task in the queue.
        db = sqlite3.connect(populated_dir / DB_NAME)
        with db:
            db.execute("UPDATE core_ledgercheckpoint SET full_checked_at = NULL")
            db.execute(
                "INSERT INTO django_tasks_database_dbtaskresult (id, status, enqueued_at, "
                "args_kwargs, priority, task_path, worker_ids, queue_name, backend_name, "
                "run_after, exception_class_path, traceback) VALUES (?, 'READY', "
                "'2026-01-01 00:00:00', ?, 0, 'pacte.kernel.tasks.ledger_full_walk', '[]', "
                "'default', 'default', '9999-01-01 00:00:00', '', '')",
                ("0" * 31 + "1", json.dumps({"args": [1], "kwargs": {}})),
            )
        db.close()
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            status = query(
                populated_dir,
                "SELECT status FROM django_tasks_database_dbtaskresult WHERE id = ?",
                ("0" * 31 + "1",),
            )
            if status == [("SUCCESSFUL",)]:
                break
            time.sleep(0.2)
        assert status == [("SUCCESSFUL",)]
        assert query(populated_dir, "SELECT full_ok FROM core_ledgercheckpoint") == [(1,)]
    finally:
        worker.send_signal(signal.SIGTERM)
        _out, err = worker.communicate(timeout=20)
    assert worker.returncode == 0
    assert "Traceback" not in err


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT])
def test_worker_stops_cleanly_on_a_signal(data_dir, stop):
    worker = subprocess.Popen(
        [str(PACTE), "worker", "--interval", "0.2"],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=clean_environ(data_dir),
        cwd=data_dir.parent,
    )
    assert "is running" in worker.stdout.readline()
    time.sleep(0.5)
    worker.send_signal(stop)
    out, err = worker.communicate(timeout=20)
    assert worker.returncode == 0, err
    assert "Traceback" not in err + out


@pytest.mark.parametrize("interval", ["0", "-1", "soon", "nan"])
def test_worker_refuses_a_bad_interval(data_dir, interval):
    result = pacte("worker", f"--interval={interval}", data_dir=data_dir)
    assert result.returncode == 2
    assert f"--interval {interval}" in one_clear_line(result)


def test_worker_reports_a_failed_task_in_one_line(data_dir):
    db = sqlite3.connect(data_dir / DB_NAME)
    with db:
        db.execute(
            "INSERT INTO django_tasks_database_dbtaskresult (id, status, enqueued_at, "
            "args_kwargs, priority, task_path, worker_ids, queue_name, backend_name, "
            "run_after, exception_class_path, traceback) VALUES (?, 'READY', "
            "'2026-01-01 00:00:00', ?, 0, 'pacte.kernel.tasks.ledger_full_walk', '[]', "
            "'default', 'default', '9999-01-01 00:00:00', '', '')",
            ("0" * 31 + "2", json.dumps({"args": ["not a number"], "kwargs": {}})),
        )
    db.close()
    result = pacte("worker", "--once", data_dir=data_dir)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    lines = result.stderr.strip().splitlines()
    assert lines[0].startswith("pacte: task ledger_full_walk: ")
    assert lines[-1] == "pacte: 1 task(s) failed."


# --- backup and restore --------------------------------------------------------------------


def test_backup_then_restore_undoes_later_changes(populated_dir, tmp_path):
    backup = tmp_path / "before.sqlite3"
    ok(pacte("backup", str(backup), data_dir=populated_dir))
    assert backup.is_file()

    ok(create_user(populated_dir, "late@agence.example", "viewer"))
    late = "SELECT 1 FROM core_user WHERE email = 'late@agence.example'"
    assert query(populated_dir, late) == [(1,)]

    result = ok(pacte("restore", str(backup), data_dir=populated_dir))
    assert query(populated_dir, late) == []
    assert query(populated_dir, "SELECT email FROM core_user ORDER BY email") == [
        (OWNER,),
        (CONSULTANT,),
    ]
    # The database as it was before the restore is kept, with the late user in it.
    safety = sorted((populated_dir / "backups").glob("*.sqlite3"))
    assert len(safety) == 1 and str(safety[0]) in result.stdout
    db = sqlite3.connect(safety[0])
    assert db.execute(late).fetchall() == [(1,)]
    db.close()
    # The restored database is sound and still verifies.
    ok(pacte("ledger", "verify", data_dir=populated_dir))


def test_restoring_garbage_is_refused_and_changes_nothing(populated_dir, tmp_path):
    garbage = tmp_path / "garbage.sqlite3"
    garbage.write_bytes(b"this is not a database\n" * 200)
    before = snapshot(populated_dir)
    result = pacte("restore", str(garbage), data_dir=populated_dir)
    line = one_clear_line(result)
    assert "not a SQLite database" in line and str(garbage) in line
    assert snapshot(populated_dir) == before
    assert not (populated_dir / "backups").exists()


def test_backup_does_not_overwrite_without_force(populated_dir, tmp_path):
    target = tmp_path / "existing.sqlite3"
    target.write_text("keep me")
    result = pacte("backup", str(target), data_dir=populated_dir)
    assert "--force" in one_clear_line(result)
    assert target.read_text() == "keep me"

    ok(pacte("backup", str(target), "--force", data_dir=populated_dir))
    db = sqlite3.connect(target)
    assert db.execute("SELECT COUNT(*) FROM core_user").fetchone() == (2,)
    db.close()
    assert not list(tmp_path.glob(".*.partial"))


# --- demo ----------------------------------------------------------------------------------


def test_demo_loads_prints_logins_and_is_harmless_twice(data_dir):

    result = ok(pacte("demo", data_dir=data_dir))
    for email, password, _role in demo_logins():
        assert email in result.stdout and password in result.stdout
    after_first = counts(data_dir)
    assert query(data_dir, "SELECT name FROM core_workspace") == [(DEMO_WORKSPACE,)]

    again = ok(pacte("demo", data_dir=data_dir))
    assert "already" in again.stdout
    assert counts(data_dir) == after_first

    ok(pacte("demo", "--if-empty", data_dir=data_dir))
    assert counts(data_dir) == after_first
    ok(pacte("ledger", "verify", data_dir=data_dir))


def test_clients_list_shows_the_demo_clients_and_their_situation(data_dir):
    import csv
    import io
    import json

    ok(pacte("demo", data_dir=data_dir))
    table = ok(pacte("clients", "list", data_dir=data_dir)).stdout
    # Issue 12 adds the Québec maternity photographer (demo/consents.py) and Agence
    # Immobilière Vasseur, the bad-faith conflict ending in exit: eighteen clients.
    assert "Boulangerie Martin" in table and "18 client(s) in Atelier Lumière." in table
    rows = json.loads(ok(pacte("clients", "list", "--format", "json", data_dir=data_dir)).stdout)
    assert len(rows) == 18
    clinic = next(r for r in rows if r["name"] == "Clinique vétérinaire des Alpes")
    assert clinic["refusals"] == 3
    late = ok(
        pacte("clients", "list", "--status", "late_payer", "--format", "csv", data_dir=data_dir)
    ).stdout
    names = {row["name"] for row in csv.DictReader(io.StringIO(late))}
    # Issue 12: Agence Immobilière Vasseur refuses to pay its second invoice (bad faith).
    assert names == {"Librairie du Parc", "Cabinet Roux Avocats", "Agence Immobilière Vasseur"}
    silent = ok(
        pacte("clients", "list", "--status", "silent", "--format", "json", data_dir=data_dir)
    ).stdout
    # Studio Kinésis's story is the silence; the governance stories' clients were sent no news
    # either (a power struggle, an overdue committee: silence goes with them).
    assert [r["name"] for r in json.loads(silent)] == [
        "Cabinet Ravel Avocats",
        "Studio Kinésis",
        "Transports Garnier",
    ]
    found = ok(
        pacte("clients", "list", "--search", "annecy", "--format", "json", data_dir=data_dir)
    ).stdout
    assert {r["name"] for r in json.loads(found)} == {
        "Clinique vétérinaire des Alpes",
        "Hôtel du Lac",
    }
    refused = pacte("clients", "list", "--workspace", "Nulle part", data_dir=data_dir)
    assert refused.returncode == 2
    assert one_clear_line(refused) == "pacte: there is no workspace “Nulle part”."


def test_demo_if_empty_leaves_a_database_with_data_alone(populated_dir):
    before = counts(populated_dir)
    result = ok(pacte("demo", "--if-empty", data_dir=populated_dir))
    assert "not loaded" in result.stdout
    assert counts(populated_dir) == before
    assert query(populated_dir, "SELECT name FROM core_workspace") == [(WORKSPACE,)]


# --- bad input: one line, non-zero, nothing written ----------------------------------------


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("postgres://user:pass@host:notaport/db", "DATABASE_URL is malformed"),
        ("mysql://x@y/z", "unsupported database"),
        ("postgres://postgres@127.0.0.1:1/pacte", "cannot reach the database"),
    ],
)
def test_bad_database_url(populated_dir, tmp_path, url, expected):
    before = snapshot(populated_dir)
    for args in (["ledger", "verify"], ["migrate", "--no-input"]):
        result = pacte(*args, data_dir=populated_dir, env={"DATABASE_URL": url})
        assert expected in one_clear_line(result), args
    assert snapshot(populated_dir) == before
    # In a fresh data folder no SQLite database appears either.
    fresh = tmp_path / "fresh"
    one_clear_line(pacte("ledger", "verify", data_dir=fresh, env={"DATABASE_URL": url}))
    assert not (fresh / DB_NAME).exists()


def test_wrong_database_password(populated_dir):
    # The PostgreSQL here may trust local connections, so the password may not even be
    # checked: whatever the server says (wrong password, no such database, not running),
    # the answer is one clear line and a failure. The database name does not exist, so a
    # trusting server cannot let the command succeed.
    url = "postgres://postgres:wrong@127.0.0.1:5432/pacte_cli_no_such_database"
    line = one_clear_line(
        pacte("ledger", "verify", data_dir=populated_dir, env={"DATABASE_URL": url})
    )
    assert any(
        words in line for words in ("refused the password", "create the database", "cannot reach")
    ), line


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (
            'connection failed: connection to server at "127.0.0.1", port 5432 failed: '
            'FATAL:  password authentication failed for user "postgres"',
            "refused the password",
        ),
        ("fe_sendauth: no password supplied", "refused the password"),
        ("failed to resolve host 'nohost.invalid': Name or service not known", "cannot reach"),
        ("connection timeout expired", "cannot reach"),
        ("no such table: core_workspace", "run `pacte migrate`"),
        ("no such column: core_workspace.name", "run `pacte migrate`"),
    ],
)
def test_database_errors_are_described_plainly(error, expected):
    # What a server answers that this machine cannot provoke (its PostgreSQL trusts local
    # connections), checked on the function that words it for `pacte`.

    message = describe_database_error(Exception(error))
    assert expected in message
    assert "\n" not in message


def test_unwritable_data_dir(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("a file, not a folder")
    for args in (["ledger", "verify"], ["migrate"], ["serve"], ["user", "--help"]):
        line = one_clear_line(pacte(*args, data_dir=blocker / "sub"))
        assert "cannot be written" in line and str(blocker / "sub") in line
    assert blocker.read_text() == "a file, not a folder"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file"]


def test_database_never_migrated(tmp_path):
    fresh = tmp_path / "data"
    for args in (["ledger", "verify"], ["demo"], ["serve"]):
        line = one_clear_line(pacte(*args, data_dir=fresh))
        assert "run `pacte migrate`" in line, args
    # No empty database file was left behind.
    assert not (fresh / DB_NAME).exists()
    one_clear_line(pacte("backup", str(tmp_path / "b.sqlite3"), data_dir=fresh))
    assert not (tmp_path / "b.sqlite3").exists()


def test_database_behind_on_migrations(tmp_path):
    partial = tmp_path / "data"
    ok(pacte("migrate", "contenttypes", "--no-input", "-v", "0", data_dir=partial))
    before = snapshot(partial)
    for args in (["ledger", "verify"], ["demo"]):
        line = one_clear_line(pacte(*args, data_dir=partial))
        assert "behind on migrations" in line and "run `pacte migrate`" in line
    assert snapshot(partial) == before


@pytest.mark.parametrize("port", ["99999", "http"])
def test_serve_refuses_a_bad_port(data_dir, port):
    before = snapshot(data_dir)
    line = one_clear_line(pacte("serve", "--port", port, data_dir=data_dir))
    assert f"--port {port}" in line and "not a port number" in line
    assert snapshot(data_dir) == before


def test_serve_refuses_a_bad_port_variable(data_dir):
    line = one_clear_line(pacte("serve", data_dir=data_dir, env={"PORT": "eighty"}))
    assert "PORT=eighty" in line


def test_unknown_command(tmp_path):
    folder = tmp_path / "data"
    result = pacte("serv", data_dir=folder)
    line = one_clear_line(result)
    assert result.returncode == 2
    assert "unknown command" in line and "serve" in line and "pacte --help" in line
    assert not folder.exists()


# --- the final settlement (issue 12) ----------------------------------------------------------


def test_settlement_prints_the_demo_garage_s_balance(data_dir):
    import json

    ok(pacte("demo", data_dir=data_dir))
    [(pk,)] = query(
        data_dir, "SELECT id FROM engagements_engagement WHERE title = 'Publicité locale'"
    )
    result = ok(pacte("settlement", str(pk), "--format", "json", data_dir=data_dir))
    body = json.loads(result.stdout)
    figures = {row["line"]: row["amount"] for row in body["figures"]}
    # 19.5 h × 60 = 1,170.00 logged, less the 900.00 deposit: 270.00 to invoice and due.
    assert figures["unbilled_time"] == "270.00" and figures["balance"] == "270.00"
    assert body["hours_logged"] == "19.50"
    table = ok(pacte("settlement", str(pk), data_dir=data_dir)).stdout
    assert "The client owes 270.00 EUR." in table
    one_clear_line(pacte("settlement", "999999", data_dir=data_dir))
