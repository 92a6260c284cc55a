"""A lab is found by the facilities it shares, as soon as staff add one, until it is removed."""

from collections.abc import Callable
from contextlib import AbstractContextManager as ContextManager
from typing import Any

import pytest
from django.test import Client

from baylink.accounts.models import Role
from baylink.accounts.tests.factories import api_token, bearer, staff_user
from baylink.expertise import indexing
from baylink.expertise.engine import Mode
from baylink.initiatives.models import Facility
from baylink.initiatives.services import facility_create, facility_delete
from baylink.initiatives.tests import factories

pytestmark = pytest.mark.django_db


def found(query: str) -> list[str]:
    return [hit.key for hit in indexing.expertise_index().search(query, mode=Mode.BM25)]


def test_a_lab_is_found_by_its_facility_in_either_script_until_it_is_removed(
    django_capture_on_commit_callbacks: Callable[..., ContextManager[Any]],
) -> None:
    lab = factories.initiative(name_en="Joint Laboratory for Food Safety")
    indexing.index_labs([lab.pk])
    assert found("冷鏈測試平台") == []
    with django_capture_on_commit_callbacks(execute=True):  # the reindex waits for the commit
        facility = facility_create(
            actor=None,
            initiative=lab,
            values={"name_zh_hant": "冷鏈測試平台", "description_en": "Cold-chain test bed"},
        )
    key = indexing.lab_key(lab.pk)
    assert found("冷链测试平台") == [key]  # Simplified finds the Traditional name
    assert found("cold-chain test bed") == [key]
    with django_capture_on_commit_callbacks(execute=True):
        facility_delete(actor=None, facility=facility)
    assert found("冷鏈測試平台") == []


def test_staff_add_edit_and_remove_a_facility_on_the_initiative_pages() -> None:
    lab = factories.initiative(name_en="Joint Laboratory for Food Safety")
    client = Client()
    client.force_login(staff_user(Role.PARTNERSHIP_OFFICER))
    detail = f"/zh-hant/staff/initiatives/{lab.pk}/"
    assert f"/staff/initiatives/{lab.pk}/facilities/new/" in client.get(detail).text
    empty = client.post(f"/zh-hant/staff/initiatives/{lab.pk}/facilities/new/", {})
    assert empty.status_code == 200
    assert not Facility.objects.exists()
    added = client.post(
        f"/zh-hant/staff/initiatives/{lab.pk}/facilities/new/",
        {"name_zh_hant": "冷鏈測試平台", "open_to_industry": "on"},
    )
    assert added.status_code == 302, added.content.decode()[:2000]
    facility = Facility.objects.get()
    assert (facility.initiative, facility.name_zh_hans) == (lab, "冷链测试平台")
    assert "冷鏈測試平台（開放予企業及合作夥伴使用）" in client.get(detail).text

    public = Client().get(f"/zh-hant/initiatives/{lab.slug}/").text
    assert "冷鏈測試平台" in public
    assert "開放予企業及合作夥伴" in public

    edit_page = client.get(f"/zh-hant/staff/initiatives/facilities/{facility.pk}/edit/")
    assert f"/staff/initiatives/facilities/{facility.pk}/delete/" in edit_page.text
    token = edit_page.context["form"]["edit_token"].value()
    client.post(
        f"/zh-hant/staff/initiatives/facilities/{facility.pk}/edit/",
        {"edit_token": token, "name_zh_hant": "冷鏈及溫控測試平台", "booking_url": "not a url"},
    )
    facility.refresh_from_db()
    assert facility.name_zh_hant == "冷鏈測試平台"  # a bad address changes nothing
    client.post(
        f"/zh-hant/staff/initiatives/facilities/{facility.pk}/edit/",
        {"edit_token": token, "name_zh_hant": "冷鏈及溫控測試平台"},
    )
    facility.refresh_from_db()
    assert (facility.name_zh_hant, facility.open_to_industry) == ("冷鏈及溫控測試平台", False)
    removed = client.post(f"/zh-hant/staff/initiatives/facilities/{facility.pk}/delete/")
    assert removed.status_code == 302
    assert removed["Location"].endswith(f"/staff/initiatives/{lab.pk}/")
    assert not Facility.objects.exists()
    # The initiative's History tab says which facilities it had, and when that changed.
    history = client.get(f"{detail}?tab=history").text
    assert history.count('pe-3">設施</th>') == 3  # added, renamed, removed
    assert "冷鏈及溫控測試平台" in history


def test_viewers_see_facilities_but_cannot_add_them() -> None:
    lab = factories.initiative()
    client = Client()
    client.force_login(staff_user(Role.VIEWER))
    assert "/facilities/new/" not in client.get(f"/en/staff/initiatives/{lab.pk}/").text
    refused = client.post(f"/en/staff/initiatives/{lab.pk}/facilities/new/", {"name_en": "X"})
    assert refused.status_code == 403
    assert not Facility.objects.exists()


def test_the_initiatives_api_lists_the_facilities() -> None:
    lab = factories.initiative()
    facility_create(
        actor=None,
        initiative=lab,
        values={"name_en": "Cleanroom", "open_to_industry": True},
    )
    headers = bearer(api_token(staff_user(Role.VIEWER)))
    body = Client().get(f"/api/initiatives/{lab.pk}", headers=headers).json()
    assert [(f["name_en"], f["open_to_industry"]) for f in body["facilities"]] == [
        ("Cleanroom", True)
    ]


def test_the_finder_says_which_facility_a_lab_matched_by(
    django_capture_on_commit_callbacks: Callable[..., ContextManager[Any]],
) -> None:
    lab = factories.initiative(name_en="Joint Laboratory for Food Safety")
    with django_capture_on_commit_callbacks(execute=True):
        facility_create(
            actor=None,
            initiative=lab,
            values={"name_zh_hant": "冷鏈測試平台", "open_to_industry": True},
        )
        facility_create(actor=None, initiative=lab, values={"name_en": "Sensory panel room"})
    page = Client().get("/zh-hans/expertise/", {"q": "冷链测试平台"}).text
    assert "相符设施：" in page
    assert "<mark>冷链</mark>" in page or "<mark>冷链测试平台</mark>" in page
    assert "Sensory panel room" not in page  # only the facility that matched


def test_the_finder_shows_only_labs_or_only_researchers_when_asked(
    django_capture_on_commit_callbacks: Callable[..., ContextManager[Any]],
) -> None:
    from baylink.expertise.tests import factories as expertise

    researcher = expertise.profile(
        name="Alice Wong", keywords=("cold chain",), statement="Cold chain monitoring of food."
    )
    indexing.index_profiles([researcher.pk])
    lab = factories.initiative(name_en="Joint Laboratory for Food Safety")
    with django_capture_on_commit_callbacks(execute=True):
        facility_create(actor=None, initiative=lab, values={"name_en": "Cold chain test bed"})

    def kinds(**filters: str) -> list[str]:
        response = Client().get("/api/expertise/search", {"q": "cold chain", **filters})
        assert response.status_code == 200, response.json()
        return [item["kind"] for item in response.json()["items"]]

    assert sorted(kinds()) == ["lab", "researcher"]
    assert kinds(kind="labs") == ["lab"]
    assert kinds(kind="researchers") == ["researcher"]
    labs = Client().get("/api/expertise/search", {"q": "cold chain", "kind": "labs"}).json()
    assert labs["items"][0]["matched_facilities"] == ["Cold chain test bed"]
    refused = Client().get("/api/expertise/search", {"q": "cold chain", "kind": "people"})
    assert refused.status_code == 400
    assert refused.json()["errors"][0]["field"] == "kind"
    page = Client().get("/zh-hant/expertise/", {"q": "cold chain", "kind": "labs"}).text
    assert 'data-key="l' in page
    assert 'data-key="r' not in page
    assert '<option value="labs" selected>實驗室及研究所</option>' in page
