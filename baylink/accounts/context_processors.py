"""The staff menu and the unread-notification count, for signed-in users only."""

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from baylink.accounts.menu import staff_menu
from baylink.accounts.models import Notification


def workspace(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    # Callables, so that public pages that never show them never run their queries.
    def unread() -> int:
        return Notification.objects.filter(user=user, read_at__isnull=True).count()

    def menu() -> list[dict[str, Any]]:
        return staff_menu(request)

    def wie_home_url() -> str:
        # Students and host organisations' contacts have pages of their own (/wie/).
        from baylink.talent.selectors import takes_part_in_wie

        return reverse("wie:home") if takes_part_in_wie(user) else ""

    lazy: dict[str, Callable[[], Any]] = {
        "unread_notifications": unread,
        "staff_menu": menu,
        "wie_home_url": wie_home_url,
    }
    return lazy
