"""`pacte serve`: the web app, the API and the portal on gunicorn, one worker process per
core, each with a pool of threads, plus the background worker (`pacte worker`) as a child.

Nearly all of Pacte's work is Python, so threads alone use one core whatever their number:
processes are what use the machine. Everything the processes share lives in the database
(sessions, login throttling, the ledger's verification checkpoint, the task queue).
"""

from __future__ import annotations

import errno
import os
import signal
import socket
import subprocess
import sys
import threading
import time

from django.conf import settings
from django.core.management.base import CommandError
from django.core.wsgi import get_wsgi_application
from django.db import connections
from gunicorn.app.base import BaseApplication

from pacte.kernel.management import datalock
from pacte.kernel.management.base import PacteCommand


def default_workers() -> int:
    return max(1, os.cpu_count() or 1)


def _positive(name: str, value, given: str) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = 0
    if number < 1:
        raise CommandError(f"{given} must be a whole number, at least 1.", returncode=2)
    return number


def listen(host: str, port: int) -> socket.socket:
    """Bind the listening socket here, before any process starts, so that a taken port or a
    wrong address is one clear line; gunicorn's processes inherit it (`fd://`)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except (socket.gaierror, UnicodeError):
        raise CommandError(
            f"cannot listen on {host}: --host must be an address of this machine.", returncode=2
        ) from None
    family, kind, proto, _name, address = infos[0]
    sock = socket.socket(family, kind, proto)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(address)
        sock.listen(2048)
    except OSError as exc:
        sock.close()
        advice = (
            "choose another --port" if exc.errno == errno.EADDRINUSE else "check --host and --port"
        )
        raise CommandError(
            f"cannot listen on {host}:{port} ({exc.strerror or exc}): {advice}."
        ) from None
    sock.set_inheritable(True)
    return sock


def use_connection_pool() -> bool:
    """Give the server processes Django's connection pool on PostgreSQL (settings
    PACTE_DB_POOL). Applied here rather than in the settings so that one-shot commands keep a
    plain connection. The pool itself is created lazily, in each process after the fork."""
    pool = getattr(settings, "PACTE_DB_POOL", None)
    if not pool:
        return False
    connections.close_all()
    database = connections["default"].settings_dict
    database["OPTIONS"] = {**database.get("OPTIONS", {}), "pool": dict(pool)}
    # Django refuses persistent connections alongside a pool.
    database["CONN_MAX_AGE"] = 0
    database["CONN_HEALTH_CHECKS"] = False
    return True


class PacteServer(BaseApplication):
    """gunicorn, configured from `pacte serve`'s options rather than a config file."""

    def __init__(self, options: dict, *, announce: str, start_worker: bool):
        self.options = options
        self.announce = announce
        self.start_worker = start_worker
        self.background: subprocess.Popen | None = None
        self.stopping = threading.Event()
        self.lock = threading.Lock()
        super().__init__()

    def load_config(self):
        for key, value in self.options.items():
            self.cfg.set(key, value)
        self.cfg.set("when_ready", self.when_ready)
        self.cfg.set("post_fork", self.post_fork)
        self.cfg.set("on_exit", self.on_exit)

    def load(self):
        return get_wsgi_application()

    def when_ready(self, server):
        if self.start_worker:
            # The queue and the schedule (nightly ledger walk, reminders) need no second
            # command with `make run`. Larger installs run `pacte worker` themselves and
            # start the server with --no-worker.
            threading.Thread(target=self.supervise, name="pacte-worker", daemon=True).start()
        print(self.announce, flush=True)

    def supervise(self):
        """Keep one background worker running while the server runs: one that dies is
        started again, waiting longer each time it dies young."""
        delay = 1
        while not self.stopping.is_set():
            started = time.monotonic()
            with self.lock:
                if self.stopping.is_set():
                    return
                self.background = subprocess.Popen(
                    [sys.executable, "-m", "pacte.cli", "worker"], stdin=subprocess.DEVNULL
                )
            code = self.background.wait()
            if self.stopping.is_set():
                return
            delay = 1 if time.monotonic() - started > 60 else min(delay * 2, 60)
            print(
                f"pacte: the background worker stopped (exit {code}); starting it again in "
                f"{delay} s.",
                file=sys.stderr,
                flush=True,
            )
            self.stopping.wait(delay)

    def post_fork(self, server, worker):
        # A connection opened by the arbiter (the migration check) must not be shared
        # between processes.
        connections.close_all()

    def on_exit(self, server):
        with self.lock:
            self.stopping.set()
            background = self.background
        if background is not None and background.poll() is None:
            background.send_signal(signal.SIGTERM)
            try:
                background.wait(timeout=20)
            except subprocess.TimeoutExpired:
                background.kill()


class Command(PacteCommand):
    help = (
        "Serve Pacte (web app, API, portal) on gunicorn: several worker processes, each with "
        "a pool of threads, and the background worker for scheduled and queued work."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--host",
            default=os.environ.get("HOST", "127.0.0.1"),
            help="Address to listen on (default 127.0.0.1; 0.0.0.0 for all).",
        )
        parser.add_argument(
            "--port",
            default=None,
            help="Port to listen on (default: $PORT, else 8000).",
        )
        parser.add_argument(
            "--workers",
            default=None,
            help="Server processes (default: $PACTE_WORKERS, else one per core: "
            f"{default_workers()} here).",
        )
        parser.add_argument(
            "--threads",
            default=None,
            help="Threads per process (default: $PACTE_THREADS, else 4).",
        )
        parser.add_argument(
            "--no-worker",
            action="store_true",
            help="Do not start the background worker: run `pacte worker` yourself (one or "
            "several, on PostgreSQL).",
        )

    def handle(self, *args, host, port, workers, threads, no_worker, **options):
        given = f"--port {port}"
        if port is None:
            port = os.environ.get("PORT") or "8000"
            given = f"PORT={port}"
        try:
            port = int(port)
        except ValueError:
            port = 0
        if not 0 < port < 65536:
            raise CommandError(f"{given} is not a port number (1 to 65535).", returncode=2)
        if workers is None:
            workers = os.environ.get("PACTE_WORKERS") or default_workers()
            workers = _positive("workers", workers, "PACTE_WORKERS")
        else:
            workers = _positive("workers", workers, f"--workers {workers}")
        if threads is None:
            threads = _positive("threads", os.environ.get("PACTE_THREADS") or 4, "PACTE_THREADS")
        else:
            threads = _positive("threads", threads, f"--threads {threads}")
        # Held by this (master) process until it exits: `pacte restore` refuses meanwhile.
        self.data_lock = datalock.hold_shared()
        sock = listen(host, port)
        connections.close_all()
        use_connection_pool()
        shown = f"[{host}]" if ":" in host else host
        server = PacteServer(
            {
                "bind": [f"fd://{sock.fileno()}"],
                "workers": workers,
                "threads": threads,
                "worker_class": "gthread",
                # A slow page is cut at 60 s rather than holding a process forever.
                "timeout": 60,
                "graceful_timeout": 20,
                "keepalive": 5,
                "proc_name": "pacte",
                "accesslog": os.environ.get("PACTE_ACCESS_LOG") or None,
                "errorlog": "-",
                "loglevel": os.environ.get("PACTE_LOG_LEVEL", "warning").lower(),
            },
            announce=(
                f"Pacte is serving on http://{shown}:{port}/  ({workers} processes × "
                f"{threads} threads; Ctrl+C to stop)"
            ),
            start_worker=not no_worker,
        )
        self.stdout.flush()
        try:
            server.run()
        except SystemExit as exc:
            if exc.code not in (0, None):
                raise CommandError("the server stopped on an error (see above).") from None
