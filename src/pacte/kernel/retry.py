"""Concurrent writes on PostgreSQL: one lock order, and a bounded retry when the database
still gives up on a transaction.

The lock order (issue 10, item 8): a transaction that locks rows locks its workspace row
FIRST (`lock_workspace`), then the other rows. `ledger.append` locks the workspace, so a
service that locks a row of its own and then journals takes the two in the opposite order
from one that journals and then locks that row: the two deadlock. Locking the workspace
first costs nothing more, since every write journals and so locks it anyway.
"""

from __future__ import annotations

import functools
import random
import time

from django.db import DatabaseError, connection
from django.utils.translation import gettext_lazy as _

from .errors import Conflict
from .models import Workspace
from .tenancy import Actor

ATTEMPTS = 3
# SQLSTATE of psycopg's DeadlockDetected and SerializationFailure: the transaction did nothing
# and may simply run again.
RETRYABLE = {"40P01", "40001"}


class Busy(Conflict):
    status = 409
    code = "busy"
    default_message = _("Another change was being saved at the same time: try again.")


def lock_workspace(actor: Actor) -> None:
    """Lock the actor's workspace row for the rest of the transaction: the first lock any
    locking write takes (on SQLite the IMMEDIATE transaction already serialises writers)."""
    list(Workspace.objects.select_for_update().filter(pk=actor.workspace.pk).values_list("pk"))


def is_conflict(exc: BaseException) -> bool:
    cause = exc.__cause__ or exc
    return getattr(cause, "sqlstate", None) in RETRYABLE


def retry_on_conflict(fn):
    """Run the service again, whole, when PostgreSQL aborts its transaction for a deadlock or
    a serialization failure; after ATTEMPTS tries answer 409 `busy` rather than a 500.

    Only the outermost transaction can be run again: called inside another one, the service
    runs once and the caller's own retry (if any) handles the failure."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        if connection.in_atomic_block:
            return fn(*args, **kwargs)
        for attempt in range(1, ATTEMPTS + 1):
            try:
                return fn(*args, **kwargs)
            except DatabaseError as exc:
                if not is_conflict(exc):
                    raise
                if attempt == ATTEMPTS:
                    raise Busy() from exc
            # A short random wait, so that the two transactions do not meet again at once.
            time.sleep(random.uniform(0.01, 0.05) * attempt)  # noqa: S311 - not a secret
        raise AssertionError("unreachable")  # pragma: no cover

    return wrapper
