"""The reminders' background work, on the kernel's schedule (`pacte worker`).

The scan runs every 10 minutes and at every `pacte worker --once`: it is idempotent (each
reminder is stored once, on its unique key), so running it often only means that a date
entered this morning is reminded this morning. The digests go out once a day at 8:00 in the
workspace's time zone (the weekly one on Mondays).
"""

from __future__ import annotations

import logging
from datetime import time, timedelta

from django_tasks import task

from pacte.kernel.models import Workspace
from pacte.kernel.tasks import PeriodicJob, register_periodic
from pacte.kernel.tenancy import Actor

from .kinds import Delivery
from .services import digests_send, reminders_scan

logger = logging.getLogger(__name__)


@task()
def scan_reminders() -> dict:
    """Store and queue today's reminders of every workspace. A workspace whose scan fails
    is logged and skipped: the others still get theirs."""
    stored = queued = 0
    failed = []
    for workspace in Workspace.objects.order_by("pk"):
        try:
            result = reminders_scan(actor=Actor.system(workspace))
        except Exception:
            logger.exception("Reminders of workspace %s not scanned", workspace.pk)
            failed.append(workspace.pk)
            continue
        stored += result.stored
        queued += result.queued
    return {"stored": stored, "queued": queued, "failed": failed}


@task()
def send_digests() -> dict:
    """Today's daily digests, and on Mondays the weekly ones, of every workspace (one that
    fails is logged and skipped)."""
    sent = 0
    failed = []
    for workspace in Workspace.objects.order_by("pk"):
        actor = Actor.system(workspace)
        try:
            # The scan first, so that the digest carries what became due this morning.
            reminders_scan(actor=actor)
            for delivery in (Delivery.DAILY, Delivery.WEEKLY):
                sent += digests_send(actor=actor, delivery=delivery)
        except Exception:
            logger.exception("Digests of workspace %s not sent", workspace.pk)
            failed.append(workspace.pk)
    return {"digests": sent, "failed": failed}


def register():
    register_periodic(
        PeriodicJob(
            name="reminders.scan",
            task=scan_reminders,
            every=timedelta(minutes=10),
            on_every_once=True,
        )
    )
    register_periodic(
        PeriodicJob(
            name="reminders.digests",
            task=send_digests,
            daily_at=time(8, 0),
            max_lateness=timedelta(hours=12),
        )
    )
