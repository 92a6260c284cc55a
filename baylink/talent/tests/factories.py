from collections.abc import Sequence
from datetime import date, datetime, timedelta
from itertools import count

from django.contrib.auth.models import User
from django.utils import timezone

from baylink.directory.models import City, Organisation
from baylink.directory.tests import factories as directory
from baylink.talent.models import AllocationRound, Application, HostContact, Placement, Student

_numbers = count(1)


def placement(
    host: Organisation | None = None,
    *,
    starts_on: date = date(2019, 6, 3),
    city_code: str | None = "SZ",
    capacity: int = 1,
    title_en: str = "Engineering Intern",
    **extra: object,
) -> Placement:
    return Placement.objects.create(
        host=host or directory.organisation(types=("company",)),
        city=directory.city(city_code) if city_code else None,
        title_en=title_en,
        starts_on=starts_on,
        ends_on=starts_on + timedelta(weeks=10),
        hours=400,
        capacity=capacity,
        **extra,
    )


def overseas_city() -> City:
    return City.objects.get_or_create(
        code="gn2643743", defaults={"name_en": "London", "country_code": "GB", "is_gba": False}
    )[0]


def student(
    *,
    programme: str = "BEng Computing",
    year_of_study: int = 3,
    languages: Sequence[str] = ("en", "yue"),
    user: User | None = None,
    name_en: str = "",
) -> Student:
    number = next(_numbers)
    return Student.objects.create(
        student_number=f"2{number:07d}",
        name_en=name_en or f"Student {number}",
        email=f"student{number}@example.edu.hk",
        programme=programme,
        year_of_study=year_of_study,
        languages=list(languages),
        user=user,
    )


def student_user(**kwargs: object) -> tuple[User, Student]:
    number = next(_numbers)
    user = User.objects.create_user(username=f"student-{number}", password="a-long-password-1")
    return user, student(user=user, **kwargs)  # type: ignore[arg-type]  # test helper


def host_user(organisation: Organisation) -> User:
    number = next(_numbers)
    user = User.objects.create_user(username=f"host-{number}", password="a-long-password-1")
    HostContact.objects.create(user=user, organisation=organisation)
    return user


def allocation_round(
    placements: Sequence[Placement] = (),
    *,
    status: str = AllocationRound.Status.OPEN,
    deadline: datetime | None = None,
    max_preferences: int = 3,
) -> AllocationRound:
    created = AllocationRound.objects.create(
        name=f"WIE round {next(_numbers)}",
        academic_year=2026,
        application_deadline=deadline or timezone.now() + timedelta(days=7),
        max_preferences=max_preferences,
        status=status,
    )
    created.placements.set(placements)
    return created


def apply(
    allocation_round: AllocationRound, applicant: Student, placements: Sequence[Placement]
) -> None:
    Application.objects.bulk_create(
        Application(round=allocation_round, student=applicant, placement=p, rank=rank)
        for rank, p in enumerate(placements, start=1)
    )


def user() -> User:
    """A signed-in account with no role and no student record (yet)."""
    return User.objects.create_user(username=f"user-{next(_numbers)}", password="a-long-password-1")
