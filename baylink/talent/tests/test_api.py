"""The WIE placements API: roles, writes with the form's checks, conflicts, constant queries."""

from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from pytest_django import Settings

from baylink.accounts.models import Role
from baylink.accounts.tests.factories import api_token, bearer, staff_user
from baylink.core.models import AuditEntry
from baylink.directory.tests import factories as directory
from baylink.talent.models import Placement
from baylink.talent.tests import factories

pytestmark = pytest.mark.django_db

URL = "/api/placements"


@pytest.fixture(autouse=True)
def _fast_passwords(settings: Settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def headers_for(role: str, language: str = "en") -> dict[str, str]:
    return {**bearer(api_token(staff_user(role))), "Accept-Language": language}


def call(method: str, url: str, headers: dict[str, str], payload: Any = None) -> Any:
    client = Client()
    if payload is None:
        return getattr(client, method)(url, headers=headers)
    return getattr(client, method)(url, payload, content_type="application/json", headers=headers)


def new_placement(**extra: Any) -> dict[str, Any]:
    return {
        "host": "騰訊",
        "title_zh_hant": "數據分析實習生",
        "city": "SZ",
        "starts_on": "2027-06-07",
        "ends_on": "2027-08-13",
        "hours": 360,
        "capacity": 2,
        "eligible_years": [2, 3],
        "required_languages": ["zh", "en"],
        **extra,
    }


def test_reading_and_writing_follow_the_roles() -> None:
    placement = factories.placement()
    careers, viewer = headers_for(Role.CAREERS_OFFICER), headers_for(Role.VIEWER)
    assert call("get", f"{URL}/{placement.pk}", viewer).status_code == 200
    assert call("get", URL, {}).status_code == 401
    directory.organisation("Tencent", name_zh_hant="騰訊", city_code="SZ", types=("company",))
    assert call("post", URL, viewer, new_placement()).status_code == 403
    assert call("delete", f"{URL}/{placement.pk}", viewer).status_code == 403
    created = call("post", URL, careers, new_placement())
    assert created.status_code == 201, created.content
    assert call("delete", f"{URL}/{created.json()['id']}", careers).status_code == 204
    assert Placement.objects.count() == 1


def test_a_placement_is_created_with_its_host_by_name_and_its_title_converted() -> None:
    tencent = directory.organisation(
        "Tencent", name_zh_hant="騰訊", city_code="SZ", types=("company",)
    )
    created = call("post", URL, headers_for(Role.CAREERS_OFFICER), new_placement())
    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["host"]["id"], body["city"]["code"]) == (tencent.pk, "SZ")
    assert body["title_zh_hans"] == "数据分析实习生"
    assert (body["eligible_years"], body["required_languages"]) == ([2, 3], ["zh", "en"])
    assert body["host_outside_hong_kong"] is True  # applicants' names need their consent
    logged = AuditEntry.objects.filter(action=AuditEntry.Action.CREATE, object_pk=str(body["id"]))
    assert logged.filter(content_type__model="placement").count() == 1


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"eligible_years": [3, 9]}, "eligible_years", "年級只可以是 1 至 7。"),
        ({"required_languages": ["english!"]}, "required_languages", "不是語言代碼：english!。"),
        ({"city": "XX"}, "city", "沒有城市的代碼是「XX」。"),
        ({"host": 987654}, "host", "沒有編號 987654 的機構。"),
        ({"title_zh_hant": ""}, "title_en", None),
        ({"ends_on": "2027-06-01"}, "__all__", "結束日期不可早於開始日期。"),
        ({"hours": -5}, "hours", None),
        ({"mode": "by_pigeon"}, "mode", None),
    ],
)
def test_bad_placements_are_refused_with_the_field_and_nothing_is_written(
    change: dict[str, Any], field: str, message: str | None
) -> None:
    directory.organisation("Tencent", name_zh_hant="騰訊", city_code="SZ", types=("company",))
    refused = call(
        "post", URL, headers_for(Role.CAREERS_OFFICER, "zh-hant"), new_placement(**change)
    )
    assert refused.status_code == 400, refused.content
    errors = {error["field"]: error["message"] for error in refused.json()["errors"]}
    assert field in errors
    if message:
        assert errors[field] == message
    assert not Placement.objects.exists()


def test_a_change_sends_only_what_changes_and_a_stale_token_is_refused() -> None:
    placement = factories.placement(eligible_years=[3], required_languages=["yue"])
    careers = headers_for(Role.CAREERS_OFFICER)
    token = call("get", f"{URL}/{placement.pk}", careers).json()["edit_token"]
    changed = call(
        "patch",
        f"{URL}/{placement.pk}",
        careers,
        {"edit_token": token, "capacity": 3, "eligible_years": None, "city": None},
    )
    assert changed.status_code == 200, changed.content
    body = changed.json()
    assert (body["capacity"], body["eligible_years"], body["city"]) == (3, [], None)
    assert body["required_languages"] == ["yue"]
    assert body["starts_on"] == date(2019, 6, 3).isoformat()
    no_host = call(
        "patch", f"{URL}/{placement.pk}", careers, {"edit_token": body["edit_token"], "host": None}
    )
    assert no_host.json()["errors"] == [{"field": "host", "message": "This field is required."}]
    stale = call("patch", f"{URL}/{placement.pk}", careers, {"edit_token": token, "hours": 1})
    assert stale.status_code == 409
    placement.refresh_from_db()
    assert (placement.capacity, placement.hours) == (3, 400)


@pytest.mark.parametrize("query", ["region=nowhere", "city=XX", "sort=zzz", "limit=0"])
def test_bad_list_parameters_are_refused(query: str) -> None:
    refused = call("get", f"{URL}?{query}", headers_for(Role.VIEWER))
    assert refused.status_code in (400, 422), refused.content


def test_the_list_filters_and_takes_the_same_queries_for_more_rows() -> None:
    viewer = headers_for(Role.VIEWER)
    factories.placement(city_code="SZ")
    factories.placement(city_code="HK")

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            listed = call("get", f"{URL}?region=gba", viewer)
        assert listed.status_code == 200
        return len(captured)

    queries()  # the token's first use is written down once
    few = queries()
    for _ in range(5):
        factories.placement(city_code="GZ")
    assert queries() == few
    listed = call("get", f"{URL}?region=gba", viewer).json()
    assert listed["count"] == 6
    assert {item["city"]["code"] for item in listed["items"]} == {"SZ", "GZ"}
