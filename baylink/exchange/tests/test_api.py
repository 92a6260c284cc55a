"""The nominations API: masking of students' details, writes, consent, steps, constant queries."""

from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from pytest_django import Settings

from baylink.accounts.models import Role
from baylink.accounts.personal_data import MASK
from baylink.accounts.tests.factories import api_token, bearer, staff_user
from baylink.directory.tests import factories as directory
from baylink.exchange.models import Nomination
from baylink.exchange.tests import factories

pytestmark = pytest.mark.django_db

URL = "/api/nominations"
N = Nomination.Status


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


@pytest.fixture
def vienna_nomination() -> Nomination:
    agreement = factories.exchange_agreement(
        directory.organisation("Universität Wien", city_code=None, country_code="AT")
    )
    factories.spec(agreement, outbound=True)
    return factories.nomination(agreement, 2023)


def test_students_details_are_masked_for_roles_without_personal_data(
    vienna_nomination: Nomination,
) -> None:
    url = f"{URL}/{vienna_nomination.pk}"
    officer = call("get", url, headers_for(Role.EXCHANGE_OFFICER)).json()
    viewer = call("get", url, headers_for(Role.VIEWER)).json()
    student = vienna_nomination.student
    assert officer["student"]["student_number"] == student.student_number
    assert officer["student"]["name_en"] == student.name_en
    assert viewer["student"] == {
        "student_number": MASK,
        "name_en": MASK,
        "email": MASK,
        "programme": student.programme,
    }
    assert viewer["partner_outside_hong_kong"] is True
    assert call("get", URL, {}).status_code == 401
    step = {"edit_token": viewer["edit_token"], "to_status": "withdrawn"}
    assert call("post", f"{url}/status", headers_for(Role.VIEWER), step).status_code == 403
    vienna_nomination.refresh_from_db()
    assert vienna_nomination.status == N.DRAFT


def test_a_nomination_is_created_changed_and_nominated_only_with_consent(
    vienna_nomination: Nomination,
) -> None:
    officer = headers_for(Role.EXCHANGE_OFFICER, "zh-hant")
    student = factories.student()
    created = call(
        "post",
        URL,
        officer,
        {
            "student": student.student_number.lower(),
            "agreement": vienna_nomination.agreement.reference,
            "academic_year": "2024/25",
            "term": "spring",
            "months": "4.5",
        },
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["status"], body["academic_year"], body["partner"]["name_en"]) == (
        "draft",
        "2024/25",
        "Universität Wien",
    )
    url = f"{URL}/{body['id']}"
    refused = call(
        "post",
        f"{url}/status",
        officer,
        {"edit_token": body["edit_token"], "to_status": "nominated"},
    )
    assert refused.status_code == 400
    assert refused.json()["errors"][0]["field"] == "transfer_agreed_on"
    assert "位於香港以外" in refused.json()["errors"][0]["message"]
    agreed = call(
        "patch",
        url,
        officer,
        {"edit_token": body["edit_token"], "transfer_agreed_on": "2024-01-10", "notes": None},
    )
    assert agreed.status_code == 200, agreed.content
    nominated = call(
        "post",
        f"{url}/status",
        officer,
        {"edit_token": agreed.json()["edit_token"], "to_status": "nominated", "note": "sent"},
    )
    assert nominated.status_code == 200, nominated.content
    assert nominated.json()["status"] == "nominated"
    stale = call("patch", url, officer, {"edit_token": body["edit_token"], "months": "9"})
    assert stale.status_code == 409


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"student": "NOPE"}, "student"),
        ({"agreement": "X-0"}, "agreement"),
        ({"academic_year": "2024/26"}, "academic_year"),
        ({"partner": 987654}, "partner"),
        ({"months": "0"}, "months"),
        ({"term": "winter"}, "term"),
        ({"transfer_agreed_on": "2999-01-01"}, "transfer_agreed_on"),
    ],
)
def test_bad_nominations_are_refused_with_the_field_and_nothing_is_written(
    vienna_nomination: Nomination, change: dict[str, Any], field: str
) -> None:
    payload = {
        "student": factories.student().student_number,
        "agreement": vienna_nomination.agreement.reference,
        "academic_year": "2024/25",
        "months": "4.5",
        **change,
    }
    refused = call("post", URL, headers_for(Role.EXCHANGE_OFFICER), payload)
    assert refused.status_code == 400, refused.content
    assert field in {error["field"] for error in refused.json()["errors"]}
    assert Nomination.objects.count() == 1


def test_the_list_filters_by_consent_in_constant_queries(vienna_nomination: Nomination) -> None:
    officer = headers_for(Role.EXCHANGE_OFFICER)
    agreement = vienna_nomination.agreement

    def listed(query: str) -> tuple[int, int]:
        with CaptureQueriesContext(connection) as captured:
            response = call("get", f"{URL}?{query}", officer)
        assert response.status_code == 200, response.content
        return response.json()["count"], len(captured)

    listed("")  # the token's first use is written down once
    count, few = listed("consent=missing")
    assert count == 1
    for _ in range(4):
        factories.nomination(agreement, 2023, transfer_agreed_on=date(2023, 1, 5))
    assert listed("consent=recorded") == (4, few)
    assert call("get", f"{URL}?consent=maybe", officer).status_code == 400


def test_inbound_applications_are_recorded_masked_and_stepped(
    vienna_nomination: Nomination,
) -> None:
    officer, viewer = headers_for(Role.EXCHANGE_OFFICER), headers_for(Role.VIEWER)
    agreement = vienna_nomination.agreement
    factories.spec(agreement, outbound=False)
    created = call(
        "post",
        "/api/inbound-applications",
        officer,
        {
            "name": "Anna Schmidt",
            "email": "anna@univie.example",
            "agreement": agreement.reference,
            "academic_year": "2024/25",
            "months": "4.5",
        },
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["name"], body["status"], body["partner"]["name_en"]) == (
        "Anna Schmidt",
        "received",
        "Universität Wien",
    )
    url = f"/api/inbound-applications/{body['id']}"
    masked = call("get", url, viewer).json()
    assert (masked["name"], masked["email"]) == (MASK, MASK)
    assert call("get", "/api/inbound-applications?status=received", viewer).json()["count"] == 1
    wrong = call(
        "post",
        f"{url}/status",
        officer,
        {"edit_token": body["edit_token"], "to_status": "completed"},
    )
    assert wrong.status_code == 400  # received cannot jump to completed
    accepted = call(
        "post",
        f"{url}/status",
        officer,
        {"edit_token": body["edit_token"], "to_status": "accepted"},
    )
    assert accepted.json()["status"] == "accepted"
    renamed = call(
        "patch", url, officer, {"edit_token": accepted.json()["edit_token"], "email": None}
    )
    assert renamed.status_code == 200, renamed.content
    assert renamed.json()["email"] == ""
    assert renamed.json()["partner"]["name_en"] == "Universität Wien"  # kept when not sent
