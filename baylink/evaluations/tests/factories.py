"""Test data for WIE records and evaluations, built straight through the ORM for speed."""

from datetime import date, timedelta
from itertools import count
from typing import Any

from django.contrib.auth.models import User

from baylink.accounts.models import Role
from baylink.accounts.tests.factories import staff_user
from baylink.directory.models import City
from baylink.directory.tests import factories as directory
from baylink.evaluations.models import (
    HostEvaluation,
    PlacementRecord,
    StudentEvaluation,
)
from baylink.talent.models import Placement, Student

_numbers = count(1)


def user(role: str) -> User:
    """A staff user of the role (unit coordinators get a unit, as they must)."""
    unit = directory.unit() if role == Role.UNIT_COORDINATOR else None
    return staff_user(role, unit=unit)


def student(*, programme: str = "BSc (Hons) in Computing", **values: Any) -> Student:
    number = next(_numbers)
    defaults: dict[str, Any] = {
        "student_number": f"T{number:08d}",
        "name_en": f"Student {number}",
        "name_zh": "陳大文",
        "email": f"student{number}@connect.example.edu.hk",
        "year_of_study": 3,
    }
    return Student.objects.create(programme=programme, **{**defaults, **values})


def city(code: str | None) -> City | None:
    """A GBA city by code, 'LDN' for a city outside the GBA, None for no city."""
    if code is None:
        return None
    if code == "LDN":
        found, _created = City.objects.get_or_create(
            code="gn2643743",
            defaults={"name_en": "London", "country_code": "GB", "is_gba": False},
        )
        return found
    return directory.city(code)


def placement(
    *,
    city_code: str | None = "SZ",
    starts_on: date = date(2019, 6, 3),
    weeks: int = 10,
    hours: int = 400,
    capacity: int = 2,
) -> Placement:
    return Placement.objects.create(
        host=directory.organisation(types=("company",)),
        city=city(city_code),
        title_en="Engineering Intern",
        starts_on=starts_on,
        ends_on=starts_on + timedelta(weeks=weeks),
        hours=hours,
        capacity=capacity,
    )


def record(
    *,
    student_: Student | None = None,
    placement_: Placement | None = None,
    status: str = PlacementRecord.Status.COMPLETED,
    wie_hours: int | None = None,
    academic_year: int | None = None,
    **placement_values: Any,
) -> PlacementRecord:
    """A record (completed by default, with all the placement's hours)."""
    where = placement_ or placement(**placement_values)
    completed = status == PlacementRecord.Status.COMPLETED
    return PlacementRecord.objects.create(
        student=student_ or student(),
        placement=where,
        academic_year=academic_year
        if academic_year is not None
        else (where.starts_on.year if where.starts_on.month >= 7 else where.starts_on.year - 1),
        status=status,
        wie_hours=where.hours if wie_hours is None else wie_hours,
        completed_on=where.ends_on if completed else None,
    )


HOST_RATINGS = dict.fromkeys(HostEvaluation.CRITERIA, 4)
STUDENT_RATINGS = dict.fromkeys(StudentEvaluation.CRITERIA, 4)


def host_values(**ratings: int) -> dict[str, Any]:
    return {
        "supervisor_name": "Alice Ma",
        "supervisor_title": "Engineering Manager",
        **HOST_RATINGS,
        **ratings,
        "would_host_again": True,
        "comments": "Reliable.",
        "submitted_on": date(2019, 9, 1),
    }


def student_values(**ratings: int) -> dict[str, Any]:
    return {
        **STUDENT_RATINGS,
        **ratings,
        "learning_outcomes": ["teamwork", "apply_knowledge"],
        "would_recommend": True,
        "comments": "Good.",
        "submitted_on": date(2019, 9, 1),
    }


def host_evaluation(record_: PlacementRecord, **ratings: int) -> HostEvaluation:
    return HostEvaluation.objects.create(record=record_, **host_values(**ratings))


def student_evaluation(record_: PlacementRecord, **ratings: int) -> StudentEvaluation:
    return StudentEvaluation.objects.create(record=record_, **student_values(**ratings))
