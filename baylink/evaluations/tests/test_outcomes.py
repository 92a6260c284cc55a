"""The outcome report's arithmetic, checked by hand on a small set of records that crosses
academic-year boundaries (a placement from June to August counts in either year)."""

from dataclasses import dataclass
from datetime import date

import pytest

from baylink.core.academic_year import AcademicYear
from baylink.evaluations.models import PlacementRecord
from baylink.evaluations.outcomes import (
    ACADEMIC_YEAR,
    CITY,
    PROGRAMME,
    REGION,
    OutcomeFilters,
    OutcomeRow,
    outcome_report,
    report_table,
)
from baylink.evaluations.tests import factories

pytestmark = pytest.mark.django_db

Status = PlacementRecord.Status
COMPUTING = "BSc (Hons) in Computing"
NURSING = "BSc (Hons) in Nursing"


@dataclass
class World:
    records: dict[str, PlacementRecord]


@pytest.fixture
def world() -> World:
    """Seven records of four students on four placements (see each figure's working below).

    r1 s1 Computing  Shenzhen   2018/19 completed 400h  host 4.0  student 4.0
    r2 s2 Computing  Shenzhen   2019/20 completed 300h  host 3.33 (June-August, later year)
    r3 s3 Nursing    Shenzhen   2018/19 withdrawn  50h
    r4 s1 Computing  Hong Kong  2019/20 completed 200h            student 2.0
    r5 s4 Nursing    Hong Kong  2019/20 in progress 80h
    r6 s3 Nursing    London     2018/19 completed 300h  host 5.0
    r7 s2 Computing  Guangzhou  2020/21 completed 240h
    """
    s1, s2 = factories.student(programme=COMPUTING), factories.student(programme=COMPUTING)
    s3, s4 = factories.student(programme=NURSING), factories.student(programme=NURSING)
    shenzhen = factories.placement(
        city_code="SZ", starts_on=date(2019, 6, 3), hours=400, capacity=3
    )
    hong_kong = factories.placement(city_code="HK", starts_on=date(2019, 9, 2), hours=200)
    london = factories.placement(city_code="LDN", starts_on=date(2018, 7, 2), hours=300)
    guangzhou = factories.placement(city_code="GZ", starts_on=date(2020, 7, 6), hours=240)
    r1 = factories.record(student_=s1, placement_=shenzhen)
    r2 = factories.record(student_=s2, placement_=shenzhen, wie_hours=300, academic_year=2019)
    r3 = factories.record(student_=s3, placement_=shenzhen, status=Status.WITHDRAWN, wie_hours=50)
    r4 = factories.record(student_=s1, placement_=hong_kong)
    r5 = factories.record(
        student_=s4, placement_=hong_kong, status=Status.IN_PROGRESS, wie_hours=80
    )
    r6 = factories.record(student_=s3, placement_=london)
    r7 = factories.record(student_=s2, placement_=guangzhou)
    factories.host_evaluation(r1)  # all 4: 4.0
    factories.student_evaluation(
        r1, supervision=5, learning=5, relevance=4, workload=3, overall=3
    )  # 20 / 5 = 4.0
    factories.host_evaluation(
        r2,
        preparation=3,
        quality_of_work=3,
        initiative=3,
        communication=3,
        teamwork=3,
        professionalism=5,
    )  # 20 / 6
    factories.student_evaluation(r4, supervision=2, learning=2, relevance=2, workload=2, overall=2)
    factories.host_evaluation(
        r6,
        preparation=5,
        quality_of_work=5,
        initiative=5,
        communication=5,
        teamwork=5,
        professionalism=5,
    )
    return World({"r1": r1, "r2": r2, "r3": r3, "r4": r4, "r5": r5, "r6": r6, "r7": r7})


def figures(row: OutcomeRow) -> tuple[object, ...]:
    return (
        row.placements,
        row.students,
        row.completed,
        row.withdrawn,
        row.in_progress,
        row.total_hours,
    )


def test_by_academic_year(world: World) -> None:
    report = outcome_report(dimensions=[ACADEMIC_YEAR], filters=OutcomeFilters())
    assert [row.groups for row in report.rows] == [["2018/19"], ["2019/20"], ["2020/21"]]
    first, second, third = report.rows
    # 2018/19: r1, r3, r6 — students s1, s3; r3 withdrew.
    assert figures(first) == (3, 2, 2, 1, 0, 400 + 300)
    assert first.completion_rate == pytest.approx(2 / 3)
    assert first.average_hours == pytest.approx(350)
    assert first.host_evaluations == 2
    assert first.host_rating == pytest.approx((4 + 5) / 2)
    assert first.student_evaluations == 1
    assert first.student_rating == pytest.approx(4.0)
    # 2019/20: r2 (a June placement counted in the year it ends), r4, r5 (still running).
    assert figures(second) == (3, 3, 2, 0, 1, 300 + 200)
    assert second.completion_rate == 1.0  # the running placement has no outcome yet
    assert second.average_hours == pytest.approx(250)
    assert second.host_rating == pytest.approx(20 / 6)
    assert second.student_rating == pytest.approx(2.0)
    # 2020/21: r7 alone, not evaluated.
    assert figures(third) == (1, 1, 1, 0, 0, 240)
    assert (third.host_rating, third.student_rating) == (None, None)
    # Totals count each student once, though s1, s2 and s3 appear in two years.
    totals = report.totals
    assert figures(totals) == (7, 4, 5, 1, 1, 700 + 500 + 240)
    assert totals.completion_rate == pytest.approx(5 / 6)
    assert totals.average_hours == pytest.approx(1440 / 5)
    assert totals.host_rating == pytest.approx((4 + 20 / 6 + 5) / 3)
    assert totals.student_rating == pytest.approx((4 + 2) / 2)


def test_by_region_hong_kong_apart_from_the_other_gba_cities(world: World) -> None:
    report = outcome_report(dimensions=[REGION], filters=OutcomeFilters())
    rows = {row.groups[0]: row for row in report.rows}
    assert list(rows) == ["Hong Kong", "Other GBA cities", "Elsewhere"]
    assert figures(rows["Hong Kong"]) == (2, 2, 1, 0, 1, 200)
    assert rows["Hong Kong"].completion_rate == 1.0
    gba = rows["Other GBA cities"]  # r1, r2, r3 in Shenzhen, r7 in Guangzhou
    assert figures(gba) == (4, 3, 3, 1, 0, 400 + 300 + 240)
    assert gba.completion_rate == pytest.approx(3 / 4)
    assert gba.average_hours == pytest.approx(940 / 3)
    assert gba.host_rating == pytest.approx((4 + 20 / 6) / 2)
    assert figures(rows["Elsewhere"]) == (1, 1, 1, 0, 0, 300)
    assert rows["Elsewhere"].host_rating == pytest.approx(5.0)


def test_by_gba_city(world: World) -> None:
    report = outcome_report(dimensions=[CITY], filters=OutcomeFilters(region="gba"))
    assert [(row.groups[0], row.placements, row.total_hours) for row in report.rows] == [
        ("Guangzhou", 1, 240),
        ("Shenzhen", 3, 700),
    ]
    assert report.totals.placements == 4


def test_by_programme(world: World) -> None:
    report = outcome_report(dimensions=[PROGRAMME], filters=OutcomeFilters())
    rows = {row.groups[0]: row for row in report.rows}
    assert figures(rows[COMPUTING]) == (4, 2, 4, 0, 0, 400 + 300 + 200 + 240)
    assert figures(rows[NURSING]) == (3, 2, 1, 1, 1, 300)
    assert rows[NURSING].completion_rate == pytest.approx(0.5)


def test_two_dimensions_and_filters(world: World) -> None:
    report = outcome_report(dimensions=[REGION, ACADEMIC_YEAR], filters=OutcomeFilters())
    # Grouped in the report's order of dimensions: academic year first, then region.
    assert [row.groups for row in report.rows] == [
        ["2018/19", "Other GBA cities"],
        ["2018/19", "Elsewhere"],
        ["2019/20", "Hong Kong"],
        ["2019/20", "Other GBA cities"],
        ["2020/21", "Other GBA cities"],
    ]
    later = outcome_report(
        dimensions=[PROGRAMME],
        filters=OutcomeFilters(first_year=AcademicYear(2019), programme=COMPUTING),
    )
    assert figures(later.totals) == (3, 2, 3, 0, 0, 300 + 200 + 240)
    only = outcome_report(
        dimensions=[ACADEMIC_YEAR],
        filters=OutcomeFilters(last_year=AcademicYear(2018), city="SZ"),
    )
    assert figures(only.totals) == (2, 2, 1, 1, 0, 400)


def test_no_records_means_no_rates() -> None:
    report = outcome_report(dimensions=[ACADEMIC_YEAR], filters=OutcomeFilters())
    assert report.rows == []
    assert figures(report.totals) == (0, 0, 0, 0, 0, 0)
    assert report.totals.completion_rate is None
    assert report.totals.average_hours is None


def test_the_table_for_files_rounds_and_names_no_one(world: World) -> None:
    columns, rows = report_table(
        outcome_report(dimensions=[ACADEMIC_YEAR], filters=OutcomeFilters())
    )
    assert columns[:3] == ["Academic year", "Placements", "Students"]
    assert rows[0][:3] == ["2018/19", 3, 2]
    by_column = dict(zip(columns, rows[0], strict=True))
    assert by_column["Completion rate"] == 0.667
    assert by_column["Average host rating"] == 4.5
    assert rows[-1][0] == "Total"
    assert dict(zip(columns, rows[-1], strict=True))["Average host rating"] == 4.11
    text = repr(rows)
    for record in world.records.values():
        assert record.student.student_number not in text
        assert record.student.name_en not in text
