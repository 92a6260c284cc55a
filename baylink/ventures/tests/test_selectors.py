"""The figures' arithmetic, per academic year (1 July - 30 June), checked by hand."""

from datetime import date

import pytest
from django.core.cache import cache

from baylink.core.academic_year import AcademicYear
from baylink.directory.models import City
from baylink.reporting.figures import FIGURES_BY_CODE, HEADLINE_CODES
from baylink.reporting.selectors import figure_values
from baylink.ventures.models import Participant
from baylink.ventures.selectors import (
    funding_raised_hkd,
    programme_participants,
    startups_incubated_in_gba,
)
from baylink.ventures.tests import factories

pytestmark = pytest.mark.django_db

Y2018, Y2019 = AcademicYear(2018), AcademicYear(2019)


def test_participants_count_students_holding_a_place_once_per_year() -> None:
    june = factories.cohort(starts_on=date(2019, 6, 30))  # 2018/19: its last day
    july = factories.cohort(starts_on=date(2019, 7, 1))  # 2019/20: its first day
    twice, once, later = factories.student(), factories.student(), factories.student()
    factories.participant(june, twice)
    factories.participant(june, once, status=Participant.Status.COMPLETED)
    factories.participant(june, status=Participant.Status.APPLIED)
    factories.participant(june, status=Participant.Status.WITHDRAWN)
    other_june = factories.cohort(starts_on=date(2018, 7, 1))  # 2018/19 too
    factories.participant(other_june, twice)
    factories.participant(july, twice)
    factories.participant(july, later)
    # 2018/19: twice (two cohorts, counted once) + once = 2; 2019/20: twice + later = 2.
    assert programme_participants(Y2018) == 2
    assert programme_participants(Y2019) == 2
    factories.participant(july, status=Participant.Status.COMPLETED)
    assert programme_participants(Y2019) == 3
    assert programme_participants(AcademicYear(2017)) == 0


def test_startups_incubated_in_gba_cities_while_active() -> None:
    institute = factories.incubator()
    london = City.objects.create(code="gn2643743", name_en="London", country_code="GB")
    factories.startup(city_code="SZ", incubator=institute)  # counts
    factories.startup(city_code="HK", incubator=institute)  # counts: Hong Kong is in the GBA
    factories.startup(city_code="SZ")  # not incubated
    outside = factories.startup(city_code="SZ", incubator=institute)
    outside.city = london
    outside.save()
    factories.startup(city_code="GZ", incubator=institute, founded_on=None)  # no founding day
    factories.startup(city_code="GZ", incubator=institute, founded_on=date(2019, 7, 1))
    factories.startup(  # closed on the last day of 2018/19: active in 2018/19 only
        city_code="DG",
        incubator=institute,
        founded_on=date(2017, 1, 1),
        closed_on=date(2019, 6, 30),
    )
    factories.startup(  # closed before 2018/19 began
        city_code="DG",
        incubator=institute,
        founded_on=date(2016, 1, 1),
        closed_on=date(2018, 6, 30),
    )
    # 2018/19: SZ + HK + DG(closed 30 June 2019) = 3; 2019/20: SZ + HK + GZ(founded 1 July) = 3.
    assert startups_incubated_in_gba(Y2018) == 3
    assert startups_incubated_in_gba(Y2019) == 3
    # 2017/18: only the two DG start-ups (the others were founded in 2019).
    assert startups_incubated_in_gba(AcademicYear(2017)) == 2


def test_funding_rounds_are_summed_in_hong_kong_dollars_by_the_day_they_closed() -> None:
    startup = factories.startup()
    factories.funding_round(startup, "1000000", on=date(2019, 6, 30))
    factories.funding_round(startup, "250000.40", on=date(2018, 7, 1))
    factories.funding_round(
        startup, "100000", on=date(2019, 7, 1), currency="USD", amount_hkd="780000"
    )
    factories.funding_round(
        startup, "5000", on=date(2020, 6, 30), currency="CNY", amount_hkd="5400.50"
    )
    cohort = factories.cohort()
    cohort.outcomes.create(kind="award", occurred_on=date(2019, 1, 1), amount=9, amount_hkd=9)
    startup.outcomes.create(kind="award", occurred_on=date(2019, 1, 1), amount=7, amount_hkd=7)
    # 2018/19: 1,000,000 + 250,000.40 -> 1,250,000; 2019/20: 780,000 + 5,400.50 -> 785,401.
    assert funding_raised_hkd(Y2018) == 1_250_000
    assert funding_raised_hkd(Y2019) == 785_401
    assert funding_raised_hkd(AcademicYear(2020)) == 0


def test_the_figures_are_registered_after_the_headline_ones() -> None:
    cohort = factories.cohort(starts_on=date(2019, 6, 24))
    for _ in range(3):
        factories.participant(cohort)
    startup = factories.startup(city_code="SZ", incubator=factories.incubator())
    factories.funding_round(startup, "500", on=date(2019, 5, 1))
    cache.clear()
    values = {item.figure.code: item.value for item in figure_values(Y2018)}
    assert values["startup_programme_participants"] == 3
    assert values["gba_startups"] == 1
    assert values["startup_funding_hkd"] == 500
    assert HEADLINE_CODES == (
        "research_projects",
        "partners",
        "exchange_partners",
        "academic_agreements",
    )
    assert all(
        FIGURES_BY_CODE[code].basis == "academic_year" for code in values if "startup" in code
    )
