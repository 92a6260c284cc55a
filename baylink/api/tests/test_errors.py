"""Errors are JSON naming the field, in the reader's language, and never a server error."""

from collections.abc import Iterator

import pytest
from django.test import Client
from django.utils import translation
from pytest_django import Settings

from baylink.accounts.models import Role
from baylink.accounts.tests.factories import api_token, bearer, staff_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def headers(settings: Settings) -> Iterator[dict[str, str]]:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    yield bearer(api_token(staff_user(Role.PARTNERSHIP_OFFICER)))
    # A request in Chinese leaves its language active for whatever runs next in this thread.
    translation.activate(settings.LANGUAGE_CODE)


@pytest.mark.parametrize(
    ("method", "url", "body", "field"),
    [
        ("post", "/api/organisations", '{"name_en": "a\\u0000b"}', "name_en"),
        ("post", "/api/organisations", '{"name_en": "a\\ud800b"}', "name_en"),
        ("post", "/api/people", '{"name_en": "x", "organisation": "\\u0000"}', "organisation"),
        ("get", "/api/organisations?q=%00", None, "q"),
        ("get", "/api/organisations/99999999999999999999999", None, "organisation_id"),
        ("get", "/api/people?unit=9223372036854775807", None, "unit"),
        (
            "post",
            "/api/agreements",
            '{"reference": "r", "kind": "mou", "parties": [{"organisation": "\\u0000"}]}',
            "parties.0.organisation",
        ),
        ("post", "/api/organisations", "[1, 2]", ""),
        ("post", "/api/organisations", '{"name_en": "x", "established": 99999}', "established"),
        ("post", "/api/organisations", '{"name_en": "x", "nickname": "y"}', "nickname"),
        (
            "post",
            "/api/initiatives",
            '{"slug": "a b", "kind": "joint_lab", "name_en": "x"}',
            "slug",
        ),
        (
            "post",
            "/api/agreements/1/exchange-terms",
            '{"sending_party": 1, "receiving_party": 2, "first_academic_year": 2020, '
            '"last_academic_year": 2021, "mobilities_per_year": 1, "months_per_mobility": "NaN"}',
            "months_per_mobility",
        ),
    ],
)
def test_bad_input_is_a_400_naming_the_field(
    headers: dict[str, str], method: str, url: str, body: str | None, field: str
) -> None:
    client = Client()
    if body is None:
        response = getattr(client, method)(url, headers=headers)
    else:
        response = getattr(client, method)(
            url, body, content_type="application/json", headers=headers
        )
    assert response.status_code == 400
    assert field in [error["field"] for error in response.json()["errors"]]


def test_a_body_that_is_not_json_is_explained(headers: dict[str, str]) -> None:
    response = Client().post(
        "/api/organisations", "not json", content_type="application/json", headers=headers
    )
    assert response.status_code == 400
    assert response.json()["detail"] == "The request body is not valid JSON."


def test_schema_messages_are_translated(headers: dict[str, str]) -> None:
    response = Client().get(
        "/api/agreements?limit=0", HTTP_ACCEPT_LANGUAGE="zh-hant", headers=headers
    )
    assert response.status_code == 400
    assert response.json()["errors"] == [{"field": "limit", "message": "請輸入 1 或以上的值。"}]
