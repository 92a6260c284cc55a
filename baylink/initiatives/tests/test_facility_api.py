"""/api/facilities: what labs run and share, kept by the KT office's own systems too."""

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from pytest_django import Settings

from baylink.accounts.models import Role
from baylink.accounts.tests.factories import api_token, bearer, staff_user
from baylink.core.models import AuditEntry
from baylink.initiatives.models import Facility, Initiative
from baylink.initiatives.services import facility_create
from baylink.initiatives.tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_passwords(settings: Settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def call(method: str, url: str, role: str, payload: Any = None, language: str = "en") -> Any:
    headers = {**bearer(api_token(staff_user(role))), "Accept-Language": language}
    client = Client()
    if payload is None:
        return getattr(client, method)(url, headers=headers)
    return getattr(client, method)(url, payload, content_type="application/json", headers=headers)


@pytest.fixture
def lab() -> Initiative:
    record = factories.initiative(name_en="Cold Chain Joint Laboratory")
    Initiative.objects.filter(pk=record.pk).update(slug="cold-chain-lab")
    record.refresh_from_db()
    return record


def test_officers_add_change_and_remove_facilities_and_viewers_read_them(lab: Initiative) -> None:
    officer = Role.PARTNERSHIP_OFFICER
    refused = call("post", "/api/facilities", Role.VIEWER, {"initiative": lab.slug})
    assert refused.status_code == 403
    created = call(
        "post",
        "/api/facilities",
        officer,
        {"initiative": "Cold-Chain-Lab", "name_zh_hant": "冷鏈測試平台", "open_to_industry": True},
    )
    assert created.status_code == 201, created.json()
    body = created.json()
    assert (body["initiative"], body["name_zh_hans"]) == (lab.pk, "冷链测试平台")
    assert body["open_to_industry"] is True
    url = f"/api/facilities/{body['id']}"
    # The lab's History tab lists its facilities.
    logged = AuditEntry.objects.filter(content_type__model="initiative", object_pk=str(lab.pk))
    assert logged.get().changes == {"facilities": [[], ["冷鏈測試平台"]]}

    read = call("get", url, Role.VIEWER).json()
    changed = call(
        "patch",
        url,
        officer,
        {"edit_token": read["edit_token"], "name_en": "Cold-chain test bed", "booking_url": None},
    )
    assert changed.status_code == 200, changed.json()
    assert changed.json()["name_en"] == "Cold-chain test bed"
    assert changed.json()["open_to_industry"] is True  # not sent: kept
    stale = call("patch", url, officer, {"edit_token": read["edit_token"], "name_en": "Other"})
    assert stale.status_code == 409
    listed = call("get", f"/api/initiatives/{lab.pk}", Role.VIEWER).json()["facilities"]
    assert [facility["name_en"] for facility in listed] == ["Cold-chain test bed"]

    assert call("delete", url, Role.VIEWER).status_code == 403
    assert call("delete", url, officer).status_code == 204
    assert not Facility.objects.exists()
    assert call("get", url, Role.VIEWER).status_code == 404


@pytest.mark.parametrize(
    ("sent", "field", "message"),
    [
        ({"initiative": "no-such-lab", "name_en": "Cleanroom"}, "initiative", "沒有網址代稱"),
        ({"initiative": 999999, "name_en": "Cleanroom"}, "initiative", "999999"),
        ({"initiative": "cold-chain-lab"}, "name", ""),
        ({"initiative": "cold-chain-lab", "name_en": "X", "booking_url": "not a url"}, "", ""),
        ({"initiative": "cold-chain-lab", "name_en": "X", "position": 3}, "position", ""),
    ],
)
def test_bad_facilities_are_refused_in_the_readers_language_and_nothing_is_written(
    lab: Initiative, sent: dict[str, Any], field: str, message: str
) -> None:
    refused = call("post", "/api/facilities", Role.PARTNERSHIP_OFFICER, sent, language="zh-hant")
    assert refused.status_code == 400, refused.json()
    errors = refused.json()["errors"]
    assert any(field in error["field"] and message in error["message"] for error in errors)
    assert not Facility.objects.exists()
    assert not AuditEntry.objects.filter(
        content_type__model__in=["facility", "initiative"]
    ).exists()


def test_the_list_filters_in_either_script_and_keeps_its_queries(lab: Initiative) -> None:
    facility_create(
        actor=None,
        initiative=lab,
        values={"name_zh_hant": "冷鏈測試平台", "open_to_industry": True},
    )
    facility_create(actor=None, initiative=lab, values={"name_en": "Cleanroom"})

    def names(query: str) -> list[str]:
        response = call("get", f"/api/facilities{query}", Role.VIEWER)
        assert response.status_code == 200, response.json()
        return [item["name_en"] or item["name_zh_hant"] for item in response.json()["items"]]

    assert names("?q=冷链") == ["冷鏈測試平台"]
    assert names("?open_to_industry=no") == ["Cleanroom"]
    assert sorted(names(f"?initiative={lab.slug}")) == ["Cleanroom", "冷鏈測試平台"]
    assert call("get", "/api/facilities?sort=size", Role.VIEWER).status_code == 400

    client = Client()
    headers = bearer(api_token(staff_user(Role.VIEWER)))
    client.get("/api/facilities", headers=headers)  # the token's first use is recorded once
    with CaptureQueriesContext(connection) as few:
        client.get("/api/facilities", headers=headers)
    other = factories.initiative(name_en="Robotics Lab")
    for number in range(4):
        facility_create(actor=None, initiative=other, values={"name_en": f"Test bed {number}"})
    with CaptureQueriesContext(connection) as more:
        assert len(client.get("/api/facilities", headers=headers).json()["items"]) == 6
    assert len(more.captured_queries) == len(few.captured_queries)
