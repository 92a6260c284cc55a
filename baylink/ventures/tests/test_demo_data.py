"""The demo records: the seed page's 2019 programme, generated cohorts, the same every time."""

import time
from datetime import date

import pytest

from baylink.core.academic_year import AcademicYear
from baylink.initiatives.models import Initiative
from baylink.talent.models import Student
from baylink.ventures import demo_data
from baylink.ventures.models import Cohort, Founder, Outcome, Participant, Programme, Startup
from baylink.ventures.selectors import (
    funding_raised_hkd,
    programme_participants,
    startups_incubated_in_gba,
)
from baylink.ventures.tests import factories

pytestmark = pytest.mark.django_db

TODAY = date(2026, 12, 2)


def _picture() -> list[tuple[object, ...]]:
    startups = Startup.objects.order_by("name_en").values_list(
        "name_en", "stage", "city__code", "founded_on", "funding_raised"
    )
    participants = Participant.objects.order_by("cohort__starts_on", "student__student_number")
    return [*startups, *participants.values_list("student__student_number", "status", "team")]


def test_the_seed_pages_programme_and_a_decade_of_cohorts() -> None:
    institute = factories.incubator()  # the seed page's institute, loaded before us
    Initiative.objects.filter(pk=institute.pk).update(slug="gba-i3")
    started = time.perf_counter()
    counts = demo_data.load(seed=2019, today=TODAY)
    assert time.perf_counter() - started < 10  # kept fast: written in bulk

    seed = Cohort.objects.get(programme__slug=demo_data.SEED_PROGRAMME, starts_on__year=2019)
    assert seed.duration_days == 50
    assert seed.year == AcademicYear(2018)
    assert seed.participants.filter(status="completed").count() == 78
    assert set(seed.cities.values_list("code", flat=True)) >= {"SZ"}
    assert seed.programme.organiser_id == institute.pk
    assert seed.programme.name_zh_hant == "大灣區國際創新學院浸沉式創業活動"
    assert seed.programme.name_zh_hans == "大湾区国际创新学院沉浸式创业活动"
    years = set(Cohort.objects.values_list("academic_year", flat=True))
    assert min(years) == 2016
    assert max(years) == 2025
    assert set(Programme.objects.values_list("kind", flat=True)) == set(Programme.Kind.values)
    # No demo students existed, so the loader made its own.
    assert Student.objects.filter(student_number__startswith="DV", is_demo=True).exists()
    assert counts["start-up programme participants"] == Participant.objects.count()
    assert counts["start-up outcomes"] == Outcome.objects.count()
    assert programme_participants(AcademicYear(2018)) >= 78
    assert sum(funding_raised_hkd(AcademicYear(y)) for y in range(2016, 2026)) > 0
    assert Founder.objects.exists()
    assert startups_incubated_in_gba(AcademicYear(2023)) > 0

    first = _picture()
    for model in (Outcome, Founder, Participant, Startup, Cohort, Programme):
        model.objects.all().delete()
    demo_data.load(seed=2019, today=TODAY)
    assert _picture() == first
