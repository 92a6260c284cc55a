"""Test data for the directory, built straight through the ORM for speed."""

from itertools import count

from baylink.core.search import search_text
from baylink.core.trilingual import fill_conversions, trilingual_values
from baylink.directory.models import City, Organisation, OrganisationType, Person, Unit

_numbers = count(1)


def city(code: str) -> City:
    """One of the GBA cities loaded by the reference-data migration."""
    return City.objects.get(code=code)


def organisation(
    name_en: str = "",
    *,
    name_zh_hant: str = "",
    city_code: str | None = "HK",
    country_code: str = "",
    types: tuple[str, ...] = ("education",),
    is_home: bool = False,
    ror_id: str | None = None,
) -> Organisation:
    number = next(_numbers)
    place = city(city_code) if city_code else None
    record = Organisation(
        name_en=name_en or f"Test University {number}",
        name_zh_hant=name_zh_hant,
        city=place,
        country_code=country_code or (place.country_code if place else "GB"),
        is_home=is_home,
        ror_id=ror_id,
    )
    fill_conversions(record)
    record.search_text = search_text(trilingual_values(record, "name"))
    record.save()
    record.types.set(OrganisationType.objects.filter(code__in=types))
    return record


def home() -> Organisation:
    existing = Organisation.objects.filter(is_home=True).first()
    return existing or organisation(
        "The Hong Kong Polytechnic University", name_zh_hant="香港理工大學", is_home=True
    )


def unit(name_en: str = "Department of Computing", code: str = "") -> Unit:
    return Unit.objects.create(
        organisation=home(), name_en=name_en, kind=Unit.Kind.DEPARTMENT, code=code
    )


def person(name_en: str = "Chan Tai-man") -> Person:
    return Person.objects.create(name_en=name_en, organisation=home())
