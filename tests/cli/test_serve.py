"""`pacte serve` as an operator runs it: several server processes on one port, the background
worker started and stopped with them, and bad settings refused in one line."""

from __future__ import annotations

import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.cli.test_cli import PACTE, clean_environ, ok, one_clear_line, pacte


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory) -> Path:
    """A migrated data folder shared by the module: serving writes nothing to it."""
    folder = tmp_path_factory.mktemp("serve") / "data"
    ok(pacte("migrate", "--no-input", "-v", "0", data_dir=folder))
    return folder


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def children_of(pid: int) -> list[str]:
    """The command lines of a process's direct children, read from /proc."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        # The parent pid is the second field after the parenthesised command name.
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        if parent == pid:
            found.append(cmdline)
    return found


def start(data_dir: Path, *args: str) -> tuple[subprocess.Popen, int]:
    port = free_port()
    server = subprocess.Popen(
        [str(PACTE), "serve", "--port", str(port), *args],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=clean_environ(data_dir),
    )
    deadline = time.monotonic() + 30
    while True:
        assert server.poll() is None, server.communicate()
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5):
                break
        except urllib.error.HTTPError:
            break  # answered
        except urllib.error.URLError:
            assert time.monotonic() < deadline, "pacte serve did not answer"
            time.sleep(0.1)
    return server, port


def stop(server: subprocess.Popen) -> tuple[str, str]:
    server.send_signal(signal.SIGINT)
    try:
        return server.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
        return server.communicate()


def wait_for_children(pid: int, expected: int) -> list[str]:
    deadline = time.monotonic() + 20
    while True:
        children = children_of(pid)
        if len(children) >= expected or time.monotonic() > deadline:
            return children
        time.sleep(0.1)


def test_serve_runs_several_processes_and_the_background_worker(data_dir):
    server, port = start(data_dir, "--workers", "2", "--threads", "2")
    try:
        children = wait_for_children(server.pid, 3)
        workers = [c for c in children if c.rstrip().endswith(" worker")]
        assert len(workers) == 1, children
        # Two web processes besides the background worker: both cores are used.
        assert len(children) - len(workers) == 2, children
    finally:
        stdout, stderr = stop(server)
    assert f"serving on http://127.0.0.1:{port}/" in stdout
    assert "2 processes × 2 threads" in stdout
    assert "Traceback" not in stderr
    # Stopping the server stops everything it started.
    assert children_of(server.pid) == []


def test_no_worker_leaves_background_work_to_pacte_worker(data_dir):
    server, _port = start(data_dir, "--workers", "1", "--no-worker")
    try:
        children = wait_for_children(server.pid, 1)
        time.sleep(0.5)
        children = children_of(server.pid)
        assert len(children) == 1 and not children[0].rstrip().endswith(" worker"), children
    finally:
        stop(server)


@pytest.mark.parametrize(
    "args, env, says",
    [
        (["--workers", "0"], {}, "--workers 0"),
        (["--threads", "many"], {}, "--threads many"),
        ([], {"PACTE_WORKERS": "-2"}, "PACTE_WORKERS"),
    ],
)
def test_bad_process_counts_are_refused_in_one_line(data_dir, args, env, says):
    result = pacte("serve", "--port", str(free_port()), *args, data_dir=data_dir, env=env)
    line = one_clear_line(result)
    assert says in line and "at least 1" in line
    assert "serving on" not in result.stdout
