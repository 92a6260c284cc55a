"""The headline figures' definitions, on small hand-made data with edge dates."""

from collections.abc import Callable
from contextlib import AbstractContextManager as ContextManager
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.core.cache import cache

from baylink.accounts.models import Role
from baylink.accounts.tests.factories import staff_user
from baylink.agreements.models import Agreement
from baylink.agreements.tests.factories import agreement
from baylink.core.academic_year import AcademicYear
from baylink.directory.tests.factories import home, organisation
from baylink.expertise.models import Challenge
from baylink.expertise.services import (
    challenge_add_outcome,
    challenge_create,
    shortlist_add,
    shortlist_remove,
)
from baylink.expertise.tests import factories as expertise
from baylink.initiatives.models import Initiative
from baylink.initiatives.tests.factories import initiative
from baylink.reporting.figures import FIGURES_BY_CODE, rounded_down
from baylink.reporting.selectors import figure_series, figure_values, gba_city_partners
from baylink.research.models import KnowledgeTransferOutput
from baylink.research.services import kt_output_create, project_create
from baylink.research.tests.factories import project
from baylink.talent.tests.factories import placement
from baylink.ventures.tests import factories as ventures

pytestmark = pytest.mark.django_db

Y2018 = AcademicYear(2018)


def value(code: str, year: AcademicYear = Y2018) -> int:
    return FIGURES_BY_CODE[code].count(year)


def kt_output(kind: str, occurred_on: date, **money: Any) -> KnowledgeTransferOutput:
    reference = f"KT-{kind}-{occurred_on.isoformat()}"
    return kt_output_create(
        actor=None,
        reference=reference,
        kind=kind,
        occurred_on=occurred_on,
        title_en=reference,
        **money,
    )


def test_kt_figures_count_outputs_and_add_their_income_in_hong_kong_dollars() -> None:
    kt_output("patent_filed", date(2018, 7, 1))  # the year's first day
    kt_output("patent_filed", date(2019, 6, 30))  # its last day
    kt_output("patent_filed", date(2019, 7, 1))  # the next year's
    kt_output("patent_granted", date(2018, 12, 1))
    kt_output("contract", date(2018, 10, 1), income=Decimal("1000.50"))  # HKD: as it is
    kt_output(
        "consultancy",
        date(2018, 12, 1),
        income=Decimal("50000"),
        currency="CNY",
        income_hkd=Decimal("55000.40"),  # what was recorded, not a rate Baylink guessed
    )
    kt_output("licence", date(2019, 7, 1), income=Decimal("100000"))  # the next year's
    assert (value("patents_filed"), value("patents_granted"), value("licences")) == (2, 1, 0)
    assert value("kt_income_hkd") == 56001  # 56,000.90 to the dollar
    assert value("kt_income_hkd", AcademicYear(2019)) == 100000
    assert FIGURES_BY_CODE["kt_income_hkd"].unit == "hkd"


def test_research_projects_count_any_day_of_the_year() -> None:
    project(starts_on=date(2017, 1, 1), ends_on=date(2018, 6, 30))  # ended the day before
    project(starts_on=date(2017, 1, 1), ends_on=date(2018, 7, 1))  # first day counts
    project(starts_on=date(2019, 6, 30), ends_on=None)  # last day counts, open-ended
    project(starts_on=date(2019, 7, 1), ends_on=None)  # next year
    assert value("research_projects") == 2
    assert value("research_projects", AcademicYear(2019)) == 2


def test_academic_agreements_are_counted_as_at_30_june() -> None:
    agreement(starts_on=date(2015, 1, 1), ends_on=date(2019, 6, 30))  # in force on the day
    agreement(starts_on=date(2015, 1, 1), ends_on=date(2019, 6, 29))  # ended the day before
    agreement(signed_on=date(2019, 6, 1), starts_on=date(2019, 7, 1), ends_on=None)  # not started
    agreement(signed_on=None, starts_on=date(2018, 1, 1), ends_on=None)  # a draft
    agreement(kind=Agreement.Kind.INTERNSHIP_HOST, ends_on=None)  # not academic
    agreement(ends_on=None, terminated_on=date(2019, 6, 30))  # terminated that day
    agreement(ends_on=None, terminated_on=date(2019, 7, 1), kind=Agreement.Kind.STUDENT_EXCHANGE)
    agreement(signed_on=date(2017, 1, 1), starts_on=None, ends_on=None)  # no start: from signing
    assert value("academic_agreements") == 3
    figure = FIGURES_BY_CODE["academic_agreements"]
    assert figure.as_at(Y2018) == date(2019, 6, 30)


def test_partners_are_distinct_across_agreements_initiatives_and_projects() -> None:
    shared, lab_only, project_only, lapsed = (organisation() for _ in range(4))
    agreement(shared, ends_on=date(2018, 7, 1))
    initiative(shared, lab_only)
    project(shared, project_only)
    agreement(lapsed, ends_on=date(2018, 6, 30))
    initiative(lapsed, status=Initiative.Status.PLANNED)
    initiative(lapsed, starts_on=date(2019, 7, 1))
    assert value("partners") == 3


def test_the_home_institution_is_never_a_partner() -> None:
    university = home()
    project(university)
    initiative(university)
    assert value("partners") == 0


def test_exchange_partners_come_only_from_exchange_agreements() -> None:
    exchange, other = organisation(country_code="JP", city_code=None), organisation()
    agreement(exchange, kind=Agreement.Kind.STUDENT_EXCHANGE, starts_on=date(2019, 6, 30))
    agreement(other, kind=Agreement.Kind.RESEARCH)
    agreement(exchange, kind=Agreement.Kind.STUDENT_EXCHANGE)
    assert value("exchange_partners") == 1


def test_gba_figures_leave_hong_kong_out() -> None:
    agreement(
        organisation(city_code="SZ"), organisation(city_code="HK"), organisation(city_code="MO")
    )
    placement(city_code="SZ")
    placement(city_code="HK")
    placement(city_code="GZ", starts_on=date(2019, 7, 1))
    assert value("gba_partners") == 2
    assert value("wie_placements") == 2
    assert value("gba_placements") == 1


def test_city_partner_counts_cover_every_gba_city() -> None:
    agreement(
        organisation(city_code="SZ"), organisation(city_code="SZ"), organisation(city_code="ZH")
    )
    counts = {row.city.code: row.partners for row in gba_city_partners(Y2018)}
    assert len(counts) == 11
    assert counts["SZ"] == 2
    assert counts["ZH"] == 1
    assert counts["JM"] == 0


@pytest.mark.parametrize(
    ("count", "shown"), [(3127, 3000), (368, 350), (262, 250), (47, 40), (7, 7), (1000, 1000)]
)
def test_rounding_like_the_public_page(count: int, shown: int) -> None:
    assert rounded_down(count) == shown


def test_displayed_values_say_at_least_only_when_rounded() -> None:
    for _ in range(3):
        project()
    shown = {item.figure.code: item.display for item in figure_values(Y2018)}
    assert shown["research_projects"] == "3"
    assert shown["academic_agreements"] == "0"


def test_figures_follow_edits_despite_the_cache(
    django_capture_on_commit_callbacks: Callable[..., ContextManager[list[Callable[[], Any]]]],
) -> None:
    assert figure_values(Y2018, ("research_projects",))[0].value == 0
    with django_capture_on_commit_callbacks(execute=True):
        project_create(actor=None, reference="R-1", title_en="New", starts_on=date(2018, 9, 1))
    assert figure_values(Y2018, ("research_projects",))[0].value == 1


def challenge(
    received_on: date, *, status: str = Challenge.Status.OPEN, shortlisted: bool = False
) -> Challenge:
    officer = expertise.staff()
    stored = challenge_create(actor=officer, text="Robots jam", received_on=received_on)
    if shortlisted:
        shortlist_add(actor=officer, challenge=stored, profile=expertise.profile())
    Challenge.objects.filter(pk=stored.pk).update(status=status)
    return stored


def test_industry_challenges_count_by_the_day_received_leaving_out_closed_empty_ones(
    django_capture_on_commit_callbacks: Callable[..., ContextManager[list[Callable[[], Any]]]],
) -> None:
    challenge(date(2018, 7, 1))
    challenge(date(2019, 6, 30), status=Challenge.Status.MATCHED, shortlisted=True)
    challenge(date(2019, 7, 1))  # the next academic year
    challenge(date(2018, 12, 1), status=Challenge.Status.CLOSED)  # spam: nobody shortlisted
    kept = challenge(date(2018, 12, 1), status=Challenge.Status.CLOSED, shortlisted=True)
    assert value("industry_challenges") == 3
    assert figure_values(Y2018, ("industry_challenges",))[0].value == 3
    # A write through the services is counted at once, though the figure was cached.
    with django_capture_on_commit_callbacks(execute=True):
        shortlist_remove(actor=expertise.staff(), entry=kept.entries.get())
    assert figure_values(Y2018, ("industry_challenges",))[0].value == 2
    with django_capture_on_commit_callbacks(execute=True):
        challenge_create(actor=expertise.staff(), text="Cranes", received_on=date(2019, 1, 2))
    assert figure_values(Y2018, ("industry_challenges",))[0].value == 3
    # What one led to counts as soon as it is recorded, whenever the contract was signed.
    assert figure_values(Y2018, ("industry_challenges_with_outcomes",))[0].value == 0
    with django_capture_on_commit_callbacks(execute=True):
        challenge_add_outcome(
            actor=staff_user(Role.PARTNERSHIP_OFFICER),
            challenge=kept,
            output=kt_output("contract", date(2021, 3, 1)),
        )
    assert figure_values(Y2018, ("industry_challenges_with_outcomes",))[0].value == 1
    # A challenge closed with nobody shortlisted still counts once it led to something: the
    # subset never exceeds the total.
    spam_like = challenge(date(2018, 12, 2), status=Challenge.Status.CLOSED)
    assert value("industry_challenges") == 4  # `kept`, closed and emptied, led to a contract
    with django_capture_on_commit_callbacks(execute=True):
        challenge_add_outcome(
            actor=staff_user(Role.PARTNERSHIP_OFFICER),
            challenge=spam_like,
            output=kt_output("consultancy", date(2021, 4, 1)),
        )
    assert value("industry_challenges") == 5
    assert value("industry_challenges_with_outcomes") == 2


def test_a_series_counted_together_equals_each_year_counted_alone(
    django_assert_max_num_queries: Callable[..., ContextManager[Any]],
) -> None:
    exchange, lab, project_partner = (organisation(city_code="SZ") for _ in range(3))
    agreement(exchange, kind=Agreement.Kind.STUDENT_EXCHANGE, starts_on=date(2017, 3, 1))
    agreement(organisation(), starts_on=date(2019, 1, 1), ends_on=date(2021, 6, 30))
    agreement(ends_on=None, terminated_on=date(2020, 7, 1))
    initiative(lab, starts_on=date(2018, 9, 1), ends_on=date(2020, 1, 1))
    project(project_partner, starts_on=date(2016, 8, 1), ends_on=date(2017, 2, 1))
    placement(city_code="SZ", starts_on=date(2019, 9, 1))
    placement(city_code="HK", starts_on=date(2020, 9, 1))
    kt_output("licence", date(2019, 7, 1), income=Decimal("100000"))
    kt_output("spin_off", date(2020, 6, 30))
    startup = ventures.startup(city_code="SZ", incubator=ventures.incubator())
    ventures.funding_round(startup, "250000.40", on=date(2019, 6, 30))
    ventures.funding_round(startup, "780000", on=date(2019, 7, 1))
    challenge(date(2019, 6, 30))
    challenge(date(2019, 7, 1), status=Challenge.Status.CLOSED)  # nobody shortlisted
    led = challenge(date(2019, 7, 1), status=Challenge.Status.CLOSED, shortlisted=True)
    contract = kt_output("contract", date(2021, 1, 5), income=Decimal("30000"))
    led.outcomes.add(contract, kt_output("licence", date(2021, 2, 1)))
    challenge(date(2020, 1, 1)).outcomes.add(contract)  # two challenges name it: counted once
    years = AcademicYear.span(AcademicYear(2016), AcademicYear(2022))
    expected = {
        code: [figure.count(year) for year in years] for code, figure in FIGURES_BY_CODE.items()
    }
    cache.clear()
    # 11 figures over 7 years. Year by year that was about 100 queries; now the partner,
    # exchange, agreement and GBA placement figures take one to five for all years together.
    with django_assert_max_num_queries(60):
        series = figure_series(years)
    assert series == expected
    assert expected["partners"] != [expected["partners"][0]] * len(years)  # the years differ
    assert expected["startup_funding_hkd"][2:5] == [250000, 780000, 0]
    assert expected["industry_challenges"][2:5] == [1, 2, 0]
    assert expected["industry_challenges_with_outcomes"][2:5] == [0, 2, 0]
    assert expected["challenge_kt_income_hkd"][4:6] == [30000, 0]  # 2020/21, by the KT date
