"""The background side of the ledger: the full walk as a task, the nightly slot enqueued
exactly once however many workers scan, and the button's request.

Tasks run here as in production: queued in the database (django-tasks-db), then run by the
worker's own code (`run_queued`, what `pacte worker --once` calls)."""

from datetime import UTC, datetime, time, timedelta

import pytest
from django_tasks_db.models import DBTaskResult

from pacte.kernel import ledger, tasks
from pacte.kernel.errors import PermissionDenied
from pacte.kernel.models import LedgerCheckpoint, LedgerEntry, PeriodicRun
from pacte.kernel.panels import Registry

pytestmark = pytest.mark.django_db

NIGHTLY = "ledger.full-walk"


def queued(task) -> int:
    return DBTaskResult.objects.filter(task_path=task.module_path).count()


@pytest.fixture
def paris(settings):
    settings.TIME_ZONE = "Europe/Paris"


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)


def nightly() -> tasks.PeriodicJob:
    return next(job for job in tasks.periodic_jobs() if job.name == NIGHTLY)


@pytest.mark.parametrize(
    ("now", "slot"),
    [
        ("2026-06-10T03:00:00+02:00", "2026-06-10T03:00:00+02:00"),  # due right now
        ("2026-06-10T02:59:59+02:00", "2026-06-09T03:00:00+02:00"),  # not yet: last night's
        ("2026-06-10T23:00:00+02:00", "2026-06-10T03:00:00+02:00"),
        ("2026-01-10T03:30:00+01:00", "2026-01-10T03:00:00+01:00"),  # winter time
        ("2026-03-29T12:00:00+02:00", "2026-03-29T03:00:00+02:00"),  # the night clocks jump
    ],
)
def test_the_nightly_slot_is_3am_in_the_workspace_time_zone(paris, now, slot):
    assert nightly().due_slot(at(now)) == at(slot)


def test_a_job_every_interval_has_aligned_slots():
    job = tasks.PeriodicJob(name="x", task=tasks.prune_finished_tasks, every=timedelta(hours=6))
    assert job.due_slot(at("2026-06-10T13:45:00+00:00")) == at("2026-06-10T12:00:00+00:00")


def test_a_job_says_when_it_runs():
    with pytest.raises(ValueError):
        tasks.PeriodicJob(name="x", task=tasks.prune_finished_tasks)
    with pytest.raises(ValueError):
        tasks.PeriodicJob(
            name="x", task=tasks.prune_finished_tasks, every=timedelta(0), daily_at=None
        )


def test_the_registry_takes_a_job_once():
    jobs = Registry("periodic job")
    job = tasks.PeriodicJob(name="x", task=tasks.prune_finished_tasks, daily_at=time(1))
    jobs.add((job.name,), job)
    with pytest.raises(ValueError):
        jobs.add(
            (job.name,),
            tasks.PeriodicJob(name="x", task=tasks.prune_finished_tasks, daily_at=time(2)),
        )


def test_each_slot_is_enqueued_once_however_often_the_schedule_is_scanned(paris):
    now = at("2026-06-10T03:00:05+02:00")
    assert NIGHTLY in tasks.enqueue_due(now)
    assert NIGHTLY not in tasks.enqueue_due(now)
    assert NIGHTLY not in tasks.enqueue_due(now + timedelta(hours=20))  # same slot
    assert queued(tasks.ledger_full_walk_every_workspace) == 1
    assert NIGHTLY in tasks.enqueue_due(now + timedelta(days=1))  # the next night
    assert queued(tasks.ledger_full_walk_every_workspace) == 2
    run = PeriodicRun.objects.filter(job=NIGHTLY).order_by("slot").first()
    assert run.slot == at("2026-06-10T03:00:00+02:00") and run.task_id


def test_a_worker_that_loses_the_race_for_a_slot_enqueues_nothing(paris):
    """Two workers both saw the slot free; the second to insert its row loses, and its
    task's row goes with it (one transaction)."""
    slot = nightly().due_slot(at("2026-06-10T04:00:00+02:00"))
    assert tasks._claim(nightly(), slot) is True
    assert tasks._claim(nightly(), slot) is False
    assert queued(tasks.ledger_full_walk_every_workspace) == 1
    assert PeriodicRun.objects.filter(job=NIGHTLY, slot=slot).count() == 1


def test_a_worker_stopped_for_days_runs_the_nightly_walk_once(paris):
    tasks.enqueue_due(at("2026-06-01T03:10:00+02:00"))
    tasks.enqueue_due(at("2026-06-05T09:00:00+02:00"))  # four nights later
    assert queued(tasks.ledger_full_walk_every_workspace) == 2


def test_a_slot_too_late_to_matter_is_skipped(paris):
    prune = next(job for job in tasks.periodic_jobs() if job.name == "tasks.prune")
    assert "tasks.prune" in tasks.enqueue_due(at("2026-06-10T05:00:00+02:00"))
    assert "tasks.prune" not in tasks.enqueue_due(at("2026-06-11T20:00:00+02:00"))
    assert prune.max_lateness == timedelta(hours=12)


def test_the_nightly_walk_checks_every_workspace_and_finds_an_old_change(world, paris):
    for workspace in (world.workspace, world.other_workspace):
        assert ledger.verify(workspace).ok  # checkpoints at the head
    LedgerEntry.objects.in_workspace(world.workspace).filter(seq=2).update(actor="forger")
    assert ledger.verify(world.workspace).ok  # before the checkpoint: unseen

    tasks.enqueue_due(at("2026-06-10T03:00:00+02:00"))
    assert tasks.run_queued() >= 1
    result = DBTaskResult.objects.get(task_path=tasks.ledger_full_walk_every_workspace.module_path)
    assert result.status == "SUCCESSFUL"
    assert result.return_value == {"workspaces": 2, "broken": [world.workspace.pk]}
    mine = ledger.status(world.workspace)
    assert not mine.ok and mine.last_full.broken_seq == 2
    assert ledger.status(world.other_workspace).last_full.ok


def test_the_button_queues_one_walk_and_the_worker_records_it(world):
    owner = world.actor("owner")
    assert tasks.ledger_full_walk_request(actor=owner) is True
    assert ledger.status(world.workspace).full_state == "queued"
    # A second click, by anyone, while it waits: nothing more is queued.
    assert tasks.ledger_full_walk_request(actor=world.actor("manager")) is False
    assert queued(tasks.ledger_full_walk) == 1

    assert tasks.run_queued() == 1
    status = ledger.status(world.workspace)
    assert status.full_state == "" and status.last_full.ok
    assert status.last_full.count == world.workspace.ledger_length
    # Done: the button queues a new walk.
    assert tasks.ledger_full_walk_request(actor=owner) is True


def test_a_walk_queued_for_too_long_may_be_asked_again(world):
    owner = world.actor("owner")
    tasks.ledger_full_walk_request(actor=owner)
    long_ago = datetime.now(UTC) - ledger.FULL_WALK_PATIENCE - timedelta(minutes=1)
    LedgerCheckpoint.objects.filter(workspace=world.workspace).update(full_requested_at=long_ago)
    assert ledger.status(world.workspace).full_state == "lost"
    assert tasks.ledger_full_walk_request(actor=owner) is True
    assert queued(tasks.ledger_full_walk) == 2


@pytest.mark.parametrize("kind", ["consultant", "viewer", "portal"])
def test_only_owners_and_managers_may_ask_for_a_full_walk(world, kind):
    with pytest.raises(PermissionDenied):
        tasks.ledger_full_walk_request(actor=world.actor(kind))
    assert queued(tasks.ledger_full_walk) == 0


def test_a_walk_that_fails_is_not_left_running(world, monkeypatch):
    def boom(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(ledger, "_full_walk", boom)
    with pytest.raises(RuntimeError):
        ledger.verify_full(world.workspace)
    assert ledger.status(world.workspace).full_state == ""


def test_finished_tasks_and_old_slots_are_pruned(world):
    tasks.ledger_full_walk_request(actor=world.actor("owner"))
    tasks.run_queued()
    old = datetime.now(UTC) - tasks.KEEP_FINISHED - timedelta(days=1)
    DBTaskResult.objects.update(finished_at=old)
    PeriodicRun.objects.create(job="old", slot=old)
    assert tasks.prune_finished_tasks.call() == {"tasks": 1, "slots": 1}


def test_the_planner_statistics_are_refreshed_daily():
    from django.db import connection

    job = next(job for job in tasks.periodic_jobs() if job.name == "database.statistics")
    job.task.enqueue()
    assert tasks.run_queued() == 1
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM sqlite_stat1")
            assert cursor.fetchone()[0] > 0
