"""The portal's figures page shows the entrepreneurship figures in the three languages."""

from datetime import date

import pytest
from django.test import Client

from baylink.ventures.tests import factories

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "participants", "startups", "funding"),
    [
        (
            "en",
            "students in start-up programmes",
            "start-ups incubated in GBA cities",
            "Hong Kong dollars raised by start-ups",
        ),
        ("zh-hant", "創業計劃學生", "於大灣區城市培育的初創企業", "初創企業籌集資金（港元）"),
        ("zh-hans", "创业项目学生", "在大湾区城市孵化的初创企业", "初创企业融资金额（港元）"),
    ],
)
def test_figures_page_counts_entrepreneurship(
    client: Client, language: str, participants: str, startups: str, funding: str
) -> None:
    cohort = factories.cohort(starts_on=date(2019, 6, 24))
    for _ in range(4):
        factories.participant(cohort)
    startup = factories.startup(city_code="SZ", incubator=factories.incubator())
    factories.funding_round(startup, "1234567", on=date(2019, 3, 1))
    text = client.get(f"/{language}/figures/?academic_year=2018/19").text
    for label in (participants, startups, funding):
        assert label in text
    row = text.split('id="figure-startup_programme_participants"')[1].split("</tr>")[0]
    assert '<td class="text-end figure-count">4' in row
    row = text.split('id="figure-startup_funding_hkd"')[1].split("</tr>")[0]
    assert "1,234,567" in row
