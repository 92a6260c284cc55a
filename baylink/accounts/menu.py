"""The workspace menu: sections, each with the pages a user is allowed to open.

The top bar lists the sections; the open section's pages are listed under it. Both are plain
links, so the menu works without JavaScript and stays one line wide as contexts are added.
"""

from collections.abc import Callable
from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# Who may open a page: a permission, a test of the user, or "" for every signed-in user.
Access = str | Callable[[User | AnonymousUser], bool]
# (url name, who may open it, label)
Entry = tuple[str, Access, Promise]


def _uses_data_pages(user: User | AnonymousUser) -> bool:
    from baylink.core.tabular.registry import kinds_for

    return bool(kinds_for(user))


# (section label, its pages); a section of one page is shown under that page's label.
MENU: list[tuple[Promise, list[Entry]]] = [
    (
        _("Overview"),
        [
            ("accounts:dashboard", "", _("Overview")),
            ("accounts:notifications", "", _("Notifications")),
            ("accounts:preferences", "", _("Preferences")),
            ("accounts:api-tokens", "", _("API tokens")),
        ],
    ),
    (
        _("Partnerships"),
        [
            ("agreements:list", "agreements.view_agreement", _("Agreements")),
            ("directory:organisation-list", "directory.view_organisation", _("Organisations")),
            ("directory:person-list", "directory.view_person", _("People")),
            ("initiatives:staff-list", "initiatives.view_initiative", _("Initiatives")),
            ("initiatives:facility-list", "initiatives.view_facility", _("Facilities")),
            ("research:project-list", "research.view_project", _("Research projects")),
            ("research:kt-output-list", "research.view_knowledgetransferoutput", _("KT outputs")),
            ("expertise:challenge-list", "expertise.view_challenge", _("Challenges")),
            ("resolution:duplicates", "directory.change_organisation", _("Possible duplicates")),
        ],
    ),
    (
        _("Talent"),
        [
            ("talent:placement-list", "talent.view_placement", _("WIE placements")),
            ("talent:round-list", "talent.view_placement", _("Allocation rounds")),
            ("talent:student-list", "talent.view_student", _("Students")),
            ("evaluations:record-list", "evaluations.view_placementrecord", _("WIE outcomes")),
            ("exchange:dashboard", "agreements.view_mobilityspec", _("Exchange")),
            ("ventures:programme-list", "ventures.view_programme", _("Entrepreneurship")),
        ],
    ),
    (
        _("Data"),
        [
            ("tabular:index", _uses_data_pages, _("Import and export")),
            (
                "accounts:personal-data-exports",
                "accounts.view_personaldataexport",
                _("Personal data exports"),
            ),
        ],
    ),
]


def _is_active(request: HttpRequest, name: str, url: str) -> bool:
    if name == "accounts:dashboard":
        return request.path == url
    return request.path.startswith(url)


def _most_specific(sections: list[dict[str, Any]]) -> None:
    """Keep one page active: the longest address that leads to this one (the facilities list
    lives under the initiatives' address, and only it is open there)."""
    active = [item for section in sections for item in section["items"] if item["active"]]
    chosen = max(active, key=lambda item: len(item["url"]), default=None)
    for section in sections:
        for item in section["items"]:
            item["active"] = item is chosen
        section["active"] = any(item["active"] for item in section["items"])


def staff_menu(request: HttpRequest) -> list[dict[str, Any]]:
    """The sections the user may open, each with its pages; the open section is `active`."""
    sections = []
    for section_label, entries in MENU:
        items = []
        for name, permission, label in entries:
            if callable(permission):
                if not permission(request.user):
                    continue
            elif permission and not request.user.has_perm(permission):
                continue
            try:
                url = reverse(name)
            except NoReverseMatch:  # a context whose pages are not installed
                continue
            items.append({"url": url, "label": label, "active": _is_active(request, name, url)})
        if not items:
            continue
        sections.append(
            {
                "label": section_label if len(items) > 1 else items[0]["label"],
                "url": items[0]["url"],
                "active": any(item["active"] for item in items),
                "items": items,
            }
        )
    _most_specific(sections)
    return sections
