from datetime import date

import pytest
from django.test import Client

from baylink.agreements.models import Agreement
from baylink.agreements.tests.factories import agreement
from baylink.directory.tests.factories import organisation
from baylink.research.tests.factories import project

pytestmark = pytest.mark.django_db


def test_figures_for_an_academic_year(client: Client) -> None:
    partner = organisation()
    agreement(partner, kind=Agreement.Kind.STUDENT_EXCHANGE, ends_on=date(2020, 6, 30))
    project(partner)
    response = client.get("/api/figures", {"academic_year": "2018/19"})
    assert response.status_code == 200
    body = response.json()
    assert body["academic_year"] == "2018/19"
    assert body["research_projects"] == 1
    assert body["partners"] == 1
    assert body["exchange_partners"] == 1
    assert body["academic_agreements"] == {"as_at": "2019-06-30", "count": 1}
    codes = [figure["code"] for figure in body["figures"]]
    assert codes[:4] == [
        "research_projects",
        "partners",
        "exchange_partners",
        "academic_agreements",
    ]


def test_figures_default_to_the_last_complete_year(client: Client) -> None:
    body = client.get("/api/figures").json()
    assert body["academic_year"].count("/") == 1


@pytest.mark.parametrize("bad", ["2018", "2018/20", "next year", "2018/19'--"])
def test_bad_academic_year_is_a_clear_400(client: Client, bad: str) -> None:
    response = client.get("/api/figures", {"academic_year": bad})
    assert response.status_code == 400
    body = response.json()
    assert body["errors"][0]["field"] == "academic_year"
    assert "academic year" in body["detail"]


def test_errors_speak_the_readers_language(client: Client) -> None:
    response = client.get("/api/figures", {"academic_year": "2018"}, HTTP_ACCEPT_LANGUAGE="zh-HK")
    assert response.status_code == 400
    assert "學年" in response.json()["detail"]


def test_openapi_schema_is_served(client: Client) -> None:
    schema = client.get("/api/openapi.json").json()
    assert "/api/figures" in schema["paths"]
