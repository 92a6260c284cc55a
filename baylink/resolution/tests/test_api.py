"""POST /api/resolve and the alias calls: authentication, permission, limits, validation."""

from typing import Any

import pytest
from django.test import Client
from pytest_django import DjangoCaptureOnCommitCallbacks, Settings

from baylink.accounts.models import Role
from baylink.accounts.tests.factories import api_token, bearer, staff_user
from baylink.directory.models import Organisation, OrganisationName
from baylink.resolution.services import ror_import
from baylink.resolution.tests.conftest import TINY_DUMP

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_passwords(settings: Settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def registry() -> None:
    ror_import(path=TINY_DUMP)


def post(path: str, body: Any, headers: dict[str, str]) -> Any:
    return Client().post(path, body, content_type="application/json", headers=headers)


def officer() -> dict[str, str]:
    return bearer(api_token(staff_user(Role.PARTNERSHIP_OFFICER)))


def viewer() -> dict[str, str]:
    return bearer(api_token(staff_user(Role.VIEWER)))


def test_resolve_needs_a_signed_in_caller(registry: None) -> None:
    assert post("/api/resolve", {"strings": ["理大"]}, {}).status_code == 401


def test_resolve_answers_each_string_in_order(registry: None) -> None:
    response = post(
        "/api/resolve", {"strings": ["理大", "", "深圳大學, 廣東深圳 518060"]}, viewer()
    )
    assert response.status_code == 200
    results = response.json()["results"]
    assert [r["ror_id"] for r in results] == ["0030zas98", "", "01vy4gh70"]
    assert results[0]["organisation_id"] == Organisation.objects.get(ror_id="0030zas98").pk
    assert results[0]["matched_name"] == "理大"
    assert results[0]["explanation"]["decision"] == "matched"
    assert results[1]["explanation"]["decision"] == "abstained"
    assert set(results[0]) == {
        "affiliation",
        "ror_id",
        "organisation_id",
        "score",
        "matched_name",
        "explanation",
    }


def test_resolve_answers_the_unit_when_asked_for_the_most_specific(registry: None) -> None:
    text = "Shenzhen Institutes of Advanced Technology, Chinese Academy of Sciences"
    default = post("/api/resolve", {"strings": [text]}, viewer()).json()["results"][0]
    asked = post("/api/resolve", {"strings": [text], "most_specific": True}, viewer()).json()[
        "results"
    ][0]
    assert default["ror_id"] != "04gh4er46"  # the Academy, or no answer, as ROR's gold has it
    assert asked["ror_id"] == "04gh4er46"
    assert asked["explanation"]["instead_of_parent"] == "Chinese Academy of Sciences"


def test_resolve_refuses_more_than_a_thousand_strings(registry: None) -> None:
    response = post("/api/resolve", {"strings": ["PolyU"] * 1001}, viewer())
    assert response.status_code == 400
    assert "at most 1,000 strings" in response.json()["detail"]
    assert "1,001" in response.json()["detail"]


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"strings": "PolyU"},
        {"strings": [1, 2]},
        {"strings": ["x"], "extra": 1},
        {"strings": ["x" * 1001]},
        {"strings": ["x"], "most_specific": "perhaps"},
    ],
)
def test_resolve_refuses_a_malformed_body(registry: None, body: Any) -> None:
    response = post("/api/resolve", body, viewer())
    assert response.status_code == 400
    assert response.json()["detail"]


def test_staff_with_the_permission_add_list_and_remove_aliases(
    registry: None, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    headers = officer()
    cityu = Organisation.objects.get(ror_id="03q8dnn23")
    with django_capture_on_commit_callbacks(execute=True):
        response = post(
            "/api/resolve/aliases", {"organisation_id": cityu.pk, "value": "九龍塘城大"}, headers
        )
    assert response.status_code == 201, response.json()
    alias = response.json()
    assert alias["source"] == "staff"
    resolved = post("/api/resolve", {"strings": ["九龍塘城大"]}, headers).json()["results"][0]
    assert resolved["ror_id"] == "03q8dnn23"
    listed = Client().get(f"/api/resolve/aliases?organisation_id={cityu.pk}", headers=headers)
    assert alias["id"] in [a["id"] for a in listed.json()]
    deleted = Client().delete(f"/api/resolve/aliases/{alias['id']}", headers=headers)
    assert deleted.status_code == 204
    assert not OrganisationName.objects.filter(pk=alias["id"]).exists()


def test_alias_calls_need_the_permission(registry: None) -> None:
    cityu = Organisation.objects.get(ror_id="03q8dnn23")
    count = OrganisationName.objects.count()
    response = post(
        "/api/resolve/aliases", {"organisation_id": cityu.pk, "value": "城大"}, viewer()
    )
    assert response.status_code == 403
    assert (
        Client()
        .get(f"/api/resolve/aliases?organisation_id={cityu.pk}", headers=viewer())
        .status_code
        == 403
    )
    assert (
        post("/api/resolve/aliases", {"organisation_id": cityu.pk, "value": "x"}, {}).status_code
        == 401
    )
    assert OrganisationName.objects.count() == count


def test_alias_errors_are_clear(registry: None) -> None:
    headers = officer()
    ror_name = OrganisationName.objects.filter(source="ror").first()
    assert ror_name is not None
    response = Client().delete(f"/api/resolve/aliases/{ror_name.pk}", headers=headers)
    assert response.status_code == 400
    assert "cannot be removed" in response.json()["detail"]
    missing = post("/api/resolve/aliases", {"organisation_id": 999999, "value": "x"}, headers)
    assert missing.status_code == 404
    cityu = Organisation.objects.get(ror_id="03q8dnn23")
    empty = post("/api/resolve/aliases", {"organisation_id": cityu.pk, "value": " "}, headers)
    assert empty.status_code == 400
    assert empty.json()["detail"] == "Enter the alias."


def test_editors_list_possible_duplicates_and_merge_them(registry: None) -> None:
    copy = Organisation.objects.create(name_en="HK PolyU", country_code="HK")
    headers = officer()
    assert Client().get("/api/resolve/duplicates", headers=viewer()).status_code == 403
    listed = Client().get("/api/resolve/duplicates", headers=headers).json()
    assert [(d["keep_ror_id"], d["merge_id"]) for d in listed] == [("0030zas98", copy.pk)]
    body = {"keep_id": listed[0]["keep_id"], "merge_id": copy.pk}
    assert post("/api/resolve/merge", body, viewer()).status_code == 403
    response = post("/api/resolve/merge", body, headers)
    assert response.status_code == 200
    assert not Organisation.objects.filter(pk=copy.pk).exists()
    assert post("/api/resolve/merge", body, headers).status_code == 404


def test_the_largest_documented_request_is_taken_and_a_larger_one_is_a_json_413(
    registry: None,
) -> None:
    # 1,000 names of 1,000 Chinese characters, as JSON escapes them: about 6 MB.
    strings = ["香港理工大學" + "研" * 994] * 1000
    response = post("/api/resolve", {"strings": strings}, viewer())
    assert response.status_code == 200, response.content[:200]
    assert len(response.json()["results"]) == 1000
    huge = Client().post(
        "/api/resolve",
        b'{"strings": ["' + b"x" * (9 * 1024 * 1024) + b'"]}',
        content_type="application/json",
        headers={**viewer(), "Accept-Language": "zh-hant"},
    )
    assert huge.status_code == 413
    assert huge["Content-Type"].startswith("application/json")
    assert "8 MB" in huge.json()["detail"]


def test_schema_errors_name_fields_alike_in_the_readers_language(registry: None) -> None:
    cityu = Organisation.objects.get(ror_id="03q8dnn23")
    headers = {**officer(), "Accept-Language": "zh-hant"}
    long_value = post(
        "/api/resolve/aliases", {"organisation_id": cityu.pk, "value": "x" * 301}, headers
    ).json()
    assert long_value["errors"][0]["field"] == "value"  # not body.value
    assert "characters" not in long_value["errors"][0]["message"]  # translated
    not_text = post("/api/resolve", {"strings": ["ok", 3]}, headers).json()
    assert not_text["errors"][0]["field"] == "strings.1"


def test_an_alias_language_must_be_a_language_tag_in_the_api_too(registry: None) -> None:
    cityu = Organisation.objects.get(ror_id="03q8dnn23")
    count = OrganisationName.objects.count()
    for language in ("<b>not a tag</b>", "zh Hant", "e"):
        response = post(
            "/api/resolve/aliases",
            {"organisation_id": cityu.pk, "value": "Poly Tech", "language": language},
            officer(),
        )
        assert response.status_code == 400, language
        assert response.json()["errors"][0]["field"] == "language"
    assert OrganisationName.objects.count() == count


def test_a_missing_alias_is_a_translated_404_that_names_no_model(registry: None) -> None:
    headers = {**officer(), "Accept-Language": "zh-hant"}
    for response in (
        Client().delete("/api/resolve/aliases/999999", headers=headers),
        Client().get("/api/resolve/aliases?organisation_id=999999", headers=headers),
    ):
        assert response.status_code == 404
        assert "OrganisationName" not in response.json()["detail"]
        assert "Organisation" not in response.json()["detail"]
