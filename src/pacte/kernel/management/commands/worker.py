import logging
import math
import time

from django.core.management.base import CommandError
from django_tasks.signals import task_finished

from pacte.kernel import tasks
from pacte.kernel.management import datalock
from pacte.kernel.management.base import PacteCommand


class _OneLine(logging.Formatter):
    """A log record as one line, never a traceback (that is kept with the task's row)."""

    def format(self, record):
        return f"pacte worker: {record.getMessage()}"


def _interval(value: str) -> float:
    try:
        seconds = float(value)
    except ValueError:
        seconds = math.nan
    if not math.isfinite(seconds) or seconds <= 0:
        raise CommandError(
            f"--interval {value} must be a number of seconds above 0 (for example 2).",
            returncode=2,
        )
    return seconds


class Command(PacteCommand):
    help = (
        "Run background work: queued tasks and the periodic jobs, such as the nightly full "
        "walk of every ledger."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--once",
            action="store_true",
            help="Enqueue the periodic jobs that are due, run every queued task, then exit "
            "(for cron). Exits non-zero when a task failed.",
        )
        parser.add_argument(
            "--interval",
            default="2",
            metavar="SECONDS",
            help="How long to wait when there is nothing to do, before looking again (default 2).",
        )

    def handle(self, *args, once, interval, verbosity, **options):
        interval = _interval(interval)
        self._quiet_logs(verbosity)
        # The worker writes (task rows, reminders): `pacte restore` refuses while it runs.
        self.data_lock = datalock.hold_shared()
        failures = []

        def on_finished(sender, task_result, **kwargs):
            if task_result.status == "FAILED":
                lines = task_result.errors[-1].traceback.strip().splitlines()
                failures.append(f"{task_result.task.name}: {lines[-1] if lines else 'failed'}")
                self.stderr.write(f"pacte: task {failures[-1]}")

        worker = tasks.new_worker(interval=interval)
        # SIGTERM or Ctrl+C: the task under way finishes, then the worker stops (a second
        # signal stops it at once). django-tasks-db's worker handles both.
        worker.configure_signals()
        task_finished.connect(on_finished, weak=False)
        try:
            if once:
                self.run_once(worker, failures)
            else:
                self.run_forever(worker, interval)
        finally:
            task_finished.disconnect(on_finished)
            worker.reset_signals()

    def run_once(self, worker, failures) -> None:
        enqueued = tasks.enqueue_due(once=True)
        ran = tasks.run_queued(worker)
        self.stdout.write(
            f"{len(enqueued)} periodic job(s) enqueued, {ran} task(s) run"
            + (f", {len(failures)} failed." if failures else ".")
        )
        if failures:
            raise CommandError(f"{len(failures)} task(s) failed.", returncode=1)

    def run_forever(self, worker, interval: float) -> None:
        self.stdout.write(
            f"Pacte worker {worker.worker_id} is running: queued tasks and periodic jobs "
            "(Ctrl+C to stop)."
        )
        self.stdout.flush()
        while worker.running:
            tasks.enqueue_due()
            tasks.run_queued(worker)
            if worker.running:
                time.sleep(interval)

    def _quiet_logs(self, verbosity: int) -> None:
        level = {0: logging.CRITICAL, 1: logging.WARNING}.get(verbosity, logging.INFO)
        handler = logging.StreamHandler(self.stderr)
        handler.setFormatter(_OneLine())
        for name in ("django_tasks", "django_tasks_db", "pacte.kernel.ledger", "pacte.kernel.mail"):
            logger = logging.getLogger(name)
            logger.handlers = [handler]
            logger.propagate = False
            logger.setLevel(level)
        if verbosity < 2:
            # A failed task is said once, by on_finished; django-tasks would say it again.
            logging.getLogger("django_tasks").setLevel(logging.CRITICAL)
