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
    ("resolution:duplicates", "directory.change_organisation", _("Possible duplicates")),
    ("talent:placement-list", "talent.view_placement", _("WIE placements")),
    ("talent:round-list", "talent.view_placement", _("Allocation rounds")),
    ("talent:student-list", "talent.view_student", _("Students")),
    ("evaluations:record-list", "evaluations.view_placementrecord", _("WIE outcomes")),
    ("exchange:dashboard", "agreements.view_mobilityspec", _("Exchange")),
    ("ventures:programme-list", "ventures.view_programme", _("Entrepreneurship")),
    ("tabular:index", "", _("Import and export")),
    (
        "accounts:personal-data-exports",
        "accounts.view_personaldataexport",
        _("Personal data exports"),
    ),
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
