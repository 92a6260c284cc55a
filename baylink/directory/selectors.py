"""Reads of the directory with what each list row shows already joined (constant queries)."""

from django.db.models import Case, IntegerField, QuerySet, Value, When

from baylink.core.chinese import fold
from baylink.core.trilingual import reader_order
from baylink.directory.cities import GBA_CITY_CODES
from baylink.directory.models import City, Organisation, Person, Unit


def organisation_list() -> QuerySet[Organisation]:
    return Organisation.objects.select_related("city").prefetch_related("types")


def person_list() -> QuerySet[Person]:
    return Person.objects.select_related("organisation", "unit")


def home_organisation_id() -> int | None:
    """The university's own organisation (at most one is marked home), or None before setup."""
    return Organisation.objects.filter(is_home=True).values_list("pk", flat=True).first()


def home_units() -> QuerySet[Unit]:
    """The university's own faculties and departments: the only units that can own or run work."""
    return Unit.objects.filter(organisation__is_home=True).order_by(reader_order(), "pk")


def gba_position() -> Case:
    """A city's place in the Outline Development Plan's order of the Greater Bay Area (Hong Kong,
    Macao, Guangzhou, Shenzhen ...); every other city after them."""
    return Case(
        *(When(code=code, then=Value(i)) for i, code in enumerate(GBA_CITY_CODES)),
        default=Value(len(GBA_CITY_CODES)),
        output_field=IntegerField(),
    )


# For a list of every city: the Greater Bay Area's first, in the plan's order.
CITY_LEAD = ("-is_gba", gba_position())


def gba_cities() -> QuerySet[City]:
    """The Greater Bay Area's cities in the plan's order, the same in every language: sorted by
    their names, a list would read in one order in English and in another in Chinese."""
    return City.objects.filter(is_gba=True).order_by(gba_position(), "name_en")


def others_named(value: str, organisation_id: int) -> list[Organisation]:
    """The other organisations with this name or alias (any script or case)."""
    key = fold(value.strip())
    return [
        other
        for other in Organisation.objects.filter(search_text__contains=key)
        .exclude(pk=organisation_id)
        .order_by("pk")
        if key in other.search_text.split(" | ")
    ]
