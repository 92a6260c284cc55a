"""Test data for entrepreneurship records, built straight through the ORM for speed."""

from datetime import date
from decimal import Decimal
from itertools import count

from baylink.directory.tests.factories import city
from baylink.initiatives.models import Initiative
from baylink.initiatives.tests.factories import initiative
from baylink.talent.models import Student
from baylink.ventures.models import Cohort, Founder, Outcome, Participant, Programme, Startup

_numbers = count(1)


def student(name_en: str = "", *, number: str = "") -> Student:
    serial = next(_numbers)
    return Student.objects.create(
        student_number=number or f"T{serial:07d}",
        name_en=name_en or f"Student {serial}",
        name_zh="陳大文",
        email=f"student{serial}@connect.example.edu.hk",
        programme="BSc (Hons) in Computing",
        year_of_study=2,
    )


def programme(
    *, kind: str = Programme.Kind.IMMERSIVE, organiser: Initiative | None = None, name_en: str = ""
) -> Programme:
    serial = next(_numbers)
    return Programme.objects.create(
        slug=f"programme-{serial}",
        kind=kind,
        organiser=organiser,
        name_en=name_en or f"Start-up Programme {serial}",
    )


def cohort(
    source: Programme | None = None,
    *,
    starts_on: date = date(2019, 6, 24),
    ends_on: date | None = None,
    capacity: int | None = None,
) -> Cohort:
    record = Cohort(
        programme=source or programme(),
        starts_on=starts_on,
        ends_on=ends_on or starts_on,
        capacity=capacity,
    )
    record.full_clean()
    record.save()
    return record


def participant(
    source: Cohort, who: Student | None = None, *, status: str = Participant.Status.ADMITTED
) -> Participant:
    return Participant.objects.create(cohort=source, student=who or student(), status=status)


def startup(
    *,
    city_code: str | None = "SZ",
    incubator: Initiative | None = None,
    founded_on: date | None = date(2019, 3, 1),
    closed_on: date | None = None,
    name_en: str = "",
) -> Startup:
    serial = next(_numbers)
    return Startup.objects.create(
        name_en=name_en or f"Start-up {serial}",
        city=city(city_code) if city_code else None,
        incubator=incubator,
        founded_on=founded_on,
        closed_on=closed_on,
        status=Startup.Status.CLOSED if closed_on else Startup.Status.ACTIVE,
    )


def incubator() -> Initiative:
    return initiative(kind=Initiative.Kind.INSTITUTE, name_en="GBA Institute for Innovation")


def funding_round(
    source: Startup, amount: str, *, on: date, currency: str = "HKD", amount_hkd: str = ""
) -> Outcome:
    return Outcome.objects.create(
        startup=source,
        kind=Outcome.Kind.FUNDING_ROUND,
        occurred_on=on,
        amount=Decimal(amount),
        currency=currency,
        amount_hkd=Decimal(amount_hkd or amount),
    )


def student_founder(source: Startup, who: Student | None = None) -> Founder:
    return Founder.objects.create(startup=source, student=who or student())
