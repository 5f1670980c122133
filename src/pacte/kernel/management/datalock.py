"""One lock file per data directory, so that `pacte restore` never runs under a live server.

`pacte serve` (its master process) and `pacte worker` hold a *shared* lock on
PACTE_DATA_DIR/server.lock for their whole life: any number of them may run together.
`pacte restore` needs the *exclusive* lock: while a server or a worker runs it cannot get it,
and refuses rather than replacing the database under processes that would go on
acknowledging writes into the old file (issue 10, item 9: 100 acknowledged writes lost).
The kernel releases a flock when its holder dies, however it dies, so no stale lock survives
a crash or a kill -9.
"""

from __future__ import annotations

import os
from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no advisory locks, no protection
    fcntl = None

LOCK_NAME = "server.lock"


def lock_path() -> Path:
    return Path(settings.DATA_DIR) / LOCK_NAME


def _open() -> int | None:
    if fcntl is None:
        return None
    path = lock_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError:
        # A data folder this user may not write to: the database there cannot be written
        # either, which the command says in its own words.
        return None
    # Held by this process only: a program it execs (the background `pacte worker`) takes
    # its own lock rather than carrying this one past the server's death.
    os.set_inheritable(fd, False)
    return fd


def _holder(path: Path) -> str:
    try:
        pid = path.read_text().strip()
    except OSError:
        pid = ""
    return pid if pid.isdigit() else "unknown"


def hold_shared() -> int | None:
    """Take the shared lock for a server or a worker, for as long as the process lives.
    Refused in one line while a restore is under way."""
    fd = _open()
    if fd is None:
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        raise CommandError(
            f"a restore is under way on {settings.DATA_DIR}: start again once it has finished.",
            returncode=1,
        ) from None
    # Said for `pacte restore`'s refusal; with several holders, the last one started.
    os.ftruncate(fd, 0)
    os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
    return fd


def hold_exclusive() -> int | None:
    """Take the exclusive lock for a restore, or refuse in one line naming the server."""
    fd = _open()
    if fd is None:
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        raise CommandError(
            f"a server is running on {settings.DATA_DIR} (pid {_holder(lock_path())}): stop it "
            "first (Ctrl+C, or systemctl stop …), then restore.",
            returncode=1,
        ) from None
    return fd


def release(fd: int | None) -> None:
    if fd is not None:
        os.close(fd)
