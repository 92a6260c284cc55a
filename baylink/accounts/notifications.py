"""A notification's text, rendered in the reader's (active) language from its kind and data.

The context that raises a kind of notification phrases it; this module only dispatches.
"""

from collections.abc import Callable, Mapping
from typing import Any

from django.urls import reverse

from baylink.accounts.models import Notification
from baylink.agreements.reminders import renewal_due_text
from baylink.expertise.announcements import challenge_sent_link, challenge_sent_text
from baylink.talent.announcements import offer_made_text

RENDERERS: dict[str, Callable[[Mapping[str, Any]], str]] = {
    Notification.Kind.RENEWAL_DUE: renewal_due_text,
    Notification.Kind.OFFER_MADE: offer_made_text,
    Notification.Kind.CHALLENGE_SENT: challenge_sent_text,
}


def notification_text(notification: Notification) -> str:
    render = RENDERERS.get(notification.kind)
    if render is None:
        return str(notification.get_kind_display())
    return render(notification.values)


def notification_link(notification: Notification) -> str:
    """Where the notification leads, in the reader's language (stored links keep the sender's)."""
    agreement = notification.values.get("agreement")
    if isinstance(agreement, int):
        return reverse("agreements:detail", args=[agreement])
    if notification.kind == Notification.Kind.OFFER_MADE:
        return reverse("wie:home")
    if notification.kind == Notification.Kind.CHALLENGE_SENT:
        return challenge_sent_link(notification.values)
    return notification.url
