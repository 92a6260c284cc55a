"""Background work of the agreements context, run by `baylink worker`."""

from typing import Any

from django.utils import timezone
from django_tasks import task

from baylink.agreements.reminders import reminders_send_due


@task()
def send_renewal_reminders() -> dict[str, Any]:
    """Send the renewal reminders due today (in the site's time zone)."""
    run = reminders_send_due(today=timezone.localdate())
    return {
        "sent": run.sent,
        "skipped": run.skipped,
        "failed": run.failed,
        "emails": run.emails,
        "notifications": run.notifications,
    }
