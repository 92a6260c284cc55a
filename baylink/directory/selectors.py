"""Reads of the directory with what each list row shows already joined (constant queries)."""

from django.db.models import QuerySet

from baylink.directory.models import Organisation, Person, Unit


def organisation_list() -> QuerySet[Organisation]:
    return Organisation.objects.select_related("city").prefetch_related("types")


def person_list() -> QuerySet[Person]:
    return Person.objects.select_related("organisation", "unit")


def home_organisation_id() -> int | None:
    """The university's own organisation (at most one is marked home), or None before setup."""
    return Organisation.objects.filter(is_home=True).values_list("pk", flat=True).first()


def home_units() -> QuerySet[Unit]:
    """The university's own faculties and departments: the only units that can own or run work."""
    return Unit.objects.filter(organisation__is_home=True)
