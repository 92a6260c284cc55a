"""Every staff list's column headings and every staff form's Cancel lead to a page that works."""

import re
from collections.abc import Iterator

import pytest
from django.test import Client, RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse

from baylink.accounts.models import Role
from baylink.accounts.tests.factories import staff_user
from baylink.agreements.tests import factories as agreements
from baylink.core.staff import StaffFormView, StaffListView, sort_headers
from baylink.directory.tests import factories as directory
from baylink.talent.tests import factories as talent
from baylink.ventures.tests import factories as ventures

pytestmark = pytest.mark.django_db

HEADING_LINK = re.compile(r'<th scope="col"[^>]*>\s*<a href="([^"]+)"')
CANCEL_LINK = re.compile(r'<a class="btn btn-link" href="([^"]*)">Cancel</a>')


def _patterns(resolver: URLResolver, namespace: str = "") -> Iterator[tuple[str, URLPattern]]:
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace or ""
            yield from _patterns(entry, inner.strip(":"))
        elif entry.name:
            yield (f"{namespace}:{entry.name}" if namespace else entry.name), entry


def _views_without_arguments(kind: type) -> list[str]:
    """URL names of the views of this kind whose address takes no argument."""
    names = []
    for name, pattern in _patterns(get_resolver()):
        view_class = getattr(pattern.callback, "view_class", None)
        if view_class and issubclass(view_class, kind) and not pattern.pattern.regex.groups:
            names.append(name)
    return sorted(set(names))


def administrator() -> Client:
    client = Client()
    client.force_login(staff_user(Role.ADMINISTRATOR))
    return client


def test_every_list_found() -> None:
    lists = _views_without_arguments(StaffListView)
    # The walk must see the lists, or the next test would pass by checking nothing.
    assert {"agreements:list", "talent:placement-list", "directory:organisation-list"} <= set(lists)
    assert len(lists) >= 10


@pytest.mark.parametrize("name", _views_without_arguments(StaffListView))
def test_no_heading_links_to_an_order_the_list_refuses(name: str) -> None:
    address = reverse(name)
    request = RequestFactory().get(address)
    request.user = staff_user(Role.ADMINISTRATOR)
    view = resolve(address).func.view_class()  # type: ignore[attr-defined]
    view.setup(request)
    columns = view.columns  # some lists choose them by who is looking
    sort_filter = view.filterset_class.base_filters["sort"]
    offered = [str(value) for value, _label in sort_filter.extra["choices"]]
    assert all(column.sort in offered for column in columns if column.sort)
    none = view.filterset_class._meta.model._default_manager.none()
    for current in ["", *offered]:
        filterset = view.filterset_class({"sort": current} if current else {}, queryset=none)
        assert filterset.is_valid()
        headers = sort_headers(columns, filterset)
        assert any(header["sort"] for header in headers)
        marked = [header for header in headers if header["sorted"]]
        assert len(marked) <= 1
        for header in headers:
            if header["sort"]:
                assert header["next_sort"] in offered, (current, header)


def test_headings_in_a_list_sort_and_reverse() -> None:
    for serial in range(3):
        talent.placement(title_en=f"Intern {serial}", capacity=serial + 1)
        directory.organisation(f"University {serial}")
    client = administrator()
    by_title = client.get("/en/staff/talent/placements/?sort=title").content.decode()
    # Placements offer no Z-to-A title order: the heading keeps the order it has (it used to
    # link to "-title", which the list refuses with a 400).
    assert '<a href="?sort=title">Title ↑</a>' in by_title
    # "Most places" is a descending order of its own: its heading is marked as such.
    by_places = client.get("/en/staff/talent/placements/?sort=-capacity").content.decode()
    assert '<a href="?sort=-capacity">Places ↓</a>' in by_places
    assert "--capacity" not in by_places
    by_name = client.get("/en/staff/directory/organisations/?sort=name").content.decode()
    assert '<a href="?sort=-name">Name ↑</a>' in by_name
    reversed_names = client.get("/en/staff/directory/organisations/?sort=-name").content.decode()
    assert '<a href="?sort=name">Name ↓</a>' in reversed_names
    assert reversed_names.index("University 2") < reversed_names.index("University 0")
    # Without a sort in the address the default order's column is the one marked.
    default = client.get("/en/staff/talent/placements/").content.decode()
    assert 'aria-sort="descending"' in default
    assert "Starts ↓" in default
    for link in HEADING_LINK.findall(by_title + default):
        assert client.get("/en/staff/talent/placements/" + link).status_code == 200, link


def _cancel_of(client: Client, address: str) -> str:
    page = client.get(address)
    assert page.status_code == 200, address
    found: list[str] = CANCEL_LINK.findall(page.content.decode())
    assert len(found) == 1, address
    return found[0]


@pytest.mark.parametrize("name", _views_without_arguments(StaffFormView))
def test_cancel_on_a_new_record_form_leads_to_its_list(name: str) -> None:
    client = administrator()
    cancel = _cancel_of(client, reverse(name))
    assert cancel.startswith("/en/staff/")
    assert client.get(cancel).status_code == 200, cancel


def test_cancel_on_nested_and_edit_forms_leads_back_to_the_record() -> None:
    client = administrator()
    agreement = agreements.agreement()
    cohort = ventures.cohort()
    startup = ventures.startup()
    outcome = ventures.funding_round(startup, "1000000", on=cohort.starts_on)
    staff = "/en/staff"
    # (the form, where its Cancel leads)
    expected = [
        (
            f"{staff}/agreements/{agreement.pk}/exchange/new/",
            f"{staff}/agreements/{agreement.pk}/?tab=exchange",
        ),
        (f"{staff}/agreements/{agreement.pk}/edit/", f"{staff}/agreements/{agreement.pk}/"),
        (
            f"{staff}/ventures/cohorts/new/?programme={cohort.programme_id}",
            f"{staff}/ventures/programmes/{cohort.programme_id}/",
        ),
        (f"{staff}/ventures/cohorts/{cohort.pk}/edit/", f"{staff}/ventures/cohorts/{cohort.pk}/"),
        (
            f"{staff}/ventures/startups/{startup.pk}/outcomes/new/",
            f"{staff}/ventures/startups/{startup.pk}/",
        ),
        (
            f"{staff}/ventures/outcomes/{outcome.pk}/edit/",
            f"{staff}/ventures/startups/{startup.pk}/",
        ),
    ]
    for form, cancel in expected:
        assert _cancel_of(client, form) == cancel, form
