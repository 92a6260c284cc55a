"""E-mail that follows a write: sent once the transaction commits, so that a mail server that
is down never undoes the write; a failure is logged, and the notification in Baylink stands."""

import logging
from collections.abc import Sequence

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction

logger = logging.getLogger(__name__)


def site_address(path: str) -> str:
    """A path as the full address an e-mailed link needs (where people open Baylink)."""
    return settings.BAYLINK_SITE_URL.rstrip("/") + path


def _send(messages: Sequence[EmailMessage], what: str) -> None:
    try:
        get_connection().send_messages(list(messages))
    except Exception:
        # Whatever the cause (a server down or slow past EMAIL_TIMEOUT, an address it
        # refuses), the write stands and the person who made it gets no error page for it.
        logger.exception("Could not e-mail %d %s", len(messages), what)


def send_after_commit(messages: Sequence[EmailMessage], *, what: str) -> None:
    """`what` names the messages in the log ("placement offer(s)")."""
    if messages:
        transaction.on_commit(lambda: _send(messages, what), robust=True)
