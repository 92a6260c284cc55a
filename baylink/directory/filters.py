"""One filter set for organisation lists: the public partner list, staff lists, exports, the API."""

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from baylink.core.choices import NameChoiceFilter
from baylink.core.countries import country_choices
from baylink.core.filters import SortedFilterSet
from baylink.core.search import search_filter
from baylink.core.trilingual import localized_order
from baylink.directory.models import City, Organisation, OrganisationType, Person
from baylink.directory.selectors import CITY_LEAD, home_units

SORTS = {
    "name": _("Name"),
    "-name": _("Name, Z to A"),
    "country": _("Country or region"),
    "city": _("City"),
}


class OrganisationFilterSet(SortedFilterSet):
    default_sort = "name"

    q = django_filters.CharFilter(label=_("Search"), method="search", max_length=200)
    city = NameChoiceFilter(
        label=_("City"), queryset=City.objects.all(), to_field_name="code", lead=CITY_LEAD
    )
    type = django_filters.ChoiceFilter(
        label=_("Type"), choices=OrganisationType.Code.choices, field_name="types"
    )
    country = django_filters.ChoiceFilter(
        label=_("Country or region"), choices=country_choices, field_name="country_code"
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"), choices=list(SORTS.items()), method="sort_by", empty_label=None
    )

    class Meta:
        model = Organisation
        fields = ["q", "city", "type", "country", "sort"]

    def search(self, queryset: QuerySet[Organisation], name: str, value: str) -> QuerySet[Any]:
        return queryset.filter(search_filter(value))

    def sort_by(self, queryset: QuerySet[Organisation], name: str, value: str) -> QuerySet[Any]:
        name_column = localized_order("name")
        order = {
            "name": [name_column, "pk"],
            "-name": [f"-{name_column}", "-pk"],
            "country": ["country_code", name_column, "pk"],
            "city": [f"city__{name_column}", name_column, "pk"],
        }[value or "name"]
        return queryset.order_by(*order)


class StaffOrganisationFilterSet(OrganisationFilterSet):
    """The staff list also filters by partner status and ROR record status."""

    is_partner = django_filters.BooleanFilter(label=_("Partner"))
    status = django_filters.ChoiceFilter(label=_("ROR status"), choices=Organisation.Status.choices)

    class Meta(OrganisationFilterSet.Meta):
        fields = ["q", "city", "type", "country", "is_partner", "status", "sort"]


PERSON_SORTS = {
    "name": pgettext_lazy("person", "Name"),
    "-name": _("Name, Z to A"),
    "-updated": _("Recently changed"),
}


class PersonFilterSet(SortedFilterSet):
    default_sort = "name"

    q = django_filters.CharFilter(label=_("Search"), method="search", max_length=200)
    unit = NameChoiceFilter(label=_("Unit"), queryset=home_units())
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"), choices=list(PERSON_SORTS.items()), method="sort_by", empty_label=None
    )

    class Meta:
        model = Person
        fields = ["q", "unit", "sort"]

    def search(self, queryset: QuerySet[Person], name: str, value: str) -> QuerySet[Any]:
        return queryset.filter(search_filter(value))

    def sort_by(self, queryset: QuerySet[Person], name: str, value: str) -> QuerySet[Any]:
        column = localized_order("name")
        order = {
            "name": [column, "pk"],
            "-name": [f"-{column}", "-pk"],
            "-updated": ["-updated_at", "-pk"],
        }[value or "name"]
        return queryset.order_by(*order)
