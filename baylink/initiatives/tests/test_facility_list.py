"""The staff list of every lab's facilities: search in any script, filters, export."""

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from pytest_django import DjangoAssertNumQueries

from baylink.accounts.models import Role
from baylink.accounts.tests.factories import staff_user
from baylink.initiatives.models import Initiative
from baylink.initiatives.services import facility_create, initiative_search_text
from baylink.initiatives.tests import factories

pytestmark = pytest.mark.django_db

LIST = "/zh-hant/staff/initiatives/facilities/"


def lab_with_facilities(name: str, *facilities: tuple[str, bool]) -> Initiative:
    lab = factories.initiative(name_en=name)
    Initiative.objects.filter(pk=lab.pk).update(search_text=initiative_search_text(lab))
    for facility_name, open_to_industry in facilities:
        facility_create(
            actor=None,
            initiative=lab,
            values={"name_zh_hant": facility_name, "open_to_industry": open_to_industry},
        )
    return lab


def rows(client: Client, query: str = "") -> list[str]:
    page = client.get(LIST + query)
    assert page.status_code == 200
    return [row["cells"][0] for row in page.context["rows"]]


def test_facilities_are_found_in_either_script_filtered_and_exported() -> None:
    cold_chain = lab_with_facilities("Cold Chain Lab", ("冷鏈測試平台", True), ("潔淨室", False))
    lab_with_facilities("Robotics Lab", ("機械人測試場", True))
    client = Client()
    client.force_login(staff_user(Role.VIEWER))
    assert sorted(rows(client)) == ["冷鏈測試平台", "機械人測試場", "潔淨室"]
    assert rows(client, "?q=冷链") == ["冷鏈測試平台"]  # Simplified finds Traditional
    assert sorted(rows(client, "?q=cold+chain")) == ["冷鏈測試平台", "潔淨室"]  # by the lab
    assert sorted(rows(client, "?open_to_industry=yes")) == ["冷鏈測試平台", "機械人測試場"]
    page = client.get(LIST + f"?initiative={cold_chain.slug}")
    assert f"/staff/initiatives/{cold_chain.pk}/" in page.text  # a row leads to its lab
    exported = client.get(LIST + "?open_to_industry=yes&export=csv")
    assert exported.status_code == 200
    body = exported.content.decode("utf-8-sig")
    assert "冷鏈測試平台" in body
    assert "潔淨室" not in body
    refused = client.get(LIST + "?sort=size")
    assert refused.status_code == 400


def test_the_list_takes_the_same_queries_for_more_facilities(
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    client = Client()
    client.force_login(staff_user(Role.VIEWER))
    lab_with_facilities("Cold Chain Lab", ("冷鏈測試平台", True))
    client.get(LIST)
    with CaptureQueriesContext(connection) as captured:
        client.get(LIST)
    few = len(captured.captured_queries)
    for number in range(5):
        lab_with_facilities(f"Lab {number}", (f"設施 {number}", number % 2 == 0))
    with django_assert_num_queries(few):
        client.get(LIST)


def test_the_lab_page_and_the_list_lead_to_export_and_import() -> None:
    lab = lab_with_facilities("Cold Chain Lab", ("冷鏈測試平台", True))
    client = Client()
    client.force_login(staff_user(Role.PARTNERSHIP_OFFICER))
    detail = client.get(f"/zh-hant/staff/initiatives/{lab.pk}/").text
    assert f"{LIST}?initiative={lab.slug}" in detail
    assert "/zh-hant/staff/data/facilities/import/" in client.get(LIST).text
    client.force_login(staff_user(Role.VIEWER))  # exports, but may not import
    page = client.get(LIST).text
    assert "export=csv" in page
    assert "/staff/data/facilities/import/" not in page


def test_the_menu_offers_it_only_to_staff_who_may_see_facilities() -> None:
    client = Client()
    client.force_login(staff_user(Role.VIEWER))
    assert LIST in client.get("/zh-hant/staff/initiatives/").text
    # Only the facilities entry is marked open on its page, not the initiatives' one too.
    menu = client.get(LIST).context["staff_menu"]()
    opened = [item["url"] for section in menu for item in section["items"] if item["active"]]
    assert opened == ["/zh-hant/staff/initiatives/facilities/"]
    client.force_login(User.objects.create_user("guest", password="a-long-password-1"))
    assert client.get(LIST).status_code == 403
