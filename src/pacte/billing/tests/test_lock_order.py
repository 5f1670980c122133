"""Issue 10, item 8: a deposit invoice and `request-deposit` sent at once on PostgreSQL.

Before the fix, the invoice locked the workspace (journal) and then the engagement, while
request-deposit locked the engagement and then the workspace: 22 of 150 pairs deadlocked and
were answered with a 500. Now both lock the workspace first."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from pacte.billing.models import Invoice
from pacte.billing.services import invoice_create
from pacte.engagements.models import EngagementStatus
from pacte.engagements.services import engagement_request_deposit
from pacte.kernel.errors import DomainError

from .helpers import days, engagement

PAIRS = 30


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_deposit_invoice_and_request_deposit_at_once_never_fail(world):
    if connection.vendor != "postgresql":
        pytest.skip("row locks and deadlocks are PostgreSQL's; SQLite serialises writers")
    failures: list[str] = []

    def run(barrier, write):
        try:
            barrier.wait(timeout=10)
            write()
        except DomainError as exc:
            # Request-deposit after the invoice already asked for the deposit: a 409 that
            # says so, the one expected refusal.
            if exc.code != "invalid_transition":
                failures.append(f"{exc.code}: {exc}")
        except Exception as exc:  # every other outcome is a failure, counted
            failures.append(f"{type(exc).__name__}: {exc}")
        finally:
            connections.close_all()

    engagements = [engagement(world, title=f"Mission {n}") for n in range(PAIRS)]
    for on in engagements:
        barrier = threading.Barrier(2)
        invoice = threading.Thread(
            target=run,
            args=(
                barrier,
                lambda on=on: invoice_create(
                    actor=world.actor("manager"),
                    engagement_id=on.pk,
                    kind="deposit",
                    amount="3000.00",
                    issued_on=days(0),
                    due_on=days(30),
                ),
            ),
        )
        request = threading.Thread(
            target=run,
            args=(
                barrier,
                lambda on=on: engagement_request_deposit(
                    actor=world.actor("manager"), engagement_id=on.pk
                ),
            ),
        )
        invoice.start()
        request.start()
        invoice.join()
        request.join()

    assert failures == []
    for on in engagements:
        on.refresh_from_db()
        assert on.status == EngagementStatus.AWAITING_DEPOSIT
    assert Invoice.objects.across_workspaces().filter(kind="deposit").count() == PAIRS
