"""`pacte serve` as an operator runs it: several server processes on one port, the background
worker started and stopped with them, and bad settings refused in one line."""

from __future__ import annotations

import json
import shutil
import signal
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.cli.test_cli import (
    OWNER,
    PACTE,
    clean_environ,
    create_user,
    ok,
    one_clear_line,
    pacte,
    query,
)


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


def start(
    data_dir: Path, *args: str, env: dict[str, str] | None = None
) -> tuple[subprocess.Popen, int]:
    port = free_port()
    server = subprocess.Popen(
        [str(PACTE), "serve", "--port", str(port), *args],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=clean_environ(data_dir, env),
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


def wait_until(check, what: str, seconds: float = 30):
    """Poll `check` until it is true; fail with `what` after a generous bound."""
    deadline = time.monotonic() + seconds
    while not check():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)


def test_sigterm_lets_a_request_in_flight_finish(data_dir, tmp_path):
    """issue 10, item 11: SIGTERM stops the server gracefully: a request in flight when the
    signal arrives is answered, and its write is saved, before the server exits.

    The request is held in flight deterministically: its body is sent in two halves, the
    second only once the server has started the request (its token was just used) and has
    logged the signal."""
    folder = tmp_path / "data"
    shutil.copytree(data_dir, folder)
    ok(create_user(folder, OWNER, "owner"))
    token = ok(pacte("token", "create", OWNER, data_dir=folder)).stdout.split()[-1]
    server, port = start(
        folder, "--workers", "1", "--threads", "2", "--no-worker", env={"PACTE_LOG_LEVEL": "info"}
    )
    logged: list[str] = []
    reader = threading.Thread(target=lambda: logged.extend(iter(server.stderr.readline, "")))
    reader.start()
    body = json.dumps({"name": "Client en vol"}).encode()
    half = len(body) // 2
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=30) as conn:
            conn.sendall(
                (
                    f"POST /api/v1/clients HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
                    f"Authorization: Bearer {token}\r\nContent-Type: application/json\r\n"
                    f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
                ).encode()
                + body[:half]
            )
            # The server authenticated the request (it records the token's use) and now
            # waits for the rest of the body: the request is in flight.
            wait_until(
                lambda: query(folder, "SELECT last_used_at FROM core_apitoken")[0][0],
                "the request to start",
            )
            server.send_signal(signal.SIGTERM)
            wait_until(
                lambda: any("Handling signal: term" in line for line in logged),
                "the server to take the signal",
            )
            conn.sendall(body[half:])
            answer = b""
            while chunk := conn.recv(65536):
                answer += chunk
        assert answer.startswith(b"HTTP/1.1 201"), answer[:200]
        assert server.wait(timeout=30) == 0
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()
        reader.join(timeout=30)
        server.stdout.close()
    assert json.loads(answer.split(b"\r\n\r\n", 1)[1])["name"] == "Client en vol"
    assert query(folder, "SELECT name FROM clients_client") == [("Client en vol",)]
    assert "Traceback" not in "".join(logged)
