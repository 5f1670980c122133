"""kernel.retry: a deadlock or a serialization failure runs the whole service again, a bounded
number of times, then answers 409 `busy` rather than a 500."""

from __future__ import annotations

import pytest
from django.db import OperationalError, transaction

from pacte.kernel.retry import ATTEMPTS, Busy, retry_on_conflict


class _PgError(Exception):
    def __init__(self, sqlstate):
        self.sqlstate = sqlstate


def failing(times: int, sqlstate: str = "40P01"):
    calls = []

    @retry_on_conflict
    def service():
        calls.append(1)
        if len(calls) <= times:
            # How Django hands on psycopg's DeadlockDetected: wrapped, the original as cause.
            raise OperationalError("deadlock detected") from _PgError(sqlstate)
        return "done"

    return service, calls


def test_a_deadlock_is_retried_until_it_passes():
    service, calls = failing(ATTEMPTS - 1)
    assert service() == "done"
    assert len(calls) == ATTEMPTS


def test_a_serialization_failure_is_retried_too():
    service, calls = failing(1, "40001")
    assert service() == "done" and len(calls) == 2


def test_after_the_last_attempt_the_answer_is_409_busy():
    service, calls = failing(ATTEMPTS)
    with pytest.raises(Busy) as raised:
        service()
    assert raised.value.status == 409 and raised.value.code == "busy"
    assert len(calls) == ATTEMPTS


def test_other_database_errors_are_not_retried():
    service, calls = failing(1, "23505")  # unique violation: running again cannot help
    with pytest.raises(OperationalError):
        service()
    assert len(calls) == 1


@pytest.mark.django_db
def test_inside_an_outer_transaction_it_runs_once():
    service, calls = failing(1)
    with pytest.raises(OperationalError), transaction.atomic():
        service()
    assert len(calls) == 1
