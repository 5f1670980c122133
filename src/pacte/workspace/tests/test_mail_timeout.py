"""Issue 10, item 10: a relay that accepts the connection and never answers holds a request
for EMAIL_TIMEOUT seconds at most, and the write the mail follows is kept."""

import logging
import socket
import threading
import time

import pytest
from django.conf import settings

from pacte.kernel.models import LedgerEntry, Member

pytestmark = pytest.mark.django_db


@pytest.fixture
def black_hole():
    """A TCP server that accepts every connection and never says a word (no SMTP greeting)."""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    server.settimeout(0.2)
    held, stop = [], threading.Event()

    def accept_and_hold():
        while not stop.is_set():
            try:
                connection, _address = server.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            held.append(connection)

    thread = threading.Thread(target=accept_and_hold, daemon=True)
    thread.start()
    yield server.getsockname()[1]
    stop.set()
    thread.join(timeout=2)
    for connection in held:
        connection.close()
    server.close()


def test_email_timeout_is_set_by_default():
    assert settings.EMAIL_TIMEOUT == 10


def test_an_invitation_to_a_silent_relay_returns_quickly_and_keeps_the_member(
    client, world, settings, black_hole, caplog, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = black_hole
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_TIMEOUT = 1
    started = time.monotonic()
    with caplog.at_level(logging.ERROR), django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/api/v1/members",
            data={"email": "silent@nord.test", "role": "consultant"},
            content_type="application/json",
            headers={"Authorization": f"Bearer {world.token('owner')}"},
        )
    elapsed = time.monotonic() - started
    # Bounded by the 1 s timeout (the relay never answers: without a timeout this hangs).
    assert elapsed < 5, elapsed
    assert response.status_code in (201, 202), response.content
    # The failure is logged, and the write it follows is not undone.
    assert any("silent@nord.test" in record.getMessage() for record in caplog.records)
    assert (
        Member.objects.in_workspace(world.workspace).filter(user__email="silent@nord.test").exists()
        or LedgerEntry.objects.in_workspace(world.workspace)
        .filter(payload__email="silent@nord.test")
        .exists()
    )
