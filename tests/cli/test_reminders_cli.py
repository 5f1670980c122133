"""Issue 13: `pacte worker --once` sends the reminders that are due, once, through a real
SMTP server (aiosmtpd on the loopback), and a worker killed in the middle of a batch neither
sends a message twice nor loses one."""

from __future__ import annotations

import asyncio
import email
import shutil
import socket
import sqlite3
import subprocess
import threading
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller

from tests.cli.test_cli import PACTE, clean_environ, ok, pacte
from tests.cli.test_deadlines_cli import add_assets


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("reminders") / "data"
    ok(pacte("migrate", "--no-input", "-v", "0", data_dir=folder))
    ok(pacte("demo", data_dir=folder))
    add_assets(folder)  # cli-soon.example: cancel by in 20 days, cli-missed.example: missed
    db = sqlite3.connect(folder / "pacte.sqlite3")
    with db:  # what the demo itself stored and queued is not this test's subject
        db.execute("DELETE FROM reminders_reminder")
        db.execute("DELETE FROM core_outboundemail")
    db.close()
    return folder


@pytest.fixture
def demo_dir(demo_template, tmp_path) -> Path:
    folder = tmp_path / "data"
    shutil.copytree(demo_template, folder)
    return folder


class Inbox:
    """An SMTP server's handler: the messages it accepted. `hold_after` makes it stall the
    DATA of the message after that many, until `release` (then refuse it with a 451, as a
    server whose client hung up would never have accepted it)."""

    def __init__(self, hold_after: int | None = None):
        self.accepted: list[email.message.Message] = []
        self.hold_after = hold_after
        self.holding = threading.Event()
        self.release = threading.Event()

    async def handle_DATA(self, server, session, envelope):
        if self.hold_after is not None and len(self.accepted) >= self.hold_after:
            self.holding.set()
            while not self.release.is_set():
                await _sleep(0.05)
            return "451 Try again later"
        self.accepted.append(email.message_from_bytes(envelope.content))
        return "250 OK"


async def _sleep(seconds: float):
    await asyncio.sleep(seconds)


@pytest.fixture
def smtp():
    servers = []

    def start(inbox: Inbox) -> int:
        with socket.socket() as probe:  # a free port on the loopback
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        controller = Controller(inbox, hostname="127.0.0.1", port=port)
        controller.start()
        servers.append((controller, inbox))
        return port

    yield start
    for controller, inbox in servers:
        inbox.release.set()
        controller.stop()


def smtp_env(port: int) -> dict[str, str]:
    return {
        "PACTE_EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "PACTE_EMAIL_HOST": "127.0.0.1",
        "PACTE_EMAIL_PORT": str(port),
        "PACTE_EMAIL_TIMEOUT": "5",
    }


def query(data_dir: Path, sql: str, params=()) -> list:
    db = sqlite3.connect(data_dir / "pacte.sqlite3")
    try:
        return db.execute(sql, params).fetchall()
    finally:
        db.close()


def keys(messages) -> list[tuple[str, str]]:
    return sorted(
        (m["To"], str(email.header.make_header(email.header.decode_header(m["Subject"]))))
        for m in messages
    )


def test_worker_once_sends_the_due_reminders_over_smtp_once(demo_dir, smtp):
    inbox = Inbox()
    env = smtp_env(smtp(inbox))
    ok(pacte("worker", "--once", data_dir=demo_dir, env=env))
    subjects = [s for _to, s in keys(inbox.accepted)]
    assert any("cli-soon.example" in s for s in subjects), subjects
    assert any("cli-missed.example" in s for s in subjects), subjects
    stored = query(demo_dir, "SELECT COUNT(*) FROM reminders_reminder WHERE status = 'queued'")[0][
        0
    ]
    assert stored >= 2
    assert len(inbox.accepted) == len(set(keys(inbox.accepted)))
    before = len(inbox.accepted)
    ok(pacte("worker", "--once", data_dir=demo_dir, env=env))
    assert len(inbox.accepted) == before  # the same day: nothing new


def test_worker_once_writes_messages_to_files_with_the_file_backend(demo_dir, tmp_path):
    folder = tmp_path / "mail"
    env = {
        "PACTE_EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "PACTE_EMAIL_FILE_PATH": str(folder),
    }
    ok(pacte("worker", "--once", data_dir=demo_dir, env=env))
    written = "".join(p.read_text() for p in folder.iterdir())
    assert "cli-soon.example" in written


def test_a_worker_killed_mid_batch_sends_nothing_twice_and_loses_nothing(demo_dir, smtp):
    inbox = Inbox(hold_after=1)
    env = smtp_env(smtp(inbox))
    worker = subprocess.Popen(
        [str(PACTE), "worker", "--once"],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=clean_environ(demo_dir, env),
        cwd=demo_dir.parent,
    )
    try:
        assert inbox.holding.wait(60), "the worker never reached its second message"
        worker.kill()  # SIGKILL in the middle of the batch: no clean-up runs
        worker.wait(30)
    finally:
        inbox.release.set()
        if worker.poll() is None:
            worker.kill()
    assert len(inbox.accepted) == 1
    # The killed attempt's lease runs out (time passes): the next run takes it up again.
    db = sqlite3.connect(demo_dir / "pacte.sqlite3")
    with db:
        db.execute(
            "UPDATE core_outboundemail SET next_attempt_at = '2000-01-01 00:00:00' "
            "WHERE status = 'queued'"
        )
    db.close()
    inbox.hold_after = None
    ok(pacte("worker", "--once", data_dir=demo_dir, env=env))
    ok(pacte("worker", "--once", data_dir=demo_dir, env=env))
    accepted = keys(inbox.accepted)
    assert len(accepted) == len(set(accepted)), "a message was sent twice"
    expected = query(
        demo_dir, "SELECT COUNT(*) FROM core_outboundemail WHERE workspace_id IS NOT NULL"
    )[0][0]
    assert len(accepted) == expected >= 2, "a message was lost"
    assert query(demo_dir, "SELECT status FROM core_outboundemail GROUP BY status") == [("sent",)]
