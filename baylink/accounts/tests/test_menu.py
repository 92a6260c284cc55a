"""The workspace menu: sections in the top bar, the open section's pages under it, by role."""

import pytest
from django.test import Client, RequestFactory

from baylink.accounts.menu import staff_menu
from baylink.accounts.models import Role
from baylink.accounts.tests.factories import staff_user
from baylink.talent.tests import factories as talent

pytestmark = pytest.mark.django_db


def menu_at(path: str, role: str) -> list[dict[str, object]]:
    request = RequestFactory().get(path)
    request.user = staff_user(role)
    return staff_menu(request)


def labels(sections: list[dict[str, object]]) -> list[str]:
    return [str(section["label"]) for section in sections]


def test_the_open_section_and_page_are_marked() -> None:
    sections = menu_at("/en/staff/talent/rounds/3/", Role.CAREERS_OFFICER)
    talent = next(s for s in sections if s["active"])
    assert str(talent["label"]) == "Talent"
    pages = talent["items"]
    assert isinstance(pages, list)
    assert [str(p["label"]) for p in pages if p["active"]] == ["Allocation rounds"]
    assert [s for s in sections if s["active"]] == [talent]


def test_pages_a_role_may_not_open_are_left_out() -> None:
    officer = menu_at("/en/accounts/", Role.PARTNERSHIP_OFFICER)
    viewer = menu_at("/en/accounts/", Role.VIEWER)

    def pages(sections: list[dict[str, object]], section: str) -> list[str]:
        found = next(s for s in sections if str(s["label"]) == section)
        items = found["items"]
        assert isinstance(items, list)
        return [str(item["label"]) for item in items]

    assert "Possible duplicates" in pages(officer, "Partnerships")
    assert "Possible duplicates" not in pages(viewer, "Partnerships")
    # Only administrators see the personal-data export log: the Data section has one page
    # for the others, shown under that page's name.
    assert "Data" not in labels(viewer)
    assert "Import and export" in labels(viewer)
    admin = menu_at("/en/accounts/", Role.ADMINISTRATOR)
    assert "Data" in labels(admin)
    assert pages(admin, "Data") == ["Import and export", "Personal data exports"]


def test_the_page_shows_the_open_sections_pages_only() -> None:
    client = Client()
    client.force_login(staff_user(Role.PARTNERSHIP_OFFICER))
    page = client.get("/en/staff/agreements/").content.decode()
    assert 'href="/en/staff/directory/people/"' in page
    assert 'href="/en/staff/talent/rounds/"' not in page  # a page of another section
    assert 'href="/en/staff/talent/placements/"' in page  # the Talent section's first page


def test_students_and_hosts_are_not_offered_the_data_pages() -> None:
    student, _record = talent.student_user()
    host = talent.host_user(talent.placement().host)
    for user in (student, host):
        request = RequestFactory().get("/en/accounts/")
        request.user = user
        offered = [
            str(item["label"]) for section in staff_menu(request) for item in section["items"]
        ]
        assert "Import and export" not in offered
        assert "Preferences" in offered
        client = Client()
        client.force_login(user)
        assert 'href="/en/staff/data/"' not in client.get("/en/accounts/").content.decode()
        assert client.get("/en/staff/data/").status_code == 403


def test_only_the_most_specific_page_is_open_and_the_staff_address_leads_home() -> None:
    sections = menu_at("/en/staff/initiatives/facilities/", Role.PARTNERSHIP_OFFICER)
    opened = [
        str(page["label"])
        for section in sections
        if isinstance(pages := section["items"], list)
        for page in pages
        if page["active"]
    ]
    assert opened == ["Facilities"]
    client = Client()
    client.force_login(staff_user(Role.VIEWER))
    response = client.get("/zh-hant/staff/")
    assert response.status_code == 302
    assert response["Location"] == "/zh-hant/accounts/"
