"""`baylink worker`: run queued background tasks and, on a schedule, the renewal reminders."""

import logging
from argparse import ArgumentParser, ArgumentTypeError
from time import monotonic, sleep
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, DEFAULT_TASK_QUEUE_NAME, task_backends
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from baylink.agreements.reminders import reminders_send_due
from baylink.agreements.tasks import send_renewal_reminders


class _BatchWorker(Worker):
    """django-tasks-db's worker in batch mode, counting the tasks it ran."""

    ran = 0

    def run_task(self, db_task_result: DBTaskResult[Any, Any]) -> None:
        super().run_task(db_task_result)
        self.ran += 1

    def run_batch(self) -> int:
        """Run every task that is ready now; returns how many ran."""
        before = self.ran
        self.run()
        return self.ran - before


def _minutes(raw: str) -> float:
    try:
        value = float(raw)
    except ValueError:
        value = -1
    if not value >= 0 or value == float("inf"):
        raise ArgumentTypeError(_("give a number of minutes, 0 or more (0: never)"))
    return value


def _seconds(raw: str) -> float:
    try:
        value = float(raw)
    except ValueError:
        value = 0
    if not value > 0 or value == float("inf"):
        raise ArgumentTypeError(_("give a number of seconds greater than 0"))
    return value


class Command(BaseCommand):
    help = (
        "Run the background tasks queued in the database and enqueue the renewal reminders every "
        "--reminder-interval minutes. With --once: send the reminders due now, run every queued "
        "task, and exit (for cron)."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--once",
            action="store_true",
            help="Send the reminders due now, run every queued task, then exit.",
        )
        parser.add_argument(
            "--reminder-interval",
            type=_minutes,
            default=60.0,
            metavar="MINUTES",
            help="Minutes between two reminder runs; 0 never schedules them (default: 60).",
        )
        parser.add_argument(
            "--interval",
            type=_seconds,
            default=1.0,
            metavar="SECONDS",
            help="Seconds to wait before looking for new tasks when the queue is empty.",
        )
        parser.add_argument(
            "--queue-name",
            default=DEFAULT_TASK_QUEUE_NAME,
            help="Queues to run, separated by commas; * runs every queue (default: %(default)s).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        self._quiet_batch_logging(int(options["verbosity"]))
        backend = task_backends[DEFAULT_TASK_BACKEND_ALIAS]
        queued = isinstance(backend, DatabaseBackend)
        if options["once"]:
            failed = self._send_reminders()
            if queued:
                ran = self._worker(options).run_batch()
                self.stdout.write(f"Ran {ran} queued task(s).")
            if failed:
                # Non-zero for cron; the failed reminders were rolled back and are retried.
                raise CommandError(
                    ngettext(
                        "%(count)s reminder could not be sent (see the log); the next run "
                        "tries again.",
                        "%(count)s reminders could not be sent (see the log); the next run "
                        "tries again.",
                        failed,
                    )
                    % {"count": failed}
                )
            return
        if not queued:
            raise CommandError(
                _(
                    "Tasks run inline (BAYLINK_TASKS_IMMEDIATE is set), so there is no queue to "
                    "work on. Unset it to queue tasks in the database, or use "
                    "`baylink worker --once` from cron to send the reminders."
                )
            )
        self._serve(options)

    def _quiet_batch_logging(self, verbosity: int) -> None:
        # The worker logs "no more tasks" at INFO each time the queue is empty: once a second.
        logging.getLogger("django_tasks_db").setLevel(
            logging.DEBUG if verbosity > 1 else logging.WARNING
        )

    def _send_reminders(self) -> int:
        run = reminders_send_due(today=timezone.localdate())
        self.stdout.write(
            f"Renewal reminders: {run.sent} sent ({run.emails} e-mails, "
            f"{run.notifications} notifications), {run.skipped} skipped, {run.failed} failed."
        )
        return run.failed

    def _worker(self, options: dict[str, Any]) -> _BatchWorker:
        return _BatchWorker(
            queue_names=[name.strip() for name in options["queue_name"].split(",")],
            interval=float(options["interval"]),
            batch=True,
            backend_name=DEFAULT_TASK_BACKEND_ALIAS,
            startup_delay=False,
            max_tasks=None,
            worker_id=get_random_string(32),
            excluded_queue_names=[],
        )

    def _serve(self, options: dict[str, Any]) -> None:
        worker = self._worker(options)
        every = float(options["reminder_interval"]) * 60
        interval = float(options["interval"])
        self.stdout.write(
            f"Worker started: reminders every {options['reminder_interval']:g} minutes; "
            "Ctrl+C stops."
            if every
            else "Worker started: reminders not scheduled; Ctrl+C stops."
        )
        worker.configure_signals()
        next_reminders = monotonic()
        while worker.running:
            if every and monotonic() >= next_reminders:
                # Queued rather than run here, so that any worker of a pool may take it; two
                # workers enqueuing at once is harmless (each reminder is sent once).
                send_renewal_reminders.enqueue()
                next_reminders = monotonic() + every
            worker.run_batch()
            close_old_connections()
            if worker.running:
                wait = min(interval, max(next_reminders - monotonic(), 0)) if every else interval
                sleep(wait)
