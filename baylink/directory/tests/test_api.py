"""The directory API: organisations and people by role, conflicts, protection, lists."""

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from pytest_django import DjangoAssertNumQueries, Settings

from baylink.accounts.models import Role
from baylink.accounts.tests.factories import api_token, bearer, staff_user
from baylink.agreements.tests import factories as agreements
from baylink.core.countries import country_name
from baylink.directory.models import Organisation, Person
from baylink.directory.tests import factories

pytestmark = pytest.mark.django_db

WRITERS = {"administrator", "partnership_officer"}
ROLES = {
    "administrator": Role.ADMINISTRATOR,
    "partnership_officer": Role.PARTNERSHIP_OFFICER,
    "unit_coordinator": Role.UNIT_COORDINATOR,
    "viewer": Role.VIEWER,
}


@pytest.fixture(autouse=True)
def _fast_passwords(settings: Settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def headers_for(who: str) -> dict[str, str]:
    if who == "anonymous":
        return {}
    unit = factories.unit("Department of Computing") if who == "unit_coordinator" else None
    return bearer(api_token(staff_user(ROLES[who], unit=unit)))


def call(method: str, url: str, headers: dict[str, str], payload: Any = None) -> Any:
    client = Client()
    if payload is None:
        return getattr(client, method)(url, headers=headers)
    return getattr(client, method)(url, payload, content_type="application/json", headers=headers)


@pytest.mark.parametrize("who", [*ROLES, "anonymous"])
def test_organisation_permissions(who: str) -> None:
    headers = headers_for(who)
    record = factories.organisation("Sun Yat-sen University")
    url = f"/api/organisations/{record.pk}"
    token = call("get", url, bearer(api_token(staff_user(Role.VIEWER)))).json()["edit_token"]
    reading = 401 if who == "anonymous" else 200
    writing = 401 if who == "anonymous" else 403
    assert call("get", "/api/organisations", headers).status_code == reading
    assert call("get", url, headers).status_code == reading
    created = call("post", "/api/organisations", headers, {"name_en": "Jinan University"})
    assert created.status_code == (201 if who in WRITERS else writing)
    changed = call("patch", url, headers, {"edit_token": token, "website": "https://sysu.edu.cn"})
    assert changed.status_code == (200 if who in WRITERS else writing)
    deleted = call("delete", url, headers)
    assert deleted.status_code == (204 if who in WRITERS else writing)
    assert Organisation.objects.filter(name_en="Jinan University").exists() == (who in WRITERS)
    assert Organisation.objects.filter(pk=record.pk).exists() == (who not in WRITERS)


@pytest.mark.parametrize("who", [*ROLES, "anonymous"])
def test_people_permissions(who: str) -> None:
    headers = headers_for(who)
    record = factories.person("Chan Tai-man")
    url = f"/api/people/{record.pk}"
    token = call("get", url, bearer(api_token(staff_user(Role.VIEWER)))).json()["edit_token"]
    reading = 401 if who == "anonymous" else 200
    writing = 401 if who == "anonymous" else 403
    assert call("get", "/api/people", headers).status_code == reading
    assert call("get", url, headers).status_code == reading
    created = call("post", "/api/people", headers, {"name_en": "Wong Siu-ming"})
    assert created.status_code == (201 if who in WRITERS else writing)
    changed = call("patch", url, headers, {"edit_token": token, "email": "chan@example.edu.hk"})
    assert changed.status_code == (200 if who in WRITERS else writing)
    assert call("delete", url, headers).status_code == (204 if who in WRITERS else writing)
    assert Person.objects.filter(name_en="Wong Siu-ming").exists() == (who in WRITERS)


def test_an_organisation_is_created_and_changed_with_its_names_converted() -> None:
    headers = headers_for("partnership_officer")
    created = call(
        "post",
        "/api/organisations",
        headers,
        {
            "name_en": "Southern University of Science and Technology",
            "name_zh_hans": "南方科技大学",
            "ror_id": "https://ror.org/049tv2d57",
            "types": ["education"],
            "city": "SZ",
        },
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["name_zh_hant"] == "南方科技大學"
    assert body["name_zh_hant_machine"] is True
    assert body["ror_id"] == "049tv2d57"
    assert body["country_code"] == "CN"
    assert body["city"]["code"] == "SZ"
    assert body["types"] == ["education"]
    found = call("get", "/api/organisations?q=南方科技大學", headers).json()
    assert [item["id"] for item in found["items"]] == [body["id"]]
    changed = call(
        "patch",
        f"/api/organisations/{body['id']}",
        headers,
        {"edit_token": body["edit_token"], "types": ["education", "facility"], "website": None},
    )
    assert changed.status_code == 200
    assert changed.json()["types"] == ["education", "facility"]
    assert changed.json()["name_en"] == body["name_en"]  # not sent, not changed


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"name_en": ""}, "name_en"),
        ({"name_en": "X", "ror_id": "not-a-ror-id"}, "ror_id"),
        ({"name_en": "X", "types": ["castle"]}, "types"),
        ({"name_en": "X", "city": "ATLANTIS"}, "city"),
        ({"name_en": "X", "website": "not a website"}, "website"),
        ({"name_en": "X", "established": "long ago"}, "established"),
        ({"name_en": "X", "is_partner": True}, "is_partner"),
    ],
)
def test_bad_organisations_are_refused_with_the_field(payload: dict[str, Any], field: str) -> None:
    response = call("post", "/api/organisations", headers_for("partnership_officer"), payload)
    assert response.status_code == 400
    assert field in {error["field"] for error in response.json()["errors"]}
    assert not Organisation.objects.exists()


def test_a_stale_edit_token_is_refused_with_what_changed() -> None:
    first, second = headers_for("partnership_officer"), headers_for("partnership_officer")
    record = factories.organisation("Macau University of Science and Technology")
    url = f"/api/organisations/{record.pk}"
    token = call("get", url, first).json()["edit_token"]
    saved = call("patch", url, first, {"edit_token": token, "website": "https://must.edu.mo"})
    assert saved.status_code == 200
    refused = call("patch", url, second, {"edit_token": token, "name_en": "MUST"})
    assert refused.status_code == 409
    assert [change["field"] for change in refused.json()["changes"]] == ["website"]
    assert Organisation.objects.get(pk=record.pk).name_en.startswith("Macau")


def test_an_organisation_in_use_cannot_be_deleted() -> None:
    partner = factories.organisation("Shenzhen University")
    agreements.agreement(partner)
    response = call("delete", f"/api/organisations/{partner.pk}", headers_for("administrator"))
    assert response.status_code == 409
    assert "still used" in response.json()["detail"]
    assert Organisation.objects.filter(pk=partner.pk).exists()


def test_a_person_names_their_organisation_in_any_script() -> None:
    factories.home()
    headers = headers_for("partnership_officer")
    created = call(
        "post",
        "/api/people",
        headers,
        {"name_en": "Lee Ka-yan", "organisation": "香港理工大學", "email": "ky.lee@example.edu.hk"},
    )
    assert created.status_code == 201, created.content
    assert created.json()["organisation"]["name_en"] == "The Hong Kong Polytechnic University"
    unknown = call("post", "/api/people", headers, {"name_en": "X", "organisation": "Nowhere U"})
    assert unknown.status_code == 400
    assert unknown.json()["errors"][0]["field"] == "organisation"
    bad_email = call("post", "/api/people", headers, {"name_en": "X", "email": "nope"})
    assert bad_email.json()["errors"][0]["field"] == "email"


def test_a_person_naming_ids_that_do_not_exist_is_refused_in_the_readers_language() -> None:
    factories.home()
    headers = headers_for("partnership_officer")
    for payload, field, message in (
        ({"organisation": 987654}, "organisation", "沒有編號 987654 的機構。"),
        ({"unit": 987654}, "unit", "沒有編號 987654 的單位。"),
    ):
        refused = Client().post(
            "/api/people",
            {"name_en": "Lee Ka-yan", **payload},
            content_type="application/json",
            headers={**headers, "Accept-Language": "zh-hant"},
        )
        assert refused.status_code == 400, refused.content
        assert refused.json()["errors"] == [{"field": field, "message": message}]
    assert not Person.objects.filter(name_en="Lee Ka-yan").exists()


def test_lists_take_the_same_number_of_queries_for_any_number_of_rows(
    django_assert_max_num_queries: DjangoAssertNumQueries,
) -> None:
    headers = headers_for("viewer")
    client = Client()
    factories.organisation()
    factories.person()
    client.get("/api/organisations", headers=headers)
    counts = {}
    for url in ("/api/organisations?limit=100", "/api/people?limit=100"):
        with CaptureQueriesContext(connection) as few:
            assert client.get(url, headers=headers).status_code == 200
        counts[url] = len(few.captured_queries)
    for number in range(30):
        factories.organisation(types=("education", "facility"))
        factories.person(f"Person {number}")
    for url, queries in counts.items():
        with django_assert_max_num_queries(queries):
            assert len(client.get(url, headers=headers).json()["items"]) > 30


def test_an_unknown_country_code_is_refused_and_kosovo_is_known() -> None:
    headers = {**headers_for("partnership_officer"), "Accept-Language": "zh-hant"}
    refused = call("post", "/api/organisations", headers, {"name_en": "X", "country_code": "ZZ"})
    assert refused.status_code == 400
    assert "「ZZ」不是國家或地區代碼" in str(refused.json())
    assert not Organisation.objects.filter(name_en="X").exists()
    # ROR's code for Kosovo, which ISO 3166-1 leaves unassigned, is accepted and named.
    created = call("post", "/api/organisations", headers, {"name_en": "Y", "country_code": "xk"})
    assert created.status_code == 201, created.content
    assert created.json()["country_code"] == "XK"
    with translation.override("zh-hant"):
        assert country_name("XK") == "科索沃"
