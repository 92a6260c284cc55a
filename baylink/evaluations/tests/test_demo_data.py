"""Demo records: deterministic, keeping every rule the services enforce."""

from datetime import date, timedelta

import pytest

from baylink.evaluations import demo_data
from baylink.evaluations.models import HostEvaluation, PlacementRecord, StudentEvaluation
from baylink.evaluations.services import check_record
from baylink.evaluations.tests import factories
from baylink.talent.models import Student

pytestmark = pytest.mark.django_db

TODAY = date(2021, 3, 1)


def demo_placements() -> None:
    for year in (2016, 2017, 2018, 2019, 2020):
        for number in range(8):
            placement = factories.placement(
                starts_on=date(year + 1, 6, 1) + timedelta(days=number), capacity=1
            )
            placement.is_demo = True
            placement.save()


def state() -> list[tuple[object, ...]]:
    return list(
        PlacementRecord.objects.order_by("student__student_number", "placement_id").values_list(
            "student__student_number",
            "placement_id",
            "academic_year",
            "status",
            "wie_hours",
            "host_evaluation__teamwork",
            "student_evaluation__overall",
        )
    )


def test_demo_records_are_deterministic_and_keep_the_rules() -> None:
    demo_placements()
    counts = demo_data.load(seed=2019, today=TODAY)
    assert counts["demo students for WIE records"] == demo_data.OWN_STUDENTS
    assert Student.objects.filter(student_number__startswith="DE", is_demo=True).count() == 240
    # Placements that ended before today: 2016/17 to 2019/20 (June 2021 has not started yet).
    assert counts["WIE placement records"] == 4 * 8
    assert counts["host evaluations"] == HostEvaluation.objects.count() > 0
    assert counts["student evaluations"] == StudentEvaluation.objects.count() > 0
    for record in PlacementRecord.objects.select_related("placement"):
        check_record(record, today=TODAY)  # raises if a demo record breaks a rule
    evaluated = PlacementRecord.objects.filter(host_evaluation__isnull=False)
    assert set(evaluated.values_list("status", flat=True)) == {"completed"}
    first = state()
    HostEvaluation.objects.all().delete()
    StudentEvaluation.objects.all().delete()
    PlacementRecord.objects.all().delete()
    Student.objects.all().delete()
    demo_data.load(seed=2019, today=TODAY)
    assert state() == first
    PlacementRecord.objects.all().delete()
    demo_data.load(seed=7, today=TODAY)
    assert state() != first


def test_the_talent_apps_demo_students_are_used_when_there_are_some() -> None:
    demo_placements()
    mine = [factories.student(is_demo=True) for _ in range(5)]
    counts = demo_data.load(seed=2019, today=TODAY)
    assert "demo students for WIE records" not in counts
    assert counts["WIE placement records"] == 4 * 5  # as many a year as there are students
    assert set(PlacementRecord.objects.values_list("student_id", flat=True)) <= {s.pk for s in mine}


def test_the_demo_student_and_host_have_a_placement_to_evaluate() -> None:
    from django.contrib.auth.models import User

    from baylink.talent import demo_data as talent_demo
    from baylink.talent.models import HostContact

    placement = factories.placement(starts_on=date(2025, 6, 2))
    student = factories.student(
        user=User.objects.create_user(talent_demo.STUDENT_USERNAME, password="x")
    )
    HostContact.objects.create(
        user=User.objects.create_user(talent_demo.HOST_USERNAME, password="x"),
        organisation=placement.host,
    )
    [record] = demo_data._records_to_evaluate(date(2026, 12, 6))
    assert (record.student, record.placement, record.status) == (student, placement, "completed")
    assert record.academic_year == 2024
    assert not HostEvaluation.objects.exists()
    assert not StudentEvaluation.objects.exists()
