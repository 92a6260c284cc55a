"""The workspace menu: each entry shown only to users allowed to open it."""

from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# (url name, permission needed or "", label)
MENU: list[tuple[str, str, Promise]] = [
    ("accounts:dashboard", "", _("Overview")),
    ("agreements:list", "agreements.view_agreement", _("Agreements")),
    ("directory:organisation-list", "directory.view_organisation", _("Organisations")),
    ("directory:person-list", "directory.view_person", _("People")),
    ("initiatives:staff-list", "initiatives.view_initiative", _("Initiatives")),
    ("tabular:index", "", _("Import and export")),
    ("accounts:notifications", "", _("Notifications")),
    ("accounts:api-tokens", "", _("API tokens")),
]


def staff_menu(request: HttpRequest) -> list[dict[str, Any]]:
    items = []
    for name, permission, label in MENU:
        if permission and not request.user.has_perm(permission):
            continue
        try:
            url = reverse(name)
        except NoReverseMatch:  # a context whose pages are not installed
            continue
        exact = name == "accounts:dashboard"
        active = request.path == url if exact else request.path.startswith(url)
        items.append({"url": url, "label": label, "active": active})
    return items
